// Members of an archive being written: small documents as bytes, blobs as streams opened only
// when their turn comes, each checked against the digest it is named by while it streams.
import { createHash } from 'node:crypto';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { DigestMismatchError } from '../errors';
import { Store } from '../store/store';
import { autoDecompress, detectCompression as layerCompressionOf } from '../util/compression';
import { createReadStream, promises as fsp } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { StoredImage } from '../store/images';

export interface ArchiveEntry {
  name: string;
  size: number;
  bytes?: Buffer;
  /** Opens the member's content; its sha256 must equal `digest`. */
  open?: () => Promise<Readable>;
  digest?: string;
}

/** An image chosen for saving, with the full tag references to write for it. */
export interface SaveSelection {
  image: StoredImage;
  tags: string[];
}

export function dirEntry(name: string): ArchiveEntry {
  return { name: `${name}/`, size: -1 };
}

export function bytesEntry(name: string, data: string | Buffer): ArchiveEntry {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return { name, size: bytes.length, bytes };
}

/** A stored blob, as stored. */
export function blobEntry(store: Store, name: string, digest: string, size: number): ArchiveEntry {
  return { name, size, digest, open: async () => readBlob(store, digest) };
}

/** A stored (maybe compressed) layer written uncompressed: its DiffID names and checks it. */
export function uncompressedLayerEntry(store: Store, name: string, blobDigest: string, diffId: string, size: number): ArchiveEntry {
  return {
    name,
    size,
    digest: diffId,
    open: async () => {
      const compression = layerCompressionOf(await readHead(store, blobDigest));
      // gzip gets large output chunks (zlib's default is 16 KiB), so fewer hops through the pipeline.
      if (compression === 'gzip') return readBlob(store, blobDigest).pipe(createGunzip({ chunkSize: 256 * 1024 }));
      return (await autoDecompress(readBlob(store, blobDigest))).stream;
    },
  };
}

// Large reads: layers are big, and fewer, larger chunks keep the stages of the pipeline busy.
function readBlob(store: Store, digest: string): Readable {
  return createReadStream(store.blobs.path(digest), { highWaterMark: 1 << 20 });
}

async function readHead(store: Store, digest: string): Promise<Buffer> {
  const fh = await fsp.open(store.blobs.path(digest), 'r');
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Passes bytes through and fails at the end when they do not hash to `digest`. */
export class DigestCheck extends Transform {
  private readonly hash = createHash('sha256');
  constructor(private readonly digest: string, private readonly what: string) {
    super();
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    cb(null, chunk);
  }
  override _flush(cb: TransformCallback): void {
    const actual = `sha256:${this.hash.digest('hex')}`;
    cb(actual === this.digest ? null : new DigestMismatchError(this.digest, actual, this.what));
  }
}
