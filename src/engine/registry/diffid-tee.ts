// Computes a gzip layer's DiffID and uncompressed size while it downloads: zlib inflates in
// the thread pool, so this overlaps the network instead of costing a second pass later.
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { LayerInfo } from '../store/layer-info';

// Each write to a zlib stream is a round trip to the thread pool, and each round trip ends at
// the stream's output chunk size. With the defaults (one write per 16-64 KiB network chunk,
// 16 KiB of output) an 86 MB pull made ~50,000 futex calls and took 0.97 s; with 1 MiB input
// batches and 1 MiB output chunks it took 0.6 s.
const BATCH = 1 << 20;

export interface DiffIdTee {
  write(chunk: Buffer): void;
  /** The info once all input was written, or undefined when the content was not valid gzip. */
  finish(): Promise<LayerInfo | undefined>;
  abort(): void;
}

export function gzipDiffIdTee(): DiffIdTee {
  const gunzip = zlib.createGunzip({ chunkSize: BATCH });
  const hash = createHash('sha256');
  let size = 0;
  let failed = false;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  gunzip.on('data', (c: Buffer) => {
    hash.update(c);
    size += c.length;
  });
  const done = new Promise<void>((resolve) => {
    gunzip.on('end', resolve);
    gunzip.on('error', () => {
      failed = true;
      resolve();
    });
    gunzip.on('close', resolve);
  });
  const flush = () => {
    if (pendingBytes === 0 || failed) return;
    // The network's chunks are not reused after they are handed on, so one copy joins them.
    gunzip.write(pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes));
    pending = [];
    pendingBytes = 0;
  };
  return {
    write(chunk) {
      if (failed) return;
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= BATCH) flush();
    },
    async finish() {
      flush();
      gunzip.end();
      await done;
      return failed ? undefined : { diffId: `sha256:${hash.digest('hex')}`, size };
    },
    abort() {
      failed = true;
      pending = [];
      gunzip.destroy();
    },
  };
}
