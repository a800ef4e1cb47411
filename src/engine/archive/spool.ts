// Spools archive members so that an archive can be read in one pass whatever its member order
// (`manifest.json` may come after the layers) without holding layers in memory. Small metadata
// documents stay in memory (bounded); every other member goes to a temp file in the store's temp
// folder (same file system, so adopting it as a blob is a rename), hashed while it is written.
// Compressed members are also decompressed on the fly to learn their DiffID.
// The spool writes its own temp files rather than using BlobStore writers: a member's digest must
// be known and checked against the archive's metadata before it may become a blob, and an
// archive can have thousands of members, more than we want open file handles for.
import { createHash } from 'node:crypto';
import { createWriteStream, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { DigestMismatchError, LadingError } from '../errors';
import { Store } from '../store/store';
import { Compression, decompressor, detectCompression } from '../util/compression';
import { fsyncDir, tempName } from '../util/fsutil';
import { TarMember, UnsafeArchiveError } from './safe-tar';

/** Largest JSON document (manifest.json, index.json, configs, manifests) we agree to parse. */
export const MAX_JSON_BYTES = 8 * 1024 * 1024;
/** All metadata members together (legacy archives carry a small `json` per layer). */
export const MAX_METADATA_BYTES = 64 * 1024 * 1024;

export interface SpooledMember {
  name: string;
  size: number;
  /** sha256 of the member's bytes */
  digest: string;
  compression: Compression;
  /** sha256 and length of the decompressed bytes (the member itself when uncompressed). */
  diffId?: string;
  uncompressedSize?: number;
  /** Why the member could not be decompressed, when it is compressed and broken. */
  decompressError?: string;
  data?: Buffer;
  file?: string;
}

/** Member names kept in memory: the archive's own metadata. */
function isMetadataName(name: string): boolean {
  const base = path.posix.basename(name);
  return ['manifest.json', 'index.json', 'repositories', 'oci-layout', 'VERSION', 'json'].includes(base) || (!name.includes('/') && base.endsWith('.json'));
}

export class Spool {
  private readonly members = new Map<string, SpooledMember>();
  private readonly links = new Map<string, string>();
  private readonly dir: string;
  private committed = new Set<string>();
  private metadataBytes = 0;

  constructor(private readonly store: Store) {
    // The store keeps writes in progress in <root>/lading/tmp (see store.ts); stale files there
    // named .<base>.<pid>.<rand> are removed by gc once their process is gone.
    this.dir = path.join(store.root, 'lading', 'tmp');
  }

  async add(m: TarMember, data: Readable, signal?: AbortSignal): Promise<void> {
    if (m.type === 'directory') return;
    if (m.type === 'link') {
      this.links.set(m.name, m.target ?? '');
      return;
    }
    this.links.delete(m.name);
    const old = this.members.get(m.name);
    if (old?.file) await fsp.rm(old.file, { force: true });
    if (isMetadataName(m.name)) {
      if (m.size > MAX_JSON_BYTES) throw new UnsafeArchiveError(`${m.name} is too large (${m.size} bytes; the limit is ${MAX_JSON_BYTES})`);
      this.metadataBytes += m.size;
      if (this.metadataBytes > MAX_METADATA_BYTES) throw new UnsafeArchiveError(`the metadata members add up to more than ${MAX_METADATA_BYTES} bytes`);
      const chunks: Buffer[] = [];
      for await (const c of data) chunks.push(c as Buffer);
      const buf = Buffer.concat(chunks);
      this.members.set(m.name, { name: m.name, size: buf.length, digest: sha256(buf), compression: 'none', diffId: sha256(buf), uncompressedSize: buf.length, data: buf });
      return;
    }
    await fsp.mkdir(this.dir, { recursive: true });
    const file = tempName(this.dir, 'spool');
    const rec: SpooledMember = { name: m.name, size: 0, digest: '', compression: 'none', file };
    this.members.set(m.name, rec);
    const tee = new HashTee(rec);
    await pipeline(data, tee, createWriteStream(file, { mode: 0o644, highWaterMark: 1 << 20 }), { signal });
    await tee.finished();
  }

  /** Follows links (a bounded number of hops) to the member holding the bytes. */
  get(name: string): SpooledMember | undefined {
    let n = name;
    for (let hops = 0; hops < 16; hops++) {
      const m = this.members.get(n);
      if (m) return m;
      const t = this.links.get(n);
      if (t === undefined) return undefined;
      n = t;
    }
    throw new UnsafeArchiveError(`too many levels of links at "${name}"`);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  require(name: string, what: string): SpooledMember {
    const m = this.get(name);
    if (!m) throw new UnsafeArchiveError(`${what} "${name}" is missing from the archive`);
    return m;
  }

  /** Reads and parses a JSON member, refusing oversized ones. */
  async json<T>(name: string, what: string): Promise<T> {
    const buf = await this.bytes(this.require(name, what), what);
    try {
      return JSON.parse(buf.toString('utf8')) as T;
    } catch {
      throw new UnsafeArchiveError(`${what} "${name}" is not valid JSON`);
    }
  }

  async bytes(m: SpooledMember, what: string): Promise<Buffer> {
    if (m.size > MAX_JSON_BYTES) throw new UnsafeArchiveError(`${what} "${m.name}" is too large (${m.size} bytes)`);
    if (m.data) return m.data;
    return fsp.readFile(m.file as string);
  }

  /**
   * Moves a verified member into the store as blob `digest`. Returns whether the blob is new
   * (the caller removes new blobs again if the load fails before linking them).
   */
  async commit(m: SpooledMember, digest: string): Promise<boolean> {
    if (m.digest !== digest) throw new DigestMismatchError(digest, m.digest, m.name);
    if (this.committed.has(digest) || (await this.store.blobs.has(digest))) return false;
    this.committed.add(digest);
    if (m.data) {
      await this.store.blobs.writeBuffer(m.data, digest);
      return true;
    }
    const file = m.file as string;
    const fh = await fsp.open(file, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    const dest = this.store.blobs.path(digest);
    await fsp.mkdir(path.dirname(dest), { recursive: true });
    await fsp.rename(file, dest);
    // The member now reads from the store; cleanup() leaves files outside the temp folder alone.
    m.file = dest;
    await fsyncDir(path.dirname(dest));
    return true;
  }

  /** Removes every temp file still owned by the spool. */
  async cleanup(): Promise<void> {
    const tmpPrefix = path.join(this.dir, '.spool.');
    for (const m of this.members.values()) {
      if (m.file?.startsWith(tmpPrefix)) await fsp.rm(m.file, { force: true });
    }
  }

  memberNames(): string[] {
    return [...this.members.keys(), ...this.links.keys()];
  }
}

function sha256(b: Buffer): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

/** Passes bytes through while hashing them and, when compressed, hashing their decompressed form. */
class HashTee extends Transform {
  private readonly hash = createHash('sha256');
  private readonly diffHash = createHash('sha256');
  private decomp?: NodeJS.ReadWriteStream & { destroy(e?: Error): void };
  private decompDone?: Promise<void>;
  private started = false;
  private uncompressed = 0;

  constructor(private readonly rec: SpooledMember) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (!this.started) {
      this.started = true;
      this.rec.compression = detectCompression(chunk);
      if (this.rec.compression !== 'none') this.startDecompression(this.rec.compression);
    }
    this.hash.update(chunk);
    this.rec.size += chunk.length;
    const d = this.decomp;
    if (d && !this.rec.decompressError) {
      if (!d.write(chunk)) {
        once(d as unknown as NodeJS.EventEmitter, 'drain').then(() => cb(null, chunk), () => cb(null, chunk));
        return;
      }
    }
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    this.rec.digest = `sha256:${this.hash.digest('hex')}`;
    if (this.decomp) this.decomp.end();
    else {
      this.rec.diffId = this.rec.digest;
      this.rec.uncompressedSize = this.rec.size;
    }
    cb();
  }

  private startDecompression(c: Compression): void {
    const d = (c === 'gzip' ? createGunzip({ chunkSize: 256 * 1024 }) : decompressor(c)) as unknown as NodeJS.ReadWriteStream & { destroy(e?: Error): void };
    this.decomp = d;
    this.decompDone = new Promise<void>((resolve) => {
      d.on('data', (b: Buffer) => {
        this.diffHash.update(b);
        this.uncompressed += b.length;
      });
      d.on('end', () => {
        this.rec.diffId = `sha256:${this.diffHash.digest('hex')}`;
        this.rec.uncompressedSize = this.uncompressed;
        resolve();
      });
      d.on('error', (e: Error) => {
        this.rec.decompressError = e.message;
        resolve();
      });
    });
  }

  /** Waits for the decompressed side to finish (after the pipeline has ended). */
  async finished(): Promise<void> {
    await this.decompDone;
  }
}

export function assertNoDecompressError(m: SpooledMember): void {
  if (m.decompressError) throw new LadingError(`invalid archive: layer "${m.name}" cannot be decompressed (${m.decompressError})`, 'EARCHIVE');
}
