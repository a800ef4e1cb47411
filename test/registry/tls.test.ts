// TLS against a real docker-registry serving HTTPS on loopback. The registry is reached by the
// name its certificate is for (registry.test, pointed at 127.0.0.1 by the transport's resolver,
// as /etc/hosts would), so it is not a loopback name and TLS is verified as for any registry:
// refused without the CA, accepted with caFile, and unverified only when listed as insecure.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import * as path from 'node:path';
import { tempDir } from '../helpers/tmp';
import { RegistryServer, haveRegistry, startRegistry } from '../fixtures/registry/registry-server';
import { haveSkopeo, skopeoPush } from '../fixtures/registry/oci-images';
import { tarOf, writeGzipLayout } from '../fixtures/registry/gzip-layout';
import { LadingConfig } from '../../src/engine/config/config';
import { Store } from '../../src/engine/store/store';
import { pull } from '../../src/engine/ops/pull';
import { push } from '../../src/engine/ops/push';
import { setTag } from '../../src/engine/store/index-entries';
import { listImages } from '../../src/engine/store/images';

const NAME = 'registry.test';

/** registry.test is 127.0.0.1; any other name fails here, so no test ever asks a real resolver. */
const lookup = ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
  if (hostname !== NAME) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }));
  if (options?.all) return callback(null, [{ address: '127.0.0.1', family: 4 }]);
  return callback(null, '127.0.0.1', 4);
}) as unknown as LookupFunction;

describe('registry: verified TLS, caFile and insecureRegistries', function () {
  this.timeout(60000);
  let registry: RegistryServer;
  let certFile: string;
  let host: string;
  const home = tempDir('lading-tls-home-');
  const settings = (over: Partial<LadingConfig>): { config: LadingConfig; lookup: LookupFunction; env: NodeJS.ProcessEnv } => ({
    config: { registryMirrors: [], insecureRegistries: [], maxConcurrentDownloads: 3, maxConcurrentUploads: 5, ...over },
    lookup,
    env: { HOME: home, DOCKER_CONFIG: path.join(home, '.docker'), REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '' },
  });

  before(async function () {
    if (!haveRegistry() || !haveSkopeo()) this.skip();
    const dir = tempDir('lading-tls-');
    certFile = path.join(dir, 'cert.pem');
    const keyFile = path.join(dir, 'key.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${NAME}`, '-addext', `subjectAltName=DNS:${NAME}`], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    registry = await startRegistry({ tls: { certFile, keyFile } });
    host = `${NAME}:${registry.port}`;
    const layout = writeGzipLayout([await tarOf('hello.txt', randomBytes(4096))]);
    skopeoPush(layout.dir, 'latest', `${registry.host}/tls/img:latest`, 'oci');
  });

  after(async () => {
    await registry?.stop();
  });

  it('refuses a registry whose certificate no trusted CA signed, and stores nothing', async () => {
    const store = await Store.open(tempDir('lading-tls-store-'));
    await assert.rejects(pull(store, `${host}/tls/img:latest`, settings({})), /x509: certificate signed by unknown authority/);
    assert.equal((await listImages(store)).length, 0);
  });

  it('pulls and pushes over verified TLS with the CA from caFile', async () => {
    const store = await Store.open(tempDir('lading-tls-store-'));
    const opts = settings({ caFile: certFile });
    const [pulled] = (await pull(store, `${host}/tls/img:latest`, opts)).images;
    assert.deepEqual((await listImages(store)).map((i) => i.repoTags), [[`${host}/tls/img:latest`]]);
    const [img] = await listImages(store);
    await store.updateIndex((idx) => setTag(idx, img.manifestDescriptor, `${host}/tls/copy:1`));
    const [pushed] = (await push(store, `${host}/tls/copy:1`, opts)).pushed;
    assert.equal(pushed.digest, pulled.manifestDigest);
  });

  it('skips verification only for a registry listed in insecureRegistries', async () => {
    const store = await Store.open(tempDir('lading-tls-store-'));
    await pull(store, `${host}/tls/img:latest`, settings({ insecureRegistries: [host] }));
    assert.equal((await listImages(store)).length, 1);
    // Another port of the same name is not listed.
    await assert.rejects(pull(await Store.open(tempDir('lading-tls-store-')), `${host}/tls/img:latest`, settings({ insecureRegistries: [`${NAME}:1`] })), /x509/);
  });
});
