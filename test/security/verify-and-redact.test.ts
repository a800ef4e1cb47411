// Digest checks of a pull that the content itself cannot prove (a manifest fetched by tag, the
// config's diff_ids), and secrets kept out of error messages. The registry here is a minimal
// HTTP server on 127.0.0.1 that serves exactly the bytes a test wants, wrong ones included.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { layerTar as membersTar } from '../helpers/layer-tar';
import { imageFiles } from '../build/image-files';
import { helperGet, helperStore } from '../../src/engine/registry/credential-helper';
import { isLoopbackHost, normalizeRegistryName } from '../../src/engine/registry/hosts';
import { Transport } from '../../src/engine/registry/transport';
import { readImageFs } from '../../src/engine/build/image-fs';
import { Store } from '../../src/engine/store/store';
import { listImages } from '../../src/engine/store/images';

type Entry = { name: string; mode?: number; type?: 'file' | 'link'; linkname?: string };

const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** Files hold "hello\n". */
function layerTar(entries: Entry[] = [{ name: 'etc/hello', mode: 0o644 }]): Promise<Buffer> {
  return membersTar(entries.map((e) => (e.type === 'link' ? e : { ...e, data: 'hello\n' })));
}

interface FakeImage {
  manifest: Buffer;
  blobs: Map<string, Buffer>;
}

async function fakeImage(opts: { wrongDiffId?: boolean; entries?: Entry[] } = {}): Promise<FakeImage> {
  const plain = await layerTar(opts.entries);
  const layer = gzipSync(plain);
  const diffId = opts.wrongDiffId ? sha('something else') : sha(plain);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [diffId] } }));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(layer), size: layer.length }],
    }),
  );
  return { manifest, blobs: new Map([[sha(config), config], [sha(layer), layer]]) };
}

