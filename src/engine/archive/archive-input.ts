// The byte stream of an archive as given (file or stdin), decompressed when it is gzip or zstd as
// a whole (`docker save | gzip`), detected from its first bytes.
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Compression, decompressor, detectCompression } from '../util/compression';

/** Reads the first chunk and puts it back, so the stream is whole for its next reader. */
async function peek(source: Readable): Promise<Buffer> {
  for (;;) {
    const chunk = source.read() as Buffer | null;
    if (chunk !== null) {
      source.unshift(chunk);
      return chunk;
    }
    if (source.readableEnded || source.destroyed) return Buffer.alloc(0);
    const ended = once(source, 'end').then(() => 'end');
    const readable = once(source, 'readable').then(() => 'readable');
    if ((await Promise.race([ended, readable])) === 'end') return Buffer.alloc(0);
  }
}

export async function openArchiveInput(source: Readable): Promise<{ stream: Readable; compression: Compression }> {
  const compression = detectCompression(await peek(source));
  if (compression === 'none') return { stream: source, compression };
  // Large output chunks: zlib's default of 16 KiB makes every later stage do 64 times the work.
  const d = compression === 'gzip' ? createGunzip({ chunkSize: 1 << 20 }) : decompressor(compression);
  source.on('error', (e) => d.destroy(e));
  return { stream: source.pipe(d) as unknown as Readable, compression };
}
