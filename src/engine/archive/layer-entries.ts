// Walks the entries of a layer blob (plain, gzip or zstd tar) in order: the decompressor is
// chosen from the blob's first bytes, every body the handler leaves unread is drained, and a
// failure anywhere (source, decompressor, tar, handler) or an abort ends the walk. Names are
// passed on as the tar has them: what a path means (whiteouts, links) is the caller's concern.
import { createHash, Hash } from 'node:crypto';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { CancelledError } from '../errors';
import { autoDecompress, Compression } from '../util/compression';

/**
 * Called once per entry, in order. The walk waits for the returned promise; whatever of `body`
 * is unread by then is drained. Throwing (or rejecting) ends the walk with that error.
 */
export type LayerEntryHandler = (header: tar.Header, body: Readable) => void | Promise<void>;

export interface WalkLayerOptions {
  signal?: AbortSignal;
  /** Also hash the uncompressed stream (a layer's DiffID); off by default, as it costs a pass of sha256. */
  diffId?: boolean;
}

export interface WalkedLayer {
  compression: Compression;
  /** `sha256:…` of the uncompressed stream, when asked for with `diffId`. */
  diffId?: string;
  /** Uncompressed bytes, when `diffId` was asked for. */
  size?: number;
}

export async function walkLayerEntries(source: Readable, onEntry: LayerEntryHandler, options: WalkLayerOptions = {}): Promise<WalkedLayer> {
  const { signal } = options;
  if (signal?.aborted) {
    source.destroy();
    throw new CancelledError();
  }
  const { stream, compression } = await autoDecompress(source);
  const extract = tar.extract();
  const hash: Hash | undefined = options.diffId ? createHash('sha256') : undefined;
  let size = 0;
  let onAbort = (): void => undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (e: unknown): void => {
        if (failed) return;
        failed = true;
        stream.unpipe(extract);
        stream.destroy();
        source.destroy();
        extract.destroy();
        reject(e);
      };
      onAbort = () => fail(new CancelledError());
      signal?.addEventListener('abort', onAbort, { once: true });
      extract.on('entry', (header, entryBody, next) => {
        // tar-stream's bodies are streamx streams; handlers use the Node stream methods they share.
        const body = entryBody as unknown as Readable;
        // The body's failures are the extractor's, and reach us through it.
        body.on('error', () => undefined);
        let ended = false;
        body.on('end', () => (ended = true));
        Promise.resolve()
          .then(() => onEntry(header, body))
          .then(() => {
            if (failed) return;
            if (ended) return next();
            body.on('end', () => next());
            body.resume();
          }, fail);
      });
      extract.on('finish', () => {
        if (!failed) resolve();
      });
      extract.on('error', fail);
      stream.on('error', fail);
      stream.pipe(extract);
      // A second 'data' listener sees the chunks the pipe does: no extra stream stage, and none
      // at all when nobody asked for the hash.
      if (hash) {
        stream.on('data', (c: Buffer) => {
          hash.update(c);
          size += c.length;
        });
      }
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return hash ? { compression, diffId: `sha256:${hash.digest('hex')}`, size } : { compression };
}

/** Reads an entry's body into memory (callers check the size from the header first). */
export function readEntryBody(body: Readable): Promise<Buffer> {
  // Events rather than async iteration: ending an iterator destroys the body, and a destroyed
  // body takes the whole extractor with it.
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    body.on('data', (c: Buffer) => chunks.push(c));
    body.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
