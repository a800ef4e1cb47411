// Content-addressed blobs under `blobs/<alg>/<hex>`. Every write streams into a temp file while
// hashing, is checked against the expected digest and size, fsynced, then renamed into place,
// so a blob path either holds verified content or does not exist.
import { createHash, Hash, randomBytes } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { DigestMismatchError, LadingError, SizeMismatchError, throwIfAborted } from '../errors';
import { fsyncDir, processAlive, tempName } from '../util/fsutil';

export interface BlobRef {
  digest: string;
  size: number;
}

export interface WriteOptions {
  /** Expected digest; the write fails (and leaves nothing behind) when the content differs. */
  digest?: string;
  size?: number;
  signal?: AbortSignal;
  /** Called with the bytes written so far. */
  onProgress?: (written: number) => void;
}

const digestPattern = /^sha256:[a-f0-9]{64}$/;

export function assertDigest(d: string): void {
  if (!digestPattern.test(d)) throw new LadingError(`unsupported or invalid digest "${d}"`);
}

export function sha256Digest(data: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export class BlobStore {
  constructor(readonly root: string, private readonly tmpDir: string) {}

  path(digest: string): string {
    assertDigest(digest);
    return path.join(this.root, 'blobs', 'sha256', digest.slice(7));
  }

  async has(digest: string): Promise<boolean> {
    try {
      await fsp.stat(this.path(digest));
      return true;
    } catch {
      return false;
    }
  }

  async size(digest: string): Promise<number | undefined> {
    try {
      return (await fsp.stat(this.path(digest))).size;
    } catch {
      return undefined;
    }
  }

  async read(digest: string): Promise<Buffer> {
    try {
      return await fsp.readFile(this.path(digest));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new LadingError(`blob ${digest} is missing from the store`, 'ENOBLOB');
      throw e;
    }
  }

  /** Reads a blob and checks its digest: used for small JSON documents (manifests, configs). */
  async readVerified(digest: string): Promise<Buffer> {
    const data = await this.read(digest);
    const actual = sha256Digest(data);
    if (actual !== digest) throw new DigestMismatchError(digest, actual, 'stored blob');
    return data;
  }

  async readJson<T>(digest: string): Promise<T> {
    const data = await this.readVerified(digest);
    try {
      return JSON.parse(data.toString('utf8')) as T;
    } catch {
      throw new LadingError(`blob ${digest} is not valid JSON`);
    }
  }

  createReadStream(digest: string, start?: number): Readable {
    return createReadStream(this.path(digest), { start });
  }

  /** Streams a blob through sha256 and fails at the end if it does not match its name. */
  async verify(digest: string): Promise<boolean> {
    const h = createHash('sha256');
    for await (const chunk of this.createReadStream(digest)) h.update(chunk as Buffer);
    return `sha256:${h.digest('hex')}` === digest;
  }

  async writeBuffer(data: string | Uint8Array, expected?: string): Promise<BlobRef> {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    const digest = sha256Digest(buf);
    if (expected && expected !== digest) throw new DigestMismatchError(expected, digest);
    if (!(await this.has(digest))) {
      const w = await this.writer();
      try {
        await w.write(buf);
      } catch (e) {
        await w.abort();
        throw e;
      }
      await w.commit({ digest });
    }
    return { digest, size: buf.length };
  }

  async writeJson(value: unknown): Promise<BlobRef> {
    return this.writeBuffer(JSON.stringify(value));
  }

  /** Streams any byte source into the store, verifying as it goes. */
  async writeStream(source: AsyncIterable<Uint8Array>, opts: WriteOptions = {}): Promise<BlobRef> {
    if (opts.digest && (await this.has(opts.digest))) {
      // Drain nothing: the caller should not have opened the source, but stay correct if it did.
      return { digest: opts.digest, size: (await this.size(opts.digest)) ?? 0 };
    }
    const w = await this.writer();
    try {
      for await (const chunk of source) {
        throwIfAborted(opts.signal);
        await w.write(chunk);
        opts.onProgress?.(w.written);
      }
      return await w.commit(opts);
    } catch (e) {
      await w.abort();
      throw e;
    }
  }

  /** A temp-file writer; `resumeKey` names a partial file kept across runs for Range resumes. */
  async writer(resumeKey?: string): Promise<BlobWriter> {
    await fsp.mkdir(this.tmpDir, { recursive: true });
    if (resumeKey) {
      const w = await BlobWriter.resume(this, path.join(this.tmpDir, `partial-${resumeKey.replace(/[^a-zA-Z0-9]/g, '_')}`));
      if (w) return w;
    }
    return BlobWriter.create(this, tempName(this.tmpDir, 'blob'));
  }

  async delete(digest: string): Promise<void> {
    await fsp.rm(this.path(digest), { force: true });
  }

  async *list(): AsyncGenerator<string> {
    const dir = path.join(this.root, 'blobs', 'sha256');
    let names: string[];
    try {
      names = await fsp.readdir(dir);
    } catch {
      return;
    }
    for (const n of names) if (/^[a-f0-9]{64}$/.test(n)) yield `sha256:${n}`;
  }

  /**
   * Removes temp files whose writer is gone (dead pid in the name, or older than a day), and
   * likewise the scratch folders of operations ({@link Store.scratchDir}).
   */
  async cleanTemp(): Promise<number> {
    let removed = 0;
    let names: string[] = [];
    try {
      names = await fsp.readdir(this.tmpDir);
    } catch {
      return 0;
    }
    for (const n of names) {
      const file = path.join(this.tmpDir, n);
      const m = /^\.[^.]+\.(\d+)\./.exec(n);
      const st = await fsp.stat(file).catch(() => undefined);
      if (!st) continue;
      // A name with its writer's pid is decided by that process alone (a long build's scratch
      // folder is in use however old); other names are left a day for a writer to resume them.
      const stale = m ? !processAlive(Number(m[1])) : Date.now() - st.mtimeMs > 24 * 3600 * 1000;
      if (stale || (await this.finishedPartial(n))) {
        await fsp.rm(file, { recursive: st.isDirectory(), force: true });
        removed++;
      }
    }
    return removed;
  }

  /**
   * A partial download's lock whose writer died (killed between moving the blob into place and
   * removing its lock), or a partial file whose blob is already in the store: nothing will
   * resume either, and both would otherwise stay for a day.
   */
  private async finishedPartial(name: string): Promise<boolean> {
    const lock = /^partial-sha256_([a-f0-9]{64})\.lock$/.exec(name);
    if (lock) {
      const pid = Number(await fsp.readFile(path.join(this.tmpDir, name), 'utf8').catch(() => '0'));
      return !pid || !processAlive(pid);
    }
    const partial = /^partial-sha256_([a-f0-9]{64})$/.exec(name);
    if (!partial || !(await this.has(`sha256:${partial[1]}`))) return false;
    const holder = Number(await fsp.readFile(path.join(this.tmpDir, `${name}.lock`), 'utf8').catch(() => '0'));
    return !holder || !processAlive(holder);
  }
}

export class BlobWriter {
  written = 0;
  private constructor(
    private readonly blobs: BlobStore,
    readonly file: string,
    private readonly fh: fsp.FileHandle,
    private readonly hash: Hash,
    private readonly keepOnAbort: boolean,
  ) {}

  static async create(blobs: BlobStore, file: string): Promise<BlobWriter> {
    const fh = await fsp.open(file, 'wx', 0o644);
    return new BlobWriter(blobs, file, fh, createHash('sha256'), false);
  }

  /** Reopens a partial download, re-hashing what it holds; undefined if another writer has it. */
  static async resume(blobs: BlobStore, file: string): Promise<BlobWriter | undefined> {
    if (!(await takePartialLock(`${file}.lock`))) return undefined;
    const hash = createHash('sha256');
    let written = 0;
    try {
      for await (const chunk of createReadStream(file)) {
        hash.update(chunk as Buffer);
        written += (chunk as Buffer).length;
      }
    } catch {
      written = 0;
    }
    const fh = await fsp.open(file, written > 0 ? 'a' : 'w', 0o644);
    const w = new BlobWriter(blobs, file, fh, hash, true);
    w.written = written;
    return w;
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.hash.update(chunk);
    let off = 0;
    while (off < chunk.length) {
      const { bytesWritten } = await this.fh.write(chunk, off, chunk.length - off);
      off += bytesWritten;
    }
    this.written += chunk.length;
  }

  /** Writes several chunks in one system call, without first copying them into one buffer. */
  async writev(chunks: Uint8Array[]): Promise<void> {
    let total = 0;
    for (const c of chunks) {
      this.hash.update(c);
      total += c.length;
    }
    let { bytesWritten } = await this.fh.writev(chunks);
    // A short write (rare for regular files) is finished chunk by chunk.
    for (const c of chunks) {
      if (bytesWritten >= c.length) {
        bytesWritten -= c.length;
        continue;
      }
      let off = bytesWritten;
      bytesWritten = 0;
      while (off < c.length) off += (await this.fh.write(c, off, c.length - off)).bytesWritten;
    }
    this.written += total;
  }

  /** Verifies, fsyncs and moves the content into place; the temp file is gone afterwards. */
  async commit(expected: { digest?: string; size?: number } = {}): Promise<BlobRef> {
    const digest = `sha256:${this.hash.digest('hex')}`;
    const size = this.written;
    try {
      if (expected.size !== undefined && expected.size !== size) throw new SizeMismatchError(expected.size, size);
      if (expected.digest && expected.digest !== digest) throw new DigestMismatchError(expected.digest, digest);
      await this.fh.sync();
    } catch (e) {
      await this.fh.close();
      await this.discard();
      throw e;
    }
    await this.fh.close();
    const dest = this.blobs.path(digest);
    try {
      await fsp.mkdir(path.dirname(dest), { recursive: true });
      await fsp.rename(this.file, dest);
    } catch (e) {
      // verified content that cannot be moved in is of no use to a retry either
      await this.discard();
      throw e;
    }
    await fsp.rm(`${this.file}.lock`, { force: true });
    await fsyncDir(path.dirname(dest));
    return { digest, size };
  }

  /** Stops writing; a resumable partial file is kept for the next attempt. */
  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined);
    if (this.keepOnAbort) await fsp.rm(`${this.file}.lock`, { force: true });
    else await this.discard();
  }

  private async discard(): Promise<void> {
    await fsp.rm(this.file, { force: true });
    await fsp.rm(`${this.file}.lock`, { force: true });
  }
}

/**
 * Takes the lock of a partial download, breaking one whose process is gone. The dead lock is
 * renamed aside first, so of two processes taking it over at once only one gets it.
 */
async function takePartialLock(lock: string): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fsp.writeFile(lock, String(process.pid), { flag: 'wx' });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const pid = Number(await fsp.readFile(lock, 'utf8').catch(() => '0'));
    if (pid && processAlive(pid)) return false;
    const aside = `${lock}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      await fsp.rename(lock, aside);
    } catch {
      continue;
    }
    const moved = Number(await fsp.readFile(aside, 'utf8').catch(() => '0'));
    // We moved a live writer's fresh lock aside: give it back.
    if (moved && processAlive(moved)) await fsp.link(aside, lock).catch(() => undefined);
    await fsp.rm(aside, { force: true });
    if (moved && processAlive(moved)) return false;
  }
  return false;
}
