// Turns a tar stream (plain, gzip or zstd, detected from its first bytes) into a gzip layer blob
// in one pass: the uncompressed bytes are hashed (DiffID) and counted, parsed to reject entries
// that would escape the image root, and gzip-compressed into the store. The blob is leased before
// it is put in place, so a concurrent prune cannot take it before the caller links it.
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import * as tar from 'tar-stream';
import { OpContext } from './context';
import { CancelledError, LadingError } from '../errors';
import { Descriptor, MediaType } from '../image/types';
import { Lease } from '../store/lease';
import { Store } from '../store/store';
import { autoDecompress } from '../util/compression';

export interface WrittenLayer {
  descriptor: Descriptor;
  diffId: string;
  /** Uncompressed bytes. */
  size: number;
}

/** Takes the lease while holding the store lock, so no garbage collection is half-way through. */
export async function leaseUnderLock(store: Store, lease: Lease, ...digests: string[]): Promise<void> {
  await store.withLock(async () => lease.add(...digests));
}

/** Why a tar entry cannot go into an image, or undefined when it is fine. */
export function unsafeEntryReason(name: string, linkname?: string, type?: string): string | undefined {
  const check = (p: string, what: string) => {
    if (p.startsWith('/')) return `archive entry ${JSON.stringify(name)} has an absolute ${what}`;
    if (p.split('/').includes('..')) return `archive entry ${JSON.stringify(name)} ${what === 'path' ? 'escapes the image root' : 'links outside the image root'} ("..")`;
    return undefined;
  };
  return check(name, 'path') ?? (type === 'link' && linkname ? check(linkname, 'link target') : undefined);
}

function tarValidator(): { sink: tar.Extract; done: Promise<void> } {
  const sink = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    sink.on('entry', (header, stream, next) => {
      stream.on('error', () => undefined); // reported once, through the extractor
      const why = unsafeEntryReason(header.name, header.linkname ?? undefined, header.type ?? undefined);
      if (why) {
        sink.destroy(new LadingError(why));
        return;
      }
      stream.on('end', next);
      stream.resume();
    });
    sink.on('finish', () => resolve());
    sink.on('error', (e: Error) => reject(e instanceof LadingError ? e : new LadingError(`not a valid tar archive: ${e.message}`)));
    sink.on('close', () => resolve());
  });
  // A rejection is also reported through the stream that feeds the validator.
  done.catch(() => undefined);
  return { sink, done };
}

export interface LayerSourceInfo {
  /** Progress id (`import`, `commit`). */
  label?: string;
  /** Bytes the source will deliver, when known (file size, Content-Length): progress total. */
  total?: number;
}

/** Reports bytes read from the source (before decompression), at most every 1 MiB. */
function counted(source: Readable, ctx: OpContext, info: LayerSourceInfo): Readable {
  if (!ctx.onProgress) return source;
  let read = 0;
  let last = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      read += chunk.length;
      if (read - last >= 1 << 20) {
        last = read;
        ctx.onProgress?.({ kind: 'layer', id: info.label ?? 'layer', status: 'Importing', current: read, total: info.total });
      }
      cb(null, chunk);
    },
  });
  source.on('error', (e) => counter.destroy(e));
  return source.pipe(counter);
}

export async function writeLayerFromTar(store: Store, lease: Lease, source: Readable, ctx: OpContext = {}, info: LayerSourceInfo = {}): Promise<WrittenLayer> {
  const label = info.label ?? 'layer';
  const { stream: plain } = await autoDecompress(counted(source, ctx, info));
  const diffHash = createHash('sha256');
  let size = 0;
  const { sink, done } = tarValidator();
  let validationError: Error | undefined;
  done.catch((e: Error) => (validationError = e));
  const tee = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (ctx.signal?.aborted) return cb(new CancelledError());
      if (validationError) return cb(validationError);
      diffHash.update(chunk);
      size += chunk.length;
      if (sink.write(chunk)) return cb(null, chunk);
      const onDrain = () => {
        sink.off('error', onError);
        cb(null, chunk);
      };
      const onError = (e: Error) => {
        sink.off('drain', onDrain);
        cb(validationError ?? e);
      };
      sink.once('drain', onDrain);
      sink.once('error', onError);
    },
    flush(cb) {
      if (size === 0) return cb(new LadingError('the archive is empty'));
      (sink as unknown as { end(): void }).end();
      done.then(() => cb(), (e: Error) => cb(e));
    },
  });
  plain.on('error', (e) => tee.destroy(e));
  const gzip = zlib.createGzip({ level: 6 });
  tee.on('error', (e) => gzip.destroy(e));
  const compressed = plain.pipe(tee).pipe(gzip);
  // Errors reach the loop below through the iterator; these keep them from being "unhandled".
  for (const s of [plain, tee, gzip]) s.on('error', () => undefined);
  const writer = await store.blobs.writer();
  const blobHash = createHash('sha256');
  try {
    for await (const chunk of compressed) {
      blobHash.update(chunk as Buffer);
      await writer.write(chunk as Buffer);
    }
    if (validationError) throw validationError;
    const digest = `sha256:${blobHash.digest('hex')}`;
    await leaseUnderLock(store, lease, digest);
    const ref = await writer.commit({ digest });
    const diffId = `sha256:${diffHash.digest('hex')}`;
    await store.layers.record(digest, { diffId, size });
    ctx.onProgress?.({ kind: 'layer', id: label, status: 'Import complete', current: size, total: size });
    return { descriptor: { mediaType: MediaType.ociLayerGzip, digest, size: ref.size }, diffId, size };
  } catch (e) {
    await writer.abort();
    source.destroy();
    if (e instanceof LadingError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') throw new LadingError(`the archive is not valid compressed data: ${(e as Error).message}`);
    throw e;
  }
}

/** Writes a JSON document as a blob, leased first; returns its descriptor. */
export async function writeJsonBlob(store: Store, lease: Lease, mediaType: string, value: unknown): Promise<Descriptor> {
  const bytes = Buffer.from(JSON.stringify(value), 'utf8');
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  await leaseUnderLock(store, lease, digest);
  await store.blobs.writeBuffer(bytes, digest);
  return { mediaType, digest, size: bytes.length };
}
