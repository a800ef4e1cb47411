// File-system primitives for crash safety: write to a temp file, fsync, rename, fsync the folder.
import { promises as fsp, constants } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

export function tempName(dir: string, base = 'tmp'): string {
  return path.join(dir, `.${base}.${process.pid}.${randomBytes(6).toString('hex')}`);
}

/**
 * fsync a directory so that a rename inside it survives a crash (a no-op where unsupported).
 * Callers that arrive while a sync of the same directory runs share the next one (it starts
 * after their rename, so it covers it): parallel downloads pay one sync, not one each.
 */
export function fsyncDir(dir: string): Promise<void> {
  const running = dirSyncs.get(dir);
  if (!running) return startDirSync(dir);
  running.next ??= running.done.then(() => startDirSync(dir));
  return running.next;
}

interface DirSync {
  done: Promise<void>;
  next?: Promise<void>;
}

const dirSyncs = new Map<string, DirSync>();

function startDirSync(dir: string): Promise<void> {
  const entry: DirSync = { done: syncDirOnce(dir) };
  dirSyncs.set(dir, entry);
  // Settled before `next` (chained later) starts and re-registers the directory.
  entry.done = entry.done.finally(() => {
    if (dirSyncs.get(dir) === entry) dirSyncs.delete(dir);
  });
  return entry.done;
}

async function syncDirOnce(dir: string): Promise<void> {
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(dir, constants.O_RDONLY);
    await fh.sync();
  } catch {
    // Some file systems refuse fsync on directories; the rename is still atomic.
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/**
 * Writes a whole file atomically: temp file in the same folder, fsync, rename, fsync folder.
 * `mode` 0o600 (with a 0o700 folder) for files that hold secrets.
 */
export async function atomicWriteFile(file: string, data: string | Uint8Array, opts: { mode?: number; dirMode?: number } = {}): Promise<void> {
  const dir = path.dirname(file);
  await fsp.mkdir(dir, { recursive: true, mode: opts.dirMode });
  const tmp = tempName(dir, path.basename(file));
  const fh = await fsp.open(tmp, 'wx', opts.mode ?? 0o644);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close();
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await fsyncDir(dir);
}

/**
 * Removes the temp files of `tempName` (`.<base>.<pid>.<hex>`) in `dir` whose process is gone:
 * what a process killed between creating and renaming a file leaves behind. `base` limits the
 * sweep to one name's temp files; `folders` also removes temp folders (`tempName` used for a
 * scratch folder), which are otherwise left alone.
 */
export async function removeDeadTempFiles(dir: string, opts: { base?: string; folders?: boolean } = {}): Promise<number> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return 0;
  }
  const prefix = opts.base === undefined ? '.' : `.${opts.base}.`;
  let removed = 0;
  for (const n of names) {
    if (!n.startsWith(prefix)) continue;
    const m = /^\..+\.(\d+)\.[0-9a-f]{12}$/.exec(n);
    if (!m || (opts.base !== undefined && n.length !== prefix.length + m[1].length + 13)) continue;
    if (processAlive(Number(m[1]))) continue;
    const file = path.join(dir, n);
    const st = await fsp.lstat(file).catch(() => undefined);
    if (!st || (st.isDirectory() && !opts.folders)) continue;
    await fsp.rm(file, { recursive: st.isDirectory(), force: true });
    removed++;
  }
  return removed;
}

export async function exists(p: string): Promise<boolean> {
  try {
    await fsp.lstat(p);
    return true;
  } catch {
    return false;
  }
}

export async function readJsonFile<T>(file: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return JSON.parse(text) as T;
}

/** Whether a process with this pid runs on this machine (EPERM means it runs as someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
