// Docker Hub behaviours without the internet: mirrors (a loopback registry standing in for a
// mirror, with a dead mirror before it), the v1 search API shape, and engine cancellation.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { haveBusybox } from '../helpers/rootfs';
import { RegistryServer, haveRegistry, startRegistry } from '../fixtures/registry/registry-server';
import { haveSkopeo, skopeoPush, writeOciLayout } from '../fixtures/registry/oci-images';
import { freePort } from '../fixtures/registry/ports';
import { pull } from '../../src/engine/ops/pull';
import { Store } from '../../src/engine/store/store';
import { CancelledError } from '../../src/engine/errors';

describe('registry: Docker Hub mirrors, search and cancellation', function () {
  this.timeout(120000);
  let registry: RegistryServer;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    if (!haveRegistry() || !haveSkopeo() || !haveBusybox()) this.skip();
    registry = await startRegistry();
    const layout = await writeOciLayout({ archs: ['amd64'], files: { 'etc/mirror': 'm\n' } });
    skopeoPush(layout.dir, layout.tag, `${registry.host}/library/tiny:latest`, 'v2s2');
    const home = tempDir('lading-home-');
    const dead = await freePort();
    writeFileSync(path.join(home, 'config.json'), JSON.stringify({ registryMirrors: [`http://127.0.0.1:${dead}`, `http://${registry.host}`] }));
    env = { HOME: home, DOCKER_CONFIG: path.join(home, '.docker'), LADING_CONFIG: path.join(home, 'config.json'), LADING_DOCKER_DAEMON_CONFIG: path.join(home, 'none.json'), REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '' };
  });
  after(async () => registry?.stop());

  it('pulls docker.io images through the first working mirror', async () => {
    const store = tempDir('lading-store-');
    const res = await lading(['pull', 'tiny'], { store, env });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^latest: Pulling from library\/tiny$/m);
    assert.match(res.stdout, /^Status: Downloaded newer image for tiny:latest$/m);
    assert.match(res.stdout, /^docker\.io\/library\/tiny:latest$/m);
  });

  it('cancels a pull through its AbortSignal and leaves the store usable', async () => {
    const root = tempDir('lading-store-');
    const store = await Store.open(root);
    const ac = new AbortController();
    const opts = { env, signal: ac.signal, onProgress: (e: { kind: string; status?: string }) => e.status === 'Downloading' && ac.abort() };
    await assert.rejects(pull(store, `${registry.host}/library/tiny:latest`, opts), (e) => e instanceof CancelledError);
    assert.equal((await store.readIndex()).manifests.length, 0);
    const ok = await pull(store, `${registry.host}/library/tiny:latest`, { env, inflateWhileDownloading: true });
    assert.equal(ok.images[0].upToDate, false);
    assert.equal((await store.readIndex()).manifests.length, 2);
    // DiffID and size were recorded during the download, and agree with the config.
    const manifest = await store.blobs.readJson<{ layers: { digest: string }[] }>(ok.images[0].manifestDigest);
    const config = await store.blobs.readJson<{ rootfs: { diff_ids: string[] } }>(ok.images[0].id);
    const recorded = JSON.parse(readFileSync(path.join(root, 'lading', 'layers', `${manifest.layers[0].digest.replace(':', '-')}.json`), 'utf8'));
    assert.equal(recorded.diffId, config.rootfs.diff_ids[0]);
  });

  it('searches a v1 search API with --limit, --filter, --no-trunc and --format', async () => {
    const seen: string[] = [];
    const long = 'A very long description that certainly goes past forty-five characters';
    const server = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ num_results: 3, query: 'busy', results: [
        { name: 'busybox', description: 'Busybox base image.', star_count: 3300, is_official: true, is_automated: false },
        { name: 'someone/busy', description: long, star_count: 12, is_official: false, is_automated: false },
        { name: 'other/busy', description: '', star_count: 1, is_official: false, is_automated: true },
      ] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const res = await lading(['search', '--limit', '5', `${host}/busy`], { env });
      assert.equal(res.code, 0, res.stderr);
      assert.ok(seen[0].startsWith('/v1/search?q=busy&n=5'), seen[0]);
      const lines = res.stdout.split('\n');
      assert.match(lines[0], /^NAME\s+DESCRIPTION\s+STARS\s+OFFICIAL$/);
      assert.match(lines[1], /^busybox\s+Busybox base image\.\s+3300\s+\[OK\]$/);
      assert.ok(lines[2].includes('A very long description that certainly goes …'), lines[2]);
      const filtered = await lading(['search', '--filter', 'stars=10', '--no-trunc', '--format', '{{.Name}}: {{.StarCount}} {{.Description}}', `${host}/busy`], { env });
      assert.equal(filtered.stdout, `busybox: 3300 Busybox base image.\nsomeone/busy: 12 ${long}\n`);
      const official = await lading(['search', '--filter', 'is-official=true', '--format', '{{.Name}}', `${host}/busy`], { env });
      assert.equal(official.stdout, 'busybox\n');
      const bad = await lading(['search', '--filter', 'color=red', `${host}/busy`], { env });
      assert.equal(bad.stderr, "Error: invalid filter 'color'\n");
    } finally {
      server.close();
    }
  });
});
