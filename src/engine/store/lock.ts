// An exclusive, cross-process lock file (O_EXCL create). A lock whose holder died is recovered:
// same host and the pid is gone, or older than STALE_MS whatever its host says.
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import { randomBytes } from 'node:crypto';
import { LadingError, throwIfAborted } from '../errors';
import { processAlive } from '../util/fsutil';

const STALE_MS = 10 * 60 * 1000;
const DEFAULT_TIMEOUT_MS = 120 * 1000;
// An owner writes its few bytes right after creating the file; an empty or torn lock file older
// than this belongs to a process that died in between.
const UNWRITTEN_GRACE_MS = 5 * 1000;

interface LockOwner {
  pid: number;
  host: string;
  created: number;
  token: string;
}

export interface LockOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export class FileLock {
  constructor(readonly file: string) {}

  /** Runs `fn` while holding the lock. */
  async with<T>(fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
    const release = await this.acquire(opts);
    try {
      return await fn();
    } finally {
      await release();
    }
  }

  async acquire(opts: LockOptions = {}): Promise<() => Promise<void>> {
    const owner: LockOwner = { pid: process.pid, host: os.hostname(), created: Date.now(), token: randomBytes(8).toString('hex') };
    const deadline = Date.now() + (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let wait = 5;
    for (;;) {
      throwIfAborted(opts.signal);
      try {
        const fh = await fsp.open(this.file, 'wx', 0o644);
        try {
          await fh.writeFile(JSON.stringify(owner));
        } finally {
          await fh.close();
        }
        return () => this.release(owner.token);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = await this.readOwner();
      if (holder ? isStale(holder) : await this.unreadableAndOld()) {
        await this.breakStale(holder);
        continue;
      }
      if (Date.now() > deadline) {
        throw new LadingError(`the store is locked${holder ? ` by process ${holder.pid} on ${holder.host}` : ''} (${this.file}); try again later`, 'ELOCKED');
      }
      await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
      wait = Math.min(wait * 2, 100);
    }
  }

  private async readOwner(): Promise<LockOwner | undefined> {
    try {
      return JSON.parse(await fsp.readFile(this.file, 'utf8')) as LockOwner;
    } catch {
      // Being written right now, or just removed: treat as held and look again.
      return undefined;
    }
  }

  /**
   * A lock file that still does not parse well after its owner had time to write it: the owner
   * was killed between creating and writing it. Without this every later command would wait.
   */
  private async unreadableAndOld(): Promise<boolean> {
    const st = await fsp.stat(this.file).catch(() => undefined);
    return st !== undefined && Date.now() - st.mtimeMs > UNWRITTEN_GRACE_MS && (await this.readOwner()) === undefined;
  }

  private async breakStale(holder: LockOwner | undefined): Promise<void> {
    // Rename first so that two processes breaking the same stale lock cannot remove a fresh one
    // that a third process took in between: only the one whose rename succeeds deletes.
    const aside = `${this.file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      await fsp.rename(this.file, aside);
    } catch {
      return;
    }
    let moved: LockOwner | undefined;
    try {
      moved = JSON.parse(await fsp.readFile(aside, 'utf8')) as LockOwner;
    } catch {
      moved = undefined;
    }
    // An unreadable file we moved must still be the old one, not a lock just being created.
    const freshUnwritten = !moved && !holder && Date.now() - ((await fsp.stat(aside).catch(() => undefined))?.mtimeMs ?? 0) <= UNWRITTEN_GRACE_MS;
    if ((moved && moved.token !== holder?.token) || freshUnwritten) {
      // We moved a fresh lock aside: put it back if nobody has taken the lock since.
      await fsp.link(aside, this.file).catch(() => undefined);
    }
    await fsp.rm(aside, { force: true });
  }

  private async release(token: string): Promise<void> {
    const holder = await this.readOwner();
    if (holder?.token === token) await fsp.rm(this.file, { force: true });
  }
}

function isStale(o: LockOwner): boolean {
  if (Date.now() - o.created > STALE_MS) return true;
  return o.host === os.hostname() && !processAlive(o.pid);
}
