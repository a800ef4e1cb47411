// Streams archive entries into a tar, optionally gzip-compressed, to a file or a stream. A file
// is written as a temp file next to it, fsynced and renamed, so it is complete or absent.
import { createWriteStream, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { LadingError, throwIfAborted } from '../errors';
import { fsyncDir, removeDeadTempFiles, tempName } from '../util/fsutil';
import { gzipCompressor } from '../util/compression';
import { ArchiveEntry, DigestCheck } from './archive-entries';

export interface TarOutputOptions {
  gzip?: boolean;
  signal?: AbortSignal;
  /** Called after each member with bytes of member content written so far. */
  onEntry?: (e: ArchiveEntry, written: number) => void;
}

// Fixed timestamps make the same images give the same archive bytes.
const MTIME = new Date(0);

async function writeEntries(pack: tar.Pack, entries: ArchiveEntry[], opts: TarOutputOptions): Promise<void> {
  let written = 0;
  for (const e of entries) {
    throwIfAborted(opts.signal);
    if (e.size < 0) {
      await new Promise<void>((resolve, reject) => pack.entry({ name: e.name, type: 'directory', mode: 0o755, mtime: MTIME }, (err) => (err ? reject(err) : resolve())));
      continue;
    }
    if (e.bytes) {
      await new Promise<void>((resolve, reject) => pack.entry({ name: e.name, size: e.size, mode: 0o644, mtime: MTIME }, e.bytes as Buffer, (err) => (err ? reject(err) : resolve())));
    } else if (e.open) {
      const sink = pack.entry({ name: e.name, size: e.size, mode: 0o644, mtime: MTIME });
      const source = await e.open();
      await pipeline(source, new DigestCheck(e.digest as string, e.name), sink, { signal: opts.signal });
    }
    written += e.size;
    opts.onEntry?.(e, written);
  }
  pack.finalize();
}

/** Writes the archive to `dest` (a path, or a stream left open). */
export async function writeArchive(entries: ArchiveEntry[], dest: string | NodeJS.WritableStream, opts: TarOutputOptions = {}): Promise<void> {
  const pack = tar.pack();
  const connect = (sink: NodeJS.WritableStream, end: boolean): Promise<void> =>
    opts.gzip ? pipeline(pack, gzipCompressor(6), sink, { end }) : pipeline(pack, sink, { end });
  if (typeof dest !== 'string') {
    const done = connect(dest, false);
    await Promise.all([writeEntries(pack, entries, opts).catch((e) => { pack.destroy(e); throw e; }), done]);
    return;
  }
  const file = path.resolve(dest);
  const dir = await fsp.stat(path.dirname(file)).catch(() => undefined);
  if (!dir?.isDirectory()) throw new LadingError(`open ${dest}: no such file or directory`);
  if ((await fsp.stat(file).catch(() => undefined))?.isDirectory()) throw new LadingError(`open ${dest}: is a directory`);
  // A save killed before its rename leaves `.<name>.<pid>.<hex>`: the next save of the same
  // name removes those of dead processes (never another name's, nor a running save's).
  await removeDeadTempFiles(path.dirname(file), { base: path.basename(file) }).catch(() => undefined);
  const tmp = tempName(path.dirname(file), path.basename(file));
  const out = createWriteStream(tmp, { mode: 0o644, highWaterMark: 1 << 20 });
  try {
    const done = connect(out, true);
    // Both settle before any cleanup: the file stream may still be opening (and so creating the
    // temp file) when the entries fail, and would recreate it after the removal below.
    const settled = await Promise.allSettled([writeEntries(pack, entries, opts).catch((e) => { pack.destroy(e); throw e; }), done]);
    for (const r of settled) if (r.status === 'rejected') throw r.reason;
    const fh = await fsp.open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, file);
    await fsyncDir(path.dirname(file));
  } catch (e) {
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()).destroy());
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}
