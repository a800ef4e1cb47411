// Leases against concurrent operations: a failing load must not take away blobs that another
// running operation has leased meanwhile, and garbage collection keeps leased blobs.
import { strict as assert } from 'node:assert';
import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import { Store } from '../../src/engine/store/store';
import { save } from '../../src/engine/ops/save';
import { load } from '../../src/engine/ops/load';
import { checkStore } from '../../src/engine/ops/check';
import { leaseUnderLock } from '../../src/engine/ops/layer-writer';
import { tempDir } from '../helpers/tmp';
import { addFixtureImage, storeSnapshot } from '../archive/fixture-image';

describe('crash safety: leases', function () {
  this.timeout(60000);
  let archive: string;
  let img: Awaited<ReturnType<typeof addFixtureImage>>;

  before(async () => {
    const src = await Store.open(tempDir());
    img = await addFixtureImage(src, 'docker.io/library/lease:1', [{ files: { 'etc/a': 'a'.repeat(100000) } }, { files: { 'etc/b': 'b'.repeat(100000) } }]);
    archive = path.join(tempDir(), 'lease.tar');
    await save(src, ['lease:1'], archive, {});
  });

  /** A store whose load fails after its blobs are in, with `during` run at that moment. */
  async function failingLoad(during: (store: Store) => Promise<void>): Promise<Store> {
    const store = await Store.open(tempDir());
    const writeBuffer = store.blobs.writeBuffer.bind(store.blobs);
    store.blobs.writeBuffer = async (data, expected) => {
      // The manifest is written last: every layer and the config are in the store by now.
      if (expected && JSON.parse(Buffer.from(data).toString('utf8')).layers) {
        await during(store);
        throw new Error('disk full');
      }
      return writeBuffer(data, expected);
    };
    await assert.rejects(load(store, createReadStream(archive)), /disk full/);
    return store;
  }

  it('a failed load removes the blobs it brought in', async () => {
    const store = await failingLoad(async () => undefined);
    const empty = await Store.open(tempDir());
    assert.equal(await storeSnapshot(store), await storeSnapshot(empty));
  });

  it('a failed load keeps blobs another running operation leased meanwhile', async () => {
    const other = { lease: undefined as ReturnType<Store['lease']> | undefined };
    const store = await failingLoad(async (s) => {
      other.lease = s.lease();
      await leaseUnderLock(s, other.lease, img.id, ...img.layerDigests);
    });
    try {
      for (const d of [img.id, ...img.layerDigests]) assert.ok(await store.blobs.has(d), `leased blob ${d} was removed`);
      assert.ok((await checkStore(store)).ok);
      // once the other operation is done with them, gc frees them
      other.lease?.release();
      await store.gc();
      for (const d of [img.id, ...img.layerDigests]) assert.equal(await store.blobs.has(d), false);
    } finally {
      other.lease?.release();
    }
  });
});
