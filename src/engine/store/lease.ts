// A lease names blobs a running operation has written or reused but not yet linked from
// index.json. Garbage collection keeps the blobs of leases whose process is still alive.
import { promises as fsp, writeFileSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { processAlive, tempName } from '../util/fsutil';

interface LeaseFile {
  pid: number;
  host: string;
  digests: string[];
}

export class Lease {
  private readonly file: string;
  private readonly digests = new Set<string>();

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, `${process.pid}.${randomBytes(6).toString('hex')}.json`);
  }

  /** Records the digests before the caller checks for or writes them. */
  add(...digests: string[]): void {
    let changed = false;
    for (const d of digests) {
      if (!this.digests.has(d)) {
        this.digests.add(d);
        changed = true;
      }
    }
    if (!changed) return;
    const body: LeaseFile = { pid: process.pid, host: os.hostname(), digests: [...this.digests] };
    // named like every temp file, so gc removes it if this process dies before the rename
    const tmp = tempName(path.dirname(this.file), 'lease');
    writeFileSync(tmp, JSON.stringify(body));
    // rename keeps readers from ever seeing a half-written lease
    renameSync(tmp, this.file);
  }

  release(): void {
    rmSync(this.file, { force: true });
  }
}

/** Digests held by leases of live processes; leases of dead ones are removed. */
export async function liveLeasedDigests(dir: string): Promise<Set<string>> {
  const out = new Set<string>();
  let names: string[] = [];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    if (!n.endsWith('.json')) continue;
    const file = path.join(dir, n);
    let lease: LeaseFile;
    try {
      lease = JSON.parse(await fsp.readFile(file, 'utf8')) as LeaseFile;
    } catch {
      continue;
    }
    if (lease.host === os.hostname() && !processAlive(lease.pid)) {
      await fsp.rm(file, { force: true });
      continue;
    }
    for (const d of lease.digests) out.add(d);
  }
  return out;
}
