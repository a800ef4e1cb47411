// Writers leave nothing in the store's temp folder when they fail or are cancelled.
import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { Store } from '../../src/engine/store/store';
import { tempDir } from '../helpers/tmp';

const leftovers = (root: string) => readdirSync(path.join(root, 'lading', 'tmp'));

describe('crash safety: temp files on failure', () => {
  it('a verified blob that cannot be moved into place leaves no temp file', async () => {
    const root = tempDir();
    const store = await Store.open(root);
    const data = Buffer.from('content whose place is taken');
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    // something that is not a file sits where the blob belongs: the rename fails
    mkdirSync(path.join(store.blobs.path(digest), 'x'), { recursive: true });
    const w = await store.blobs.writer();
    await w.write(data);
    await assert.rejects(w.commit({ digest }));
    assert.deepEqual(leftovers(root), []);
  });

  it('a cancelled stream write leaves no temp file', async () => {
    const root = tempDir();
    const store = await Store.open(root);
    const ac = new AbortController();
    async function* source() {
      yield Buffer.alloc(1024, 1);
      ac.abort();
      yield Buffer.alloc(1024, 2);
    }
    await assert.rejects(store.blobs.writeStream(source(), { signal: ac.signal }));
    assert.deepEqual(leftovers(root), []);
  });
});
