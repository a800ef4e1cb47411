// Transfer limits: pull keeps at most max-concurrent-downloads layer GETs open and push at most
// max-concurrent-uploads layer uploads (docker's 3 and 5 by default), each set in Lading's config.
// A proxy holds every blob transfer back a little, so transfers that may overlap do.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { RegistryServer, haveRegistry, startRegistry } from '../fixtures/registry/registry-server';
import { Proxy, SeenRequest, startProxy } from '../fixtures/registry/proxy';
import { haveSkopeo, skopeoPush } from '../fixtures/registry/oci-images';
import { GzipLayout, tarOf, writeGzipLayout } from '../fixtures/registry/gzip-layout';

const LAYERS = 6;

/** The most requests of `rs` open at one moment. */
function maxOverlap(rs: SeenRequest[]): number {
  const edges = rs.flatMap((r) => [
    { t: r.startedAt, d: 1 },
    { t: r.endedAt ?? Infinity, d: -1 },
  ]);
  // At equal times a close counts before an open: back-to-back transfers do not overlap.
  edges.sort((a, b) => a.t - b.t || a.d - b.d);
  let open = 0;
  let most = 0;
  for (const e of edges) most = Math.max(most, (open += e.d));
  return most;
}

describe('registry: concurrent transfer limits', function () {
  this.timeout(120000);
  let source: RegistryServer;
  let target: RegistryServer;
  let proxy: Proxy;
  let image: GzipLayout;
  let home: string;
  let store: string;
  const isLayer = (url: string) => image.layers.some((d) => decodeURIComponent(url).includes(d));

  before(async function () {
    if (!haveRegistry() || !haveSkopeo()) this.skip();
    source = await startRegistry();
    target = await startRegistry();
    image = writeGzipLayout(await Promise.all(Array.from({ length: LAYERS }, (_, i) => tarOf(`file${i}`, randomBytes(64 * 1024)))));
    skopeoPush(image.dir, 'latest', `${source.host}/limits/src:latest`, 'oci');
    home = tempDir('lading-limits-home-');
    store = tempDir('lading-limits-store-');
  });

  afterEach(async () => {
    await proxy?.stop();
  });

  after(async () => {
    await source?.stop();
    await target?.stop();
  });

  /** A proxy in front of `registry` that holds each layer GET or upload-completing PUT for 150 ms. */
  const slow = (registry: RegistryServer) =>
    startProxy({ target: registry.host, delay: (req) => (['GET', 'PUT'].includes(req.method ?? '') && isLayer(req.url ?? '') ? 150 : undefined) });

  const run = (args: string[], config: object, where = store) => {
    const file = path.join(home, `config-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(config));
    return lading(args, { store: where, env: { HOME: home, DOCKER_CONFIG: path.join(home, '.docker'), LADING_CONFIG: file, LADING_DOCKER_DAEMON_CONFIG: path.join(home, 'none.json') } });
  };

  for (const [config, expected] of [[{}, 3], [{ maxConcurrentDownloads: 2 }, 2]] as const) {
    it(`pulls with at most ${expected} layer downloads at once (${JSON.stringify(config)})`, async () => {
      proxy = await slow(source);
      const pulled = await run(['pull', '-q', `${proxy.host}/limits/src:latest`], config, tempDir('lading-limits-store-'));
      assert.equal(pulled.code, 0, pulled.stderr);
      const gets = proxy.requests.filter((r) => r.method === 'GET' && isLayer(r.url));
      assert.equal(gets.length, LAYERS);
      assert.equal(maxOverlap(gets), expected);
    });
  }

  for (const [config, expected] of [[{}, 5], [{ maxConcurrentUploads: 2 }, 2]] as const) {
    it(`pushes with at most ${expected} layer uploads at once (${JSON.stringify(config)})`, async () => {
      const pulled = await run(['pull', '-q', `${source.host}/limits/src:latest`], {});
      assert.equal(pulled.code, 0, pulled.stderr);
      proxy = await slow(target);
      const name = `${proxy.host}/limits/up${expected}:latest`;
      assert.equal((await run(['tag', `${source.host}/limits/src:latest`, name], {})).code, 0);
      const pushed = await run(['push', name], config);
      assert.equal(pushed.code, 0, pushed.stderr);
      const puts = proxy.requests.filter((r) => r.method === 'PUT' && isLayer(r.url));
      assert.equal(puts.length, LAYERS, proxy.requests.map((r) => `${r.method} ${r.url}`).join("\n"));
      assert.equal(maxOverlap(puts), expected);
    });
  }
});
