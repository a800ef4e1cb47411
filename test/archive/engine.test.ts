// The engine functions the extension calls: save(store, refs, dest, ctx), load(store, source, ctx),
// with progress events and cancellation that leaves nothing behind.
import assert from 'node:assert/strict';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Store } from '../../src/engine/store/store';
import { save } from '../../src/engine/ops/save';
import { load } from '../../src/engine/ops/load';
import { ProgressEvent } from '../../src/engine/ops/context';
import { tempDir } from '../helpers/tmp';
import { addFixtureImage, storeSnapshot } from './fixture-image';

describe('archive engine operations', function () {
  this.timeout(60000);
  let src: Store;
  let work: string;
  let img: Awaited<ReturnType<typeof addFixtureImage>>;

  before(async () => {
    src = await Store.open(tempDir());
    work = tempDir();
    img = await addFixtureImage(src, 'docker.io/library/eng:1', [{ files: { 'etc/a': 'a'.repeat(300000) } }, { files: { 'etc/b': 'b'.repeat(300000) } }], { gzip: true });
  });

  it('save and load report what they did, with progress', async () => {
    const file = path.join(work, 'e.tar');
    const events: ProgressEvent[] = [];
    const saved = await save(src, ['eng:1'], file, { onProgress: (e) => events.push(e) });
    assert.deepEqual(saved.images, [{ id: img.id, tags: ['docker.io/library/eng:1'] }]);
    assert.ok(events.some((e) => e.kind === 'layer' && e.status === 'Saving'));
    const target = await Store.open(tempDir());
    const loaded = await load(target, createReadStream(file));
    assert.equal(loaded.format, 'oci');
    assert.deepEqual(loaded.images.map((i) => [i.id, i.names]), [[img.id, ['docker.io/library/eng:1']]]);
    assert.deepEqual(loaded.moved, []);
  });

  it('a cancelled save leaves no file; a cancelled load leaves the store as it was', async () => {
    const file = path.join(work, 'cancel.tar');
    const ac = new AbortController();
    await assert.rejects(
      save(src, ['eng:1'], file, { signal: ac.signal, onProgress: (e) => e.kind === 'layer' && e.status === 'Saving' && (e.current ?? 0) > 0 && ac.abort() }),
      /cancelled|abort/i,
    );
    assert.equal(existsSync(file), false);
    assert.deepEqual(readdirSync(work).filter((n) => n.includes('cancel')), []);

    const good = path.join(work, 'good.tar');
    await save(src, ['eng:1'], good);
    const target = await Store.open(tempDir());
    const before = await storeSnapshot(target);
    const ac2 = new AbortController();
    let members = 0;
    await assert.rejects(
      load(target, createReadStream(good), { signal: ac2.signal, onProgress: () => ++members === 6 && ac2.abort() }),
      /cancelled|abort/i,
    );
    assert.equal(await storeSnapshot(target), before);
  });

  it('load takes any readable, such as a stream built in memory', async () => {
    const target = await Store.open(tempDir());
    await assert.rejects(load(target, Readable.from([Buffer.from('not a tar at all, just words')])), /invalid archive/);
  });
});
