import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { Store } from '../../src/engine/store/store';
import { addUntagged, removeName, setTag } from '../../src/engine/store/index-entries';
import { REF_NAME } from '../../src/engine/store/annotations';
import { FileLock } from '../../src/engine/store/lock';
import { Descriptor, MediaType } from '../../src/engine/image/types';
import { listImages, resolveImage } from '../../src/engine/store/images';
import { tempDir } from '../helpers/tmp';

/** Writes a one-layer image straight into the store and returns its manifest descriptor. */
async function writeImage(store: Store, content: string, created = '2024-01-01T00:00:00Z'): Promise<Descriptor> {
  const layer = await store.blobs.writeBuffer(Buffer.from(content));
  const config = await store.blobs.writeJson({
    architecture: 'amd64',
    os: 'linux',
    created,
    rootfs: { type: 'layers', diff_ids: [layer.digest] },
    history: [{ created, created_by: `layer ${content}` }],
  });
  const manifest = await store.blobs.writeJson({
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.ociConfig, ...config },
    layers: [{ mediaType: MediaType.ociLayer, ...layer }],
  });
  return { mediaType: MediaType.ociManifest, ...manifest };
}

describe('store index and garbage collection', () => {
  let store: Store;
  beforeEach(async () => {
    store = await Store.open(tempDir());
  });

  it('tags, moves a tag (old image becomes dangling) and resolves like docker', async () => {
    const a = await writeImage(store, 'a', '2024-01-01T00:00:00Z');
    const b = await writeImage(store, 'b', '2024-02-01T00:00:00Z');
    await store.updateIndex((i) => setTag(i, a, 'docker.io/library/app:latest'));
    await store.updateIndex((i) => setTag(i, b, 'docker.io/library/app:latest'));
    const images = await listImages(store);
    assert.equal(images.length, 2);
    const [newest, oldest] = images;
    assert.deepEqual(newest.repoTags, ['docker.io/library/app:latest']);
    assert.deepEqual(oldest.repoTags, []);
    assert.equal((await resolveImage(store, 'app')).id, newest.id);
    assert.equal((await resolveImage(store, oldest.id.slice(7, 19))).id, oldest.id);
    await assert.rejects(resolveImage(store, 'nothere'), /No such image: nothere/);
    await assert.rejects(resolveImage(store, 'Bad:Ref:x'), /invalid reference format/);
  });

  it('reports a damaged index.json and never replaces it', async () => {
    const a = await writeImage(store, 'a');
    await store.updateIndex((i) => setTag(i, a, 'docker.io/library/app:latest'));
    const file = path.join(store.root, 'index.json');
    const damaged = '{"schemaVersion": 2, "manifests": [ {"digest": "sha256:';
    await fsp.writeFile(file, damaged);
    const reopened = await Store.open(store.root);
    await assert.rejects(reopened.readIndex(), /index\.json is not valid JSON; the store is damaged/);
    await assert.rejects(listImages(reopened), /the store is damaged/);
    await assert.rejects(reopened.updateIndex((i) => i), /the store is damaged/);
    await assert.rejects(reopened.gc(), /the store is damaged/);
    assert.equal(await fsp.readFile(file, 'utf8'), damaged);
  });

  it('refuses an index entry whose blobs are missing', async () => {
    const a = await writeImage(store, 'a');
    const m = await store.blobs.readJson<{ layers: Descriptor[] }>(a.digest);
    await store.blobs.delete(m.layers[0].digest);
    await assert.rejects(store.updateIndex((i) => setTag(i, a, 'docker.io/library/app:latest')), /missing from the store/);
    assert.deepEqual((await store.readIndex()).manifests, []);
  });

  it('collects blobs no entry reaches, keeps leased and referenced ones', async () => {
    const kept = await writeImage(store, 'kept');
    const dropped = await writeImage(store, 'dropped');
    const leasedBlob = await store.blobs.writeBuffer('in flight');
    await store.updateIndex((i) => addUntagged(setTag(i, kept, 'docker.io/library/kept:1'), dropped));
    await store.updateIndex((i) => removeName(addUntagged(i, dropped), 'none', false));
    const lease = store.lease();
    lease.add(leasedBlob.digest);
    // Remove the dangling entry of `dropped`, then collect.
    await store.updateIndex((i) => ({ ...i, manifests: i.manifests.filter((e) => e.digest !== dropped.digest) }));
    const result = await store.gc();
    assert.equal(result.removed.length, 3); // manifest, config, layer of `dropped`
    assert.ok(result.reclaimed > 0);
    assert.ok(await store.blobs.has(leasedBlob.digest));
    assert.ok(await store.blobs.has(kept.digest));
    lease.release();
    const after = await store.gc();
    assert.deepEqual(after.removed.map((r) => r.digest), [leasedBlob.digest]);
  });

  it('keeps the tag annotation skopeo reads', async () => {
    const a = await writeImage(store, 'a');
    await store.updateIndex((i) => setTag(i, a, 'localhost:5000/x/y:v1'));
    const raw = JSON.parse(await fsp.readFile(path.join(store.root, 'index.json'), 'utf8'));
    assert.equal(raw.manifests[0].annotations[REF_NAME], 'localhost:5000/x/y:v1');
    assert.equal(raw.manifests[0].digest, a.digest);
  });

  it('serialises index edits across processes', async function () {
    this.timeout(60000);
    // Eight processes each add one tag under the lock; none may be lost.
    const root = store.root;
    const a = await writeImage(store, 'shared');
    const script = `
      const { Store } = require(${JSON.stringify(path.resolve(__dirname, '../../src/engine/store/store.js'))});
      const { setTag } = require(${JSON.stringify(path.resolve(__dirname, '../../src/engine/store/index-entries.js'))});
      (async () => {
        const s = await Store.open(process.argv[1]);
        for (let k = 0; k < 5; k++) await s.updateIndex((i) => setTag(i, JSON.parse(process.argv[2]), 'docker.io/library/t:' + process.argv[3] + '-' + k));
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const runs = Array.from({ length: 8 }, (_, n) =>
      new Promise<number>((resolve) => spawn(process.execPath, ['-e', script, root, JSON.stringify(a), String(n)], { stdio: 'inherit' }).on('exit', (c) => resolve(c ?? 1))),
    );
    assert.deepEqual(await Promise.all(runs), Array(8).fill(0));
    const tags = (await store.readIndex()).manifests.map((e) => e.annotations?.[REF_NAME]).filter(Boolean);
    assert.equal(new Set(tags).size, 40);
  });

  it('recovers a lock left by a dead process', async () => {
    const lockFile = path.join(store.root, 'lading', 'lock');
    await fsp.writeFile(lockFile, JSON.stringify({ pid: 2 ** 22 + 12345, host: require('node:os').hostname(), created: Date.now(), token: 'dead' }));
    const lock = new FileLock(lockFile);
    const got = await lock.with(async () => 'held', { timeoutMs: 5000 });
    assert.equal(got, 'held');
    await assert.rejects(fsp.stat(lockFile));
  });

  it('times out with a clear error while a live process holds the lock', async () => {
    const lockFile = path.join(store.root, 'lading', 'lock');
    const lock = new FileLock(lockFile);
    const release = await lock.acquire();
    await assert.rejects(new FileLock(lockFile).acquire({ timeoutMs: 200 }), /store is locked by process/);
    await release();
  });
});