async function serve(image: FakeImage, announcedDigest?: string, blobRedirect?: string, pingRedirect?: string): Promise<{ host: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    if (url === '/v2/' && pingRedirect) {
      res.writeHead(307, { location: pingRedirect, 'content-length': '0' });
      return res.end();
    }
    if (url === '/v2/') return res.end('{}');
    const m = /^\/v2\/test\/img\/(manifests|blobs)\/(.+)$/.exec(url);
    if (m?.[1] === 'blobs' && blobRedirect) {
      res.writeHead(307, { location: `${blobRedirect}/${m[2]}`, 'content-length': '0' });
      return res.end();
    }
    if (m?.[1] === 'manifests') {
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': announcedDigest ?? sha(image.manifest) });
      return res.end(req.method === 'HEAD' ? undefined : image.manifest);
    }
    const blob = m?.[1] === 'blobs' ? image.blobs.get(m[2]) : undefined;
    if (blob) {
      res.writeHead(200, { 'content-length': String(blob.length) });
      return res.end(req.method === 'HEAD' ? undefined : blob);
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'NOT_FOUND', message: 'not found' }] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { host: `127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

function homeEnv(): NodeJS.ProcessEnv {
  const home = tempDir('lading-home-');
  return { HOME: home, DOCKER_CONFIG: path.join(home, '.docker'), XDG_CONFIG_HOME: path.join(home, '.config'), REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '' };
}

describe('security: pull verification and secrets in messages', function () {
  this.timeout(60000);

  it('pulls a well-formed image from the minimal registry (the fixture itself is sound)', async () => {
    const reg = await serve(await fakeImage());
    try {
      const store = tempDir('lading-store-');
      const r = await lading(['pull', `${reg.host}/test/img:latest`], { store, env: homeEnv() });
      assert.equal(r.code, 0, r.stderr);
      assert.equal((await listImages(await Store.open(store))).length, 1);
    } finally {
      await reg.close();
    }
  });

  it('refuses a manifest fetched by tag whose content does not match the announced Docker-Content-Digest', async () => {
    const reg = await serve(await fakeImage(), sha('another manifest'));
    try {
      const store = tempDir('lading-store-');
      const r = await lading(['pull', `${reg.host}/test/img:latest`], { store, env: homeEnv() });
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, /^Error: manifest digest mismatch/m);
      assert.equal((await listImages(await Store.open(store))).length, 0);
    } finally {
      await reg.close();
    }
  });

  it("refuses an image whose layer does not have the DiffID its config lists, and tags nothing", async () => {
    const reg = await serve(await fakeImage({ wrongDiffId: true }));
    try {
      const store = tempDir('lading-store-');
      const r = await lading(['pull', `${reg.host}/test/img:latest`], { store, env: homeEnv() });
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, /^Error: .*DiffID sha256:[0-9a-f]{64}, but the config expects/m);
      assert.equal((await listImages(await Store.open(store))).length, 0);
    } finally {
      await reg.close();
    }
  });

  it('refuses a manifest larger than 4 MiB instead of holding it in memory', async () => {
    const image = await fakeImage();
    const huge = Buffer.concat([image.manifest.subarray(0, -1), Buffer.from(`,"padding":"${'x'.repeat(5 * 1024 * 1024)}"}`)]);
    const reg = await serve({ manifest: huge, blobs: image.blobs });
    try {
      const store = tempDir('lading-store-');
      const r = await lading(['pull', `${reg.host}/test/img:latest`], { store, env: homeEnv() });
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, /^Error: the manifest of test\/img:latest is larger than 4 MiB$/m);
    } finally {
      await reg.close();
    }
  });

  it('reading an image layer refuses to hold a file larger than the limit in memory', async () => {
    const image = await fakeImage();
    const reg = await serve(image);
    try {
      const store = tempDir('lading-store-');
      assert.equal((await lading(['pull', `${reg.host}/test/img:latest`], { store, env: homeEnv() })).code, 0);
      const s = await Store.open(store);
      const [img] = await listImages(s);
      const tree = await readImageFs(s, img.manifest.layers, (p) => p === 'etc/hello', 6);
      assert.equal(tree.get('etc/hello')?.data?.toString(), 'hello\n');
      await assert.rejects(readImageFs(s, img.manifest.layers, (p) => p === 'etc/hello', 5), /\/etc\/hello is too large to copy from an image \(6 bytes; the limit is 5\)/);
    } finally {
      await reg.close();
    }
  });

  for (const where of ['blob', 'ping'] as const) {
  it(`a 401 from the host a ${where} request was redirected to never makes the registry's credentials go to the realm it names`, async () => {
    const seen: { url: string; authorization?: string }[] = [];
    const realm = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token: 'stolen' }));
    });
    await new Promise<void>((r) => realm.listen(0, '127.0.0.1', r));
    const realmPort = (realm.address() as AddressInfo).port;
    const storage = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://127.0.0.1:${realmPort}/token",service="storage"`, 'content-length': '0' });
      res.end();
    });
    await new Promise<void>((r) => storage.listen(0, '127.0.0.1', r));
    const storagePort = (storage.address() as AddressInfo).port;
    const elsewhere = `http://127.0.0.1:${storagePort}/bucket`;
    const reg = await serve(await fakeImage(), undefined, where === 'blob' ? elsewhere : undefined, where === 'ping' ? `${elsewhere}/v2/` : undefined);
    try {
      const env = homeEnv();
      mkdirSync(env.DOCKER_CONFIG as string, { recursive: true });
      writeFileSync(path.join(env.DOCKER_CONFIG as string, 'config.json'), JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from('alice:registrypw').toString('base64') } } }));
      const r = await lading(['pull', `${reg.host}/test/img:latest`], { store: tempDir('lading-store-'), env });
      if (where === 'blob') assert.equal(r.code, 1, r.stdout);
      assert.ok(seen.some((s) => s.url.startsWith('/bucket/')), 'the redirected request reached the other host');
      assert.deepEqual(seen.filter((s) => s.url.startsWith('/token')), [], 'no token was asked from the realm the storage named');
      assert.ok(seen.every((s) => !s.authorization), JSON.stringify(seen));
    } finally {
      await reg.close();
      await new Promise<void>((r) => storage.close(() => r()));
      await new Promise<void>((r) => realm.close(() => r()));
    }
  });
  }

  it('import from a URL never shows user:password@ or the query string in its error', async () => {
    const server = http.createServer((req, res) => {
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const r = await lading(['import', `http://user:s3cretpw@127.0.0.1:${port}/rootfs.tar?X-Amz-Signature=t0kenvalue`, 'x:1'], { store: tempDir('lading-store-'), env: homeEnv() });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^Error: cannot download http:\/\/127\.0\.0\.1:\d+\/rootfs\.tar\?…: HTTP 404$/m);
      assert.doesNotMatch(r.stderr + r.stdout, /s3cretpw|t0kenvalue/);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("a failing credential helper's stderr and an echoed secret stay out of the error", async () => {
    const bin = tempDir('lading-helper-');
    mkdirSync(bin, { recursive: true });
    const helper = path.join(bin, 'docker-credential-leaky');
    // Prints its whole input on both streams, then fails.
    writeFileSync(helper, '#!/bin/sh\ninput=$(cat)\necho "stderr: $input" >&2\necho "store failed for $input"\nexit 1\n');
    chmodSync(helper, 0o755);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
    await assert.rejects(helperStore('leaky', '127.0.0.1:5000', { username: 'u', password: 'hunter2pw' }, env), (e: Error) => {
      assert.match(e.message, /failed to store credentials: store failed for/);
      assert.doesNotMatch(e.message, /hunter2pw|stderr:/);
      return true;
    });
    await assert.rejects(helperGet('leaky', '127.0.0.1:5000', env), (e: Error) => {
      assert.doesNotMatch(e.message, /stderr:/);
      return true;
    });
  });

  /** Pulls an image whose one layer has `entries`, then builds `COPY --from=<it> / /out/`. */
  async function buildCopyingFrom(entries: Entry[]): Promise<{ r: { code: number; stdout: string; stderr: string }; store: string }> {
    const reg = await serve(await fakeImage({ entries: [{ name: 'etc/hello', mode: 0o644 }, ...entries] }));
    try {
      const store = tempDir('lading-store-');
      const env = homeEnv();
      assert.equal((await lading(['pull', `${reg.host}/test/img:latest`], { store, env })).code, 0);
      const ctx = tempDir('lading-ctx-');
      writeFileSync(path.join(ctx, 'Dockerfile'), `FROM scratch\nCOPY --from=${reg.host}/test/img:latest / /out/\n`);
      return { r: await lading(['build', '-t', 'copied:1', ctx], { store, env }), store };
    } finally {
      await reg.close();
    }
  }

  for (const [what, entry] of [
    ['a ".." name', { name: 'etc/../../escaped', mode: 0o644 }],
    ['a hard link out', { name: 'etc/link', type: 'link', linkname: '../../etc/passwd' }],
  ] as [string, Entry][]) {
    it(`build refuses a COPY --from image whose layer has ${what}`, async () => {
      const { r } = await buildCopyingFrom([entry]);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, /^Error: .*(escapes the image root|links outside the image root)/m);
    });
  }

  it('build reads absolute names in a layer from the image root, as docker applies a layer (/abs/x is abs/x)', async () => {
    const { r, store } = await buildCopyingFrom([{ name: '/abs/inside', mode: 0o644 }, { name: '/../../up/inside', mode: 0o644 }]);
    assert.equal(r.code, 0, r.stderr);
    const names = [...(await imageFiles(store, 'docker.io/library/copied:1')).keys()].filter((n) => n.endsWith('inside'));
    assert.deepEqual(names.sort(), ['out/abs/inside', 'out/up/inside']);
  });
});

describe('security: which hosts may skip TLS', () => {
  it('treats only localhost, 127.0.0.0/8 and ::1 as loopback, not names DNS could answer for', async () => {
    assert.equal(isLoopbackHost('localhost:5000'), true);
    assert.equal(isLoopbackHost('127.0.0.1:5000'), true);
    assert.equal(isLoopbackHost('[::1]:5000'), true);
    assert.equal(isLoopbackHost('registry.localhost:5000'), false);
    assert.equal(isLoopbackHost('127.0.0.1.example.com'), false);
    // A mirror written with user:password@ is named (in messages, credential keys) without it.
    assert.equal(normalizeRegistryName('https://user:s3cret@Mirror.example:5000/v2/'), 'mirror.example:5000');
    const t = new Transport();
    try {
      assert.equal(await t.baseUrl('registry.localhost:5000'), 'https://registry.localhost:5000');
      await assert.rejects(t.baseUrl('http://registry.localhost:5000'), /refusing plain HTTP/);
    } finally {
      await t.close();
    }
  });
});
