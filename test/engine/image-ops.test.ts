// The engine functions the extension calls, on a real temp store (no CLI in between).
import * as assert from 'node:assert/strict';
import { createReadStream, statSync } from 'node:fs';
import * as path from 'node:path';
import { importImage } from '../../src/engine/ops/import';
import { commitImage } from '../../src/engine/ops/commit';
import { imageRows, listImageSummaries } from '../../src/engine/ops/images';
import { tagImage } from '../../src/engine/ops/tag';
import { removeImage } from '../../src/engine/ops/remove';
import { pruneImages } from '../../src/engine/ops/prune';
import { diskUsage } from '../../src/engine/ops/df';
import { imageHistory } from '../../src/engine/ops/history';
import { inspectImage } from '../../src/engine/ops/inspect';
import { checkStore } from '../../src/engine/ops/check';
import { ProgressEvent } from '../../src/engine/ops/context';
import { addRepoDigest } from '../../src/engine/store/index-entries';
import { Store } from '../../src/engine/store/store';
import { tempDir } from '../helpers/tmp';
import { writeRootfsTar } from '../helpers/rootfs';

describe('image engine operations', function () {
  this.timeout(60000);
  let store: Store;
  let tarA = '';
  let tarB = '';

  before(async () => {
    const dir = tempDir();
    store = await Store.open(path.join(dir, 'store'));
    tarA = await writeRootfsTar(path.join(dir, 'a.tar'), { noBusybox: true, files: { 'etc/a': 'a'.repeat(5000) } });
    tarB = await writeRootfsTar(path.join(dir, 'b.tar'), { noBusybox: true, files: { 'etc/b': 'b' } });
  });

  it('importImage reports progress and returns the ID; tagImage moves a tag, leaving the old holder dangling', async () => {
    const events: ProgressEvent[] = [];
    const a = await importImage(store, { source: tarA, reference: 'app:1' }, { onProgress: (e) => events.push(e) });
    assert.ok(events.some((e) => e.kind === 'layer' && e.status === 'Import complete'));
    const b = await importImage(store, { source: createReadStream(tarB), reference: 'other' });
    await tagImage(store, { source: 'other', target: 'app:1' });
    const visible = await listImageSummaries(store);
    assert.deepEqual(visible.map((i) => i.id).sort(), [b.id]);
    const all = await listImageSummaries(store, { all: true });
    const old = all.find((i) => i.id === a.id);
    assert.ok(old?.dangling);
    assert.deepEqual(imageRows(old, false).map((r) => [r.repository, r.tag]), [['<none>', '<none>']]);
    assert.deepEqual((await listImageSummaries(store, { filters: ['dangling=true'] })).map((i) => i.id), [a.id]);
  });

  it('an image with only a repo digest lists as name <none>, and is removed by its digest reference', async () => {
    const img = await inspectImage(store, 'other');
    const digestRef = `docker.io/library/pinned@${img.Descriptor.digest}`;
    await store.updateIndex((i) => addRepoDigest(i, img.Descriptor, digestRef));
    await removeImage(store, 'other');
    // app:1 still names the image; drop it too, so only the digest is left
    await removeImage(store, 'app:1');
    const [s] = (await listImageSummaries(store)).filter((i) => i.id === img.Id);
    assert.deepEqual(s.repoDigests, [`pinned@${img.Descriptor.digest}`]);
    assert.deepEqual(imageRows(s, false).map((r) => [r.repository, r.tag, r.digest]), [['pinned', '<none>', '']]);
    assert.deepEqual(imageRows(s, true).map((r) => [r.repository, r.tag, r.digest]), [['pinned', '<none>', img.Descriptor.digest]]);
    const r = await removeImage(store, `pinned@${img.Descriptor.digest}`);
    assert.deepEqual(r.items[0], { untagged: `pinned@${img.Descriptor.digest}` });
    assert.deepEqual(r.items[1], { deleted: img.Id });
    assert.ok(r.reclaimed > 0);
  });

  it('commitImage stacks a layer; history and disk usage see the shared base layer', async () => {
    const base = await importImage(store, { source: tarA, reference: 'base:1', changes: ['ENV A=1'] });
    const child = await commitImage(store, { image: 'base:1', source: tarB, reference: 'child:1', author: 'me', message: 'msg', changes: ['ENV B=2'] });
    const h = await imageHistory(store, 'child:1');
    assert.deepEqual(h.map((r) => r.createdBy), ['commit', 'import']);
    assert.equal(h[0].id, child.id);
    assert.equal(h[1].id, '<missing>');
    const info = await inspectImage(store, 'child:1');
    assert.deepEqual(info.Config.Env, ['A=1', 'B=2']);
    assert.equal(info.Author, 'me');
    const du = await diskUsage(store);
    const b = du.images.find((i) => i.image.id === base.id);
    const c = du.images.find((i) => i.image.id === child.id);
    assert.ok(b && c);
    assert.equal(b.uniqueSize, 0);
    assert.equal(b.sharedSize, b.size);
    assert.equal(c.sharedSize, b.size);
    assert.equal(c.uniqueSize, c.size - b.size);
    assert.equal(du.totalSize, c.size);
  });

  it('pruneImages honours until and label filters, then frees blobs', async () => {
    await importImage(store, { source: tarB, reference: 'labelled:1', changes: ['LABEL keep=yes'] });
    const none = await pruneImages(store, { all: true, filters: ['until=1h'] });
    assert.deepEqual(none.imagesDeleted, []);
    const r = await pruneImages(store, { all: true, filters: ['label!=keep=yes'] });
    assert.equal(r.imagesDeleted.length, 3); // base, child, and the dangling first import
    assert.ok(r.reclaimed > 0);
    assert.deepEqual((await listImageSummaries(store, { all: true })).map((i) => i.repoTags), [['labelled:1']]);
    assert.ok((await checkStore(store)).ok);
  });

  it('removeImage with noPrune drops the names but keeps the blobs', async () => {
    const img = await importImage(store, { source: tarA, reference: 'keepblobs:1' });
    const r = await removeImage(store, 'keepblobs:1', { noPrune: true });
    assert.deepEqual(r.items, [{ untagged: 'keepblobs:1' }, { deleted: img.id }]);
    assert.equal(r.reclaimed, 0);
    assert.ok(await store.blobs.has(img.id));
    assert.ok(await store.blobs.has(img.manifest.digest));
  });

  it('import progress counts the source bytes against the file size', async () => {
    const big = await writeRootfsTar(path.join(tempDir(), 'big.tar'), { files: { 'etc/x': 'x' } });
    const events: ProgressEvent[] = [];
    await importImage(store, { source: big }, { onProgress: (e) => events.push(e) });
    const importing = events.filter((e) => e.kind === 'layer' && e.status === 'Importing');
    assert.ok(importing.length >= 1);
    for (const e of importing) {
      assert.ok(e.kind === 'layer' && e.total === statSync(big).size && (e.current ?? 0) <= e.total);
    }
  });

  it('a cancelled import leaves nothing behind', async () => {
    const ac = new AbortController();
    ac.abort();
    const before = (await store.readIndex()).manifests.length;
    await assert.rejects(importImage(store, { source: tarA, reference: 'cancelled' }, { signal: ac.signal }), /cancelled/);
    assert.equal((await store.readIndex()).manifests.length, before);
  });
});
