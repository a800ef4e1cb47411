// Layer (de)compression. gzip via zlib; zstd via zlib where this Node has it (≥ 22.15), else the
// `zstd` program when installed.
import * as zlib from 'node:zlib';
import { spawn } from 'node:child_process';
import { Duplex, PassThrough, Readable, Transform } from 'node:stream';
import { LadingError } from '../errors';

export type Compression = 'gzip' | 'zstd' | 'none';

/** Recognises gzip and zstd by their magic bytes. */
export function detectCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

export function decompressor(c: Compression): Duplex {
  if (c === 'gzip') return zlib.createGunzip();
  if (c === 'none') return new PassThrough();
  const z = zlib as unknown as { createZstdDecompress?: () => Transform };
  if (typeof z.createZstdDecompress === 'function') return z.createZstdDecompress();
  return spawnFilter('zstd', ['-dc']);
}

export function gzipCompressor(level = 6): Duplex {
  return zlib.createGzip({ level });
}

/** Wraps a filter program (stdin → stdout) as a Duplex stream. */
function spawnFilter(cmd: string, args: string[]): Duplex {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const d = Duplex.from({ writable: child.stdin, readable: child.stdout });
  child.on('error', (e) => {
    d.destroy(new LadingError(`zstd-compressed content needs the "zstd" program or Node ≥ 22.15 (${(e as Error).message})`));
  });
  child.on('exit', (code) => {
    if (code) d.destroy(new LadingError(`${cmd} failed with exit code ${code}`));
  });
  return d;
}

/**
 * Returns a readable of the decompressed bytes of `source`, detecting the compression from its
 * first bytes.
 */
export async function autoDecompress(source: Readable): Promise<{ stream: Readable; compression: Compression }> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : Buffer.from(first.value as Uint8Array);
  const compression = detectCompression(head);
  const rest = Readable.from(
    (async function* () {
      if (head.length) yield head;
      for (;;) {
        const n = await it.next();
        if (n.done) return;
        yield n.value as Buffer;
      }
    })(),
  );
  if (compression === 'none') return { stream: rest, compression };
  const d = decompressor(compression);
  rest.on('error', (e) => d.destroy(e));
  return { stream: rest.pipe(d), compression };
}
