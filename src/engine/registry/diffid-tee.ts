// Computes a gzip layer's DiffID and uncompressed size while it downloads: zlib inflates in
// the thread pool, so this overlaps the network instead of costing a second pass later.
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { LayerInfo } from '../store/layer-info';

export interface DiffIdTee {
  write(chunk: Buffer): void;
  /** The info once all input was written, or undefined when the content was not valid gzip. */
  finish(): Promise<LayerInfo | undefined>;
  abort(): void;
}

export function gzipDiffIdTee(): DiffIdTee {
  const gunzip = zlib.createGunzip();
  const hash = createHash('sha256');
  let size = 0;
  let failed = false;
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
  return {
    write(chunk) {
      if (!failed) gunzip.write(chunk);
    },
    async finish() {
      gunzip.end();
      await done;
      return failed ? undefined : { diffId: `sha256:${hash.digest('hex')}`, size };
    },
    abort() {
      failed = true;
      gunzip.destroy();
    },
  };
}
