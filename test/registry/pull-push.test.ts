// Pull and push against a real distribution registry, with images another client (skopeo) pushed.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { haveBusybox } from '../helpers/rootfs';
import { Store } from '../../src/engine/store/store';
import { listImages } from '../../src/engine/store/images';
import { RegistryServer, haveRegistry, startRegistry } from '../fixtures/registry/registry-server';
import { Proxy, startProxy } from '../fixtures/registry/proxy';
import { haveSkopeo, skopeoDigest, skopeoPush, writeOciLayout } from '../fixtures/registry/oci-images';
import { hostPlatform } from '../../src/engine/image/types';

const blobGets = (p: Proxy) => p.requests.filter((r) => r.method === 'GET' && /\/blobs\/sha256:/.test(r.url));

describe('registry: pull and push against docker-registry', function () {
  this.timeout(120000);
  let registry: RegistryServer;
  let proxy: Proxy;
  let home: string;
  const env = () => ({ HOME: home, DOCKER_CONFIG: path.join(home, '.docker'), XDG_CONFIG_HOME: path.join(home, '.config'), REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '' });

  before(async function () {
    if (!haveRegistry() || !haveSkopeo() || !haveBusybox()) this.skip();
    registry = await startRegistry();
    proxy = await startProxy({ target: registry.host });
    home = tempDir('lading-home-');
    const single = await writeOciLayout({ archs: ['amd64'], files: { 'etc/hello': 'hello\n' } });
    skopeoPush(single.dir, single.tag, `${registry.host}/fixtures/oci:latest`, 'oci');
    skopeoPush(single.dir, single.tag, `${registry.host}/fixtures/v2s2:latest`, 'v2s2');
    skopeoPush(single.dir, single.tag, `${registry.host}/fixtures/v2s2:second`, 'v2s2');
    const multi = await writeOciLayout({ archs: ['amd64', 'arm64'], files: { 'etc/multi': 'yes\n' } });
    skopeoPush(multi.dir, multi.tag, `${registry.host}/fixtures/multi:latest`, 'oci', ['--multi-arch', 'all']);
  });

  after(async () => {
    await proxy?.stop();
    await registry?.stop();
  });

  it('pulls a skopeo-pushed OCI image with docker-like output, then finds it up to date without downloading', async () => {
    const store = tempDir('lading-store-');
    const ref = `${proxy.host}/fixtures/oci`;
    const first = await lading(['pull', ref], { store, env: env() });
    assert.equal(first.code, 0, first.stderr);
    const lines = first.stdout.split('\n');
    assert.equal(lines[0], 'Using default tag: latest');
    assert.equal(lines[1], 'latest: Pulling from fixtures/oci');
    assert.match(first.stdout, /^[0-9a-f]{12}: Pull complete$/m);
    assert.doesNotMatch(first.stdout, /Downloading/, 'plain output has no Downloading lines');
    const digest = skopeoDigest(`${registry.host}/fixtures/oci:latest`);
    assert.ok(lines.includes(`Digest: ${digest}`), first.stdout);
    assert.ok(lines.includes(`Status: Downloaded newer image for ${ref}:latest`), first.stdout);
    assert.ok(lines.includes(`${ref}:latest`));
    const images = await listImages(await Store.open(store));
    assert.equal(images.length, 1);
    assert.deepEqual(images[0].repoTags, [`${ref}:latest`]);
    assert.deepEqual(images[0].repoDigests, [`${ref}@${digest}`]);
    // DiffIDs (computed lazily by the store) match the config.
    const layer = images[0].manifest.layers[0];
    const info = await (await Store.open(store)).layers.get(layer);
    assert.equal(info.diffId, images[0].config.rootfs.diff_ids[0]);

    const before = blobGets(proxy).length;
    const seen = proxy.requests.length;
    const second = await lading(['pull', ref], { store, env: env() });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /: Already exists$/m);
    assert.ok(second.stdout.includes(`Status: Image is up to date for ${ref}:latest`), second.stdout);
    assert.ok(second.stdout.includes(`Digest: ${digest}`), second.stdout);
    assert.equal(blobGets(proxy).length, before, 'no blob was downloaded again');
    // Up to date from a HEAD alone, which Docker Hub's rate limit does not count; no manifest GET.
    const manifestCalls = proxy.requests.slice(seen).filter((r) => r.url.includes('/manifests/')).map((r) => r.method);
    assert.deepEqual(manifestCalls, ['HEAD']);
  });

  it('pulls a Docker v2s2 image and by digest', async () => {
    const store = tempDir('lading-store-');
    const res = await lading(['pull', `${registry.host}/fixtures/v2s2:latest`], { store, env: env() });
    assert.equal(res.code, 0, res.stderr);
    const digest = skopeoDigest(`${registry.host}/fixtures/v2s2:latest`);
    assert.ok(res.stdout.includes(`Digest: ${digest}`));
    const s = await Store.open(store);
    const [img] = await listImages(s);
    assert.equal(img.manifestDescriptor.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
    const byDigest = await lading(['pull', `${registry.host}/fixtures/v2s2@${digest}`], { store, env: env() });
    assert.equal(byDigest.code, 0, byDigest.stderr);
    assert.ok(byDigest.stdout.includes(`Status: Image is up to date for ${registry.host}/fixtures/v2s2@${digest}`), byDigest.stdout);
  });

  it('pulls the host platform from a manifest list, and another with --platform', async () => {
    const store = tempDir('lading-store-');
    const listDigest = skopeoDigest(`${registry.host}/fixtures/multi:latest`);
    const res = await lading(['pull', `${registry.host}/fixtures/multi`], { store, env: env() });
    const host = hostPlatform().architecture;
    if (host !== 'amd64' && host !== 'arm64') {
      assert.match(res.stderr, /no matching manifest/);
    } else {
      assert.equal(res.code, 0, res.stderr);
      assert.ok(res.stdout.includes(`Digest: ${listDigest}`), 'repo digest is the list digest, like docker');
      const [img] = await listImages(await Store.open(store));
      assert.equal(img.config.architecture, host);
    }
    const other = await lading(['pull', '--platform', 'linux/arm64', `${registry.host}/fixtures/multi:latest`], { store, env: env() });
    assert.equal(other.code, 0, other.stderr);
    const images = await listImages(await Store.open(store));
    const tagged = images.find((i) => i.repoTags.includes(`${registry.host}/fixtures/multi:latest`));
    assert.equal(tagged?.config.architecture, 'arm64');
    assert.ok(tagged?.repoDigests.includes(`${registry.host}/fixtures/multi@${listDigest}`));
    // The list is not stored, but each platform pulled from it is found again by the list's digest.
    const again = await lading(['pull', '--platform', 'linux/arm64', `${proxy.host}/fixtures/multi:latest`], { store, env: env() });
    assert.equal(again.code, 0, again.stderr);
    const seen = proxy.requests.length;
    const third = await lading(['pull', '--platform', 'linux/arm64', `${proxy.host}/fixtures/multi:latest`], { store, env: env() });
    assert.ok(third.stdout.includes(`Status: Image is up to date for ${proxy.host}/fixtures/multi:latest`), third.stdout);
    assert.ok(third.stdout.includes(`Digest: ${listDigest}`), third.stdout);
    assert.deepEqual(proxy.requests.slice(seen).filter((r) => r.url.includes('/manifests/')).map((r) => r.method), ['HEAD']);
    const amd = await lading(['pull', '--platform', 'linux/amd64', `${proxy.host}/fixtures/multi:latest`], { store, env: env() });
    assert.equal(amd.code, 0, amd.stderr);
    const amdImage = (await listImages(await Store.open(store))).find((i) => i.repoTags.includes(`${proxy.host}/fixtures/multi:latest`));
    assert.equal(amdImage?.config.architecture, 'amd64', 'another platform of the same list is not taken for up to date');
    const none = await lading(['pull', '--platform', 'linux/s390x', `${registry.host}/fixtures/multi:latest`], { store, env: env() });
    assert.equal(none.code, 1);
    assert.equal(none.stderr, 'Error: no matching manifest for linux/s390x in the manifest list entries\n');
  });

  it('round-trips pull → push to another repository (mounted) with equal digests, and chunked uploads', async () => {
    const store = tempDir('lading-store-');
    assert.equal((await lading(['pull', `${registry.host}/fixtures/oci:latest`], { store, env: env() })).code, 0);
    const s = await Store.open(store);
    const [img] = await listImages(s);
    // Tag under a new repository by editing the index as `tag` would.
    const { setTag } = await import('../../src/engine/store/index-entries');
    await s.updateIndex((idx) => setTag(idx, img.manifestDescriptor, `${registry.host}/copies/app:v1`));
    await s.updateIndex((idx) => setTag(idx, img.manifestDescriptor, `${registry.host}/chunked/app:v1`));
    const pushed = await lading(['push', `${registry.host}/copies/app:v1`], { store, env: env() });
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.ok(pushed.stdout.startsWith(`The push refers to repository [${registry.host}/copies/app]\n`), pushed.stdout);
    assert.match(pushed.stdout, /^[0-9a-f]{12}: Mounted from fixtures\/oci$/m);
    const m = /^v1: digest: (sha256:[0-9a-f]{64}) size: (\d+)$/m.exec(pushed.stdout);
    assert.ok(m, pushed.stdout);
    assert.equal(m[1], img.manifestDescriptor.digest);
    assert.equal(skopeoDigest(`${registry.host}/copies/app:v1`), img.manifestDescriptor.digest);
    const again = await lading(['push', `${registry.host}/copies/app:v1`], { store, env: env() });
    assert.match(again.stdout, /: Layer already exists$/m);

    // Chunked PATCH uploads into a fresh repository (no source to mount from: forget sources).
    const { rmSync } = await import('node:fs');
    rmSync(path.join(store, 'lading', 'sources'), { recursive: true, force: true });
    const chunked = await lading(['push', `${registry.host}/chunked/app:v1`], { store, env: { ...env(), LADING_PUSH_CHUNK_SIZE: '65536' } });
    assert.equal(chunked.code, 0, chunked.stderr);
    assert.match(chunked.stdout, /: Pushed$/m);
    assert.equal(skopeoDigest(`${registry.host}/chunked/app:v1`), img.manifestDescriptor.digest);
    const store2 = tempDir('lading-store-');
    const back = await lading(['pull', `${registry.host}/chunked/app:v1`], { store: store2, env: env() });
    assert.equal(back.code, 0, back.stderr);
  });

  it('pushes every local tag of a repository with -a, and refuses unknown images clearly', async () => {
    const store = tempDir('lading-store-');
    assert.equal((await lading(['pull', `${registry.host}/fixtures/v2s2:latest`], { store, env: env() })).code, 0);
    const s = await Store.open(store);
    const [img] = await listImages(s);
    const { setTag } = await import('../../src/engine/store/index-entries');
    for (const t of ['a', 'b']) await s.updateIndex((idx) => setTag(idx, img.manifestDescriptor, `${registry.host}/alltags/app:${t}`));
    const res = await lading(['push', '-a', `${registry.host}/alltags/app`], { store, env: env() });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^a: digest: sha256:[0-9a-f]{64} size: \d+$/m);
    assert.match(res.stdout, /^b: digest: sha256:[0-9a-f]{64} size: \d+$/m);
    const tags = await lading(['tags', `${registry.host}/alltags/app`], { env: env() });
    assert.deepEqual(tags.stdout.trim().split('\n').sort(), ['a', 'b']);
    const missing = await lading(['push', `${registry.host}/alltags/app:zzz`], { store, env: env() });
    assert.equal(missing.stderr, `Error: An image does not exist locally with the tag: ${registry.host}/alltags/app:zzz\n`);
  });

  it('pulls every tag with -a, and lists tags and the catalog across Link-header pages', async () => {
    const store = tempDir('lading-store-');
    const res = await lading(['pull', '-a', `${registry.host}/fixtures/v2s2`], { store, env: env() });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^latest: Pulling from fixtures\/v2s2$/m);
    assert.match(res.stdout, /^second: Pulling from fixtures\/v2s2$/m);
    const tags = (await listImages(await Store.open(store))).flatMap((i) => i.repoTags).sort();
    assert.deepEqual(tags, [`${registry.host}/fixtures/v2s2:latest`, `${registry.host}/fixtures/v2s2:second`]);

    const t = await lading(['tags', '--page-size', '1', `${proxy.host}/fixtures/v2s2`], { env: env() });
    assert.equal(t.code, 0, t.stderr);
    assert.equal(t.stdout, 'latest\nsecond\n');
    // distribution 2.8 ignores `n` for tags (paging arrived in 3.0); the catalog pages below.
    const c = await lading(['catalog', '--page-size', '2', proxy.host], { env: env() });
    assert.equal(c.code, 0, c.stderr);
    const repos = c.stdout.trim().split('\n');
    for (const r of ['fixtures/multi', 'fixtures/oci', 'fixtures/v2s2']) assert.ok(repos.includes(r), c.stdout);
    assert.ok(proxy.requests.some((r) => r.url.startsWith('/v2/_catalog?') && r.url.includes('last=')), 'catalog paged');
  });

  it('resumes an interrupted layer download with a Range request and reuses the verified part', async () => {
    const store = tempDir('lading-store-');
    let cuts = 100;
    const cutting = await startProxy({
      target: registry.host,
      cutAfter: (req) => (req.method === 'GET' && /\/blobs\//.test(req.url ?? '') && !req.headers.range?.startsWith('bytes=0') && cuts-- > 0 ? 100000 : undefined),
    });
    try {
      // Every attempt is cut: the pull fails, leaving a partial download behind.
      const failed = await lading(['pull', `${cutting.host}/fixtures/oci:latest`], { store, env: env() });
      assert.equal(failed.code, 1);
      assert.match(failed.stderr, /^Error: /);
      assert.ok(cutting.requests.some((r) => r.range && /^bytes=[1-9]\d*-$/.test(r.range)), 'retries inside one run resume with Range');
      cuts = 0;
      const seenBefore = cutting.requests.length;
      const ok = await lading(['pull', `${cutting.host}/fixtures/oci:latest`], { store, env: env() });
      assert.equal(ok.code, 0, ok.stderr);
      const ranged = cutting.requests.slice(seenBefore).filter((r) => r.range);
      assert.ok(ranged.length > 0, 'the re-run continued from the partial file');
      const [img] = await listImages(await Store.open(store));
      const s = await Store.open(store);
      for (const l of img.manifest.layers) assert.ok(await s.blobs.verify(l.digest));
    } finally {
      await cutting.stop();
    }
  });

  it('discards a damaged partial download and fetches the blob again', async () => {
    const root = tempDir('lading-store-');
    const s = await Store.open(root);
    const probe = tempDir('lading-store-');
    assert.equal((await lading(['pull', `${registry.host}/fixtures/oci:latest`], { store: probe, env: env() })).code, 0);
    const [img] = await listImages(await Store.open(probe));
    const layer = img.manifest.layers[0];
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(root, 'lading', 'tmp', `partial-${layer.digest.replace(/[^a-zA-Z0-9]/g, '_')}`), Buffer.alloc(1000, 7));
    const res = await lading(['pull', `${registry.host}/fixtures/oci:latest`], { store: root, env: env() });
    assert.equal(res.code, 0, res.stderr);
    assert.ok(await s.blobs.verify(layer.digest));
  });

  it('retries 503 and 429 answers with backoff, then succeeds', async () => {
    let failures = 0;
    const flaky = await startProxy({
      target: registry.host,
      fail: (req) => {
        if (!/\/(manifests|blobs)\//.test(req.url ?? '') || failures >= 3) return undefined;
        failures++;
        return failures % 2 ? 503 : 429;
      },
    });
    try {
      const res = await lading(['pull', `${flaky.host}/fixtures/oci:latest`], { store: tempDir('lading-store-'), env: env() });
      assert.equal(res.code, 0, res.stderr);
      assert.equal(failures, 3);
      const manifestGets = flaky.requests.filter((r) => r.method === 'GET' && r.url.includes('/manifests/latest'));
      assert.ok(manifestGets.length >= 2, 'the manifest was asked again after a failure');
    } finally {
      await flaky.stop();
    }
  });

  it('never sends Authorization to another host on redirect (127.0.0.1 → localhost)', async () => {
    const authed = await startRegistry({ htpasswd: { user: 'alice', password: 's3cret-pw' } });
    const basic = `Basic ${Buffer.from('alice:s3cret-pw').toString('base64')}`;
    // "Storage" on localhost serves blobs with its own access; "registry" on 127.0.0.1 redirects there.
    const storage = await startProxy({ target: authed.host, upstreamAuthorization: basic, listenHost: 'localhost' });
    const front = await startProxy({
      target: authed.host,
      redirect: (req) => (req.method === 'GET' && /\/blobs\//.test(req.url ?? '') ? `http://localhost:${storage.port}${req.url}` : undefined),
    });
    try {
      const single = await writeOciLayout({ archs: ['amd64'], noBusybox: true, files: { 'etc/r': 'redirect\n' } });
      const creds = ['--src-tls-verify=false', '--dest-creds', 'alice:s3cret-pw'];
      skopeoPush(single.dir, single.tag, `${authed.host}/r/img:latest`, 'oci', creds);
      const h = tempDir('lading-home-');
      const dockerDir = path.join(h, '.docker');
      const { mkdirSync, writeFileSync } = await import('node:fs');
      mkdirSync(dockerDir);
      writeFileSync(path.join(dockerDir, 'config.json'), JSON.stringify({ auths: { [front.host]: { auth: Buffer.from('alice:s3cret-pw').toString('base64') } } }));
      const store = tempDir('lading-store-');
      const res = await lading(['pull', `${front.host}/r/img:latest`], { store, env: { ...env(), DOCKER_CONFIG: dockerDir } });
      assert.equal(res.code, 0, res.stderr);
      assert.ok(front.requests.some((r) => /\/manifests\//.test(r.url) && r.hadAuthorization), 'registry got credentials');
      const storageGets = storage.requests.filter((r) => /\/blobs\//.test(r.url));
      assert.ok(storageGets.length >= 2, 'blobs came from the redirect target');
      assert.ok(storageGets.every((r) => !r.hadAuthorization), 'no Authorization crossed hosts');
    } finally {
      await front.stop();
      await storage.stop();
      await authed.stop();
    }
  });
});
