import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Store } from '../../src/engine/store/store';
import { sha256Digest } from '../../src/engine/store/blobs';
import { tempDir } from '../helpers/tmp';

async function tmpFiles(store: Store): Promise<string[]> {
  return (await fsp.readdir(path.join(store.root, 'lading', 'tmp'))).filter((n) => !n.endsWith('.lock'));
}

describe('store blobs', () => {
  let store: Store;
  beforeEach(async () => {
    store = await Store.open(tempDir());
  });

  it('creates an OCI image layout', async () => {
    assert.deepEqual(JSON.parse(await fsp.readFile(path.join(store.root, 'oci-layout'), 'utf8')), { imageLayoutVersion: '1.0.0' });
    const index = JSON.parse(await fsp.readFile(path.join(store.root, 'index.json'), 'utf8'));
    assert.equal(index.schemaVersion, 2);
    assert.deepEqual(index.manifests, []);
  });

  it('stores content under its sha256 and reads it back verified', async () => {
    const ref = await store.blobs.writeBuffer('hello');
    assert.equal(ref.digest, sha256Digest('hello'));
    assert.equal(ref.size, 5);
    assert.equal((await store.blobs.readVerified(ref.digest)).toString(), 'hello');
    assert.equal(path.basename(store.blobs.path(ref.digest)), ref.digest.slice(7));
  });

  it('rejects a stream whose digest differs and leaves nothing behind', async () => {
    const wrong = sha256Digest('other');
    await assert.rejects(store.blobs.writeStream(Readable.from([Buffer.from('hello')]), { digest: wrong }), /digest mismatch/);
    assert.equal(await store.blobs.has(wrong), false);
    assert.equal(await store.blobs.has(sha256Digest('hello')), false);
    assert.deepEqual(await tmpFiles(store), []);
  });

  it('rejects a stream whose size differs', async () => {
    await assert.rejects(store.blobs.writeStream(Readable.from([Buffer.from('hello')]), { size: 4 }), /size mismatch/);
    assert.deepEqual(await tmpFiles(store), []);
  });

  it('detects a corrupted blob on read', async () => {
    const ref = await store.blobs.writeJson({ a: 1 });
    await fsp.writeFile(store.blobs.path(ref.digest), '{"a":2}');
    await assert.rejects(store.blobs.readJson(ref.digest), /digest mismatch/);
    assert.equal(await store.blobs.verify(ref.digest), false);
  });

  it('aborts a write on cancellation', async () => {
    const ac = new AbortController();
    async function* source() {
      yield Buffer.from('part one');
      ac.abort();
      yield Buffer.from('part two');
    }
    await assert.rejects(store.blobs.writeStream(source(), { signal: ac.signal }), /cancelled/);
    assert.deepEqual(await tmpFiles(store), []);
  });

  it('resumes a partial write and verifies the whole', async () => {
    const full = Buffer.from('0123456789'.repeat(1000));
    const digest = sha256Digest(full);
    const w1 = await store.blobs.writer(digest);
    await w1.write(full.subarray(0, 4000));
    await w1.abort(); // interrupted: the partial file stays for the next attempt
    const w2 = await store.blobs.writer(digest);
    assert.equal(w2.written, 4000);
    await w2.write(full.subarray(4000));
    const ref = await w2.commit({ digest, size: full.length });
    assert.equal(ref.digest, digest);
    assert.ok(await store.blobs.verify(digest));
    assert.deepEqual(await tmpFiles(store), []);
  });

  it('gc clears partial-download leftovers of dead writers, keeps what a retry can resume', async () => {
    const tmp = path.join(store.root, 'lading', 'tmp');
    const dead = String(2 ** 22 + 4321);
    const landed = await store.blobs.writeBuffer('landed');
    const lease = store.lease(); // the retry that found it in place is about to link it
    lease.add(landed.digest);
    const pending = sha256Digest('pending');
    const key = (d: string) => `partial-${d.replace(':', '_')}`;
    // killed between moving `landed` into place and removing its lock; a copy of its partial too
    await fsp.writeFile(path.join(tmp, `${key(landed.digest)}.lock`), dead);
    await fsp.writeFile(path.join(tmp, key(landed.digest)), 'landed');
    // killed mid-download of `pending`: the partial stays for the retry, the dead lock goes
    await fsp.writeFile(path.join(tmp, key(pending)), 'pen');
    await fsp.writeFile(path.join(tmp, `${key(pending)}.lock`), dead);
    // a live writer's lock stays
    const live = sha256Digest('live');
    await fsp.writeFile(path.join(tmp, `${key(live)}.lock`), String(process.pid));
    await store.gc();
    assert.deepEqual((await fsp.readdir(tmp)).sort(), [`${key(live)}.lock`, key(pending)].sort());
    const w = await store.blobs.writer(pending);
    assert.equal(w.written, 3);
    await w.write(Buffer.from('ding'));
    assert.equal((await w.commit({ digest: pending })).digest, pending);
    lease.release();
  });

  it('discards a resumed partial that turns out wrong', async () => {
    const full = Buffer.from('abcdef'.repeat(100));
    const digest = sha256Digest(full);
    const w1 = await store.blobs.writer(digest);
    await w1.write(Buffer.from('garbage'));
    await w1.abort();
    const w2 = await store.blobs.writer(digest);
    await w2.write(full.subarray(w2.written));
    await assert.rejects(w2.commit({ digest }), /digest mismatch/);
    const w3 = await store.blobs.writer(digest);
    assert.equal(w3.written, 0);
    await w3.abort();
  });
});
