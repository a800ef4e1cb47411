// Real test images made offline: a root file system around Debian's static busybox.
import { createWriteStream, readFileSync, existsSync } from 'node:fs';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import * as path from 'node:path';
import * as tar from 'tar-stream';

export const BUSYBOX = '/bin/busybox';

export function haveBusybox(): boolean {
  return existsSync(BUSYBOX);
}

export interface RootfsOptions {
  /** Extra files: path inside the image → content. */
  files?: Record<string, string | Buffer>;
  /** Leave busybox out (small synthetic layers). */
  noBusybox?: boolean;
  gzip?: boolean;
  /** mtime for every entry, so the same input makes the same bytes. */
  mtime?: Date;
}

/** Writes a rootfs tarball (bin/busybox, bin/sh link, etc/passwd, extra files) to `file`. */
export async function writeRootfsTar(file: string, opts: RootfsOptions = {}): Promise<string> {
  const pack = tar.pack();
  const mtime = opts.mtime ?? new Date('2024-01-01T00:00:00Z');
  const dirs = new Set<string>();
  const dir = (name: string) => {
    if (dirs.has(name)) return;
    dirs.add(name);
    pack.entry({ name, type: 'directory', mode: 0o755, mtime });
  };
  const put = (name: string, content: string | Buffer, mode = 0o644) => pack.entry({ name, mode, mtime }, content);
  const done = opts.gzip ? pipeline(pack, createGzip(), createWriteStream(file)) : pipeline(pack, createWriteStream(file));
  dir('bin/');
  dir('etc/');
  dir('tmp/');
  if (!opts.noBusybox) {
    put('bin/busybox', readFileSync(BUSYBOX), 0o755);
    for (const tool of ['sh', 'ls', 'cat', 'echo']) pack.entry({ name: `bin/${tool}`, type: 'symlink', linkname: 'busybox', mtime });
  }
  put('etc/passwd', 'root:x:0:0:root:/root:/bin/sh\n');
  for (const [name, content] of Object.entries(opts.files ?? {})) {
    // every ancestor folder once, outermost first
    const parts = path.posix.dirname(name).split('/').filter((p) => p !== '.');
    for (let i = 1; i <= parts.length; i++) dir(`${parts.slice(0, i).join('/')}/`);
    put(name, content);
  }
  pack.finalize();
  await done;
  return file;
}
