// Packs a folder as a layer tar, deterministically: entries sorted by path, owner 0:0, no user or
// group names, a fixed mtime, and mode bits normalised (folders 0755, files 0644 or 0755 when
// executable, symlinks 0777), so the same tree always makes the same layer. Symlinks stay links.
import { createReadStream, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';

const MTIME = new Date(0);

async function* walk(root: string, rel = ''): AsyncGenerator<string> {
  const names = (await fsp.readdir(path.join(root, rel))).sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : a === b ? 0 : 1));
  for (const n of names) {
    const r = rel ? `${rel}/${n}` : n;
    yield r;
    const st = await fsp.lstat(path.join(root, r));
    if (st.isDirectory()) yield* walk(root, r);
  }
}

export function packFolder(root: string): Readable {
  const pack = tar.pack();
  const base = { uid: 0, gid: 0, uname: '', gname: '', mtime: MTIME };
  (async () => {
    for await (const rel of walk(root)) {
      const full = path.join(root, rel);
      const st = await fsp.lstat(full);
      if (st.isDirectory()) {
        pack.entry({ ...base, name: `${rel}/`, type: 'directory', mode: 0o755 });
      } else if (st.isSymbolicLink()) {
        pack.entry({ ...base, name: rel, type: 'symlink', linkname: await fsp.readlink(full), mode: 0o777 });
      } else if (st.isFile()) {
        const entry = pack.entry({ ...base, name: rel, type: 'file', size: st.size, mode: st.mode & 0o111 ? 0o755 : 0o644 });
        await pipeline(createReadStream(full), entry);
      }
      // Sockets, fifos and devices are not image content.
    }
    pack.finalize();
  })().catch((e: Error) => pack.destroy(e));
  return pack as unknown as Readable;
}
