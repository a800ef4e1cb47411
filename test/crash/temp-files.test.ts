// Writers leave nothing in the store's temp folder when they fail or are cancelled.
import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
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

  it('two writers taking over a dead process\'s partial download at once: only one gets it', async () => {
    const root = tempDir();
    const store = await Store.open(root);
    const partial = path.join(root, 'lading', 'tmp', 'partial-sha256_ab');
    writeFileSync(partial, 'kept bytes');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(`${partial}.lock`, String(dead));
    const writers = await Promise.all([store.blobs.writer('sha256:ab'), store.blobs.writer('sha256:ab')]);
    try {
      assert.equal(writers.filter((w) => w.file === partial).length, 1, 'exactly one resumes the partial file');
      assert.equal(writers.find((w) => w.file === partial)?.written, 'kept bytes'.length);
    } finally {
      for (const w of writers) await w.abort();
    }
  });
});
