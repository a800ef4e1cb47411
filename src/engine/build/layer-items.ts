// A COPY/ADD layer as a list of entries, packed into a tar the store turns into a layer blob.
// Parent folders of every entry are added (root-owned, 0755) unless the list has them, so the
// layer unpacks the same on any runtime.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';

export interface LayerItem {
  /** Path in the image, no leading slash (`app/main.js`). */
  path: string;
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  uid: number;
  gid: number;
  mtime: Date;
  linkname?: string;
  /** File content: a host file or bytes. */
  file?: string;
  data?: Buffer;
  size?: number;
}

/** Orders entries (later writers of a path win) and adds missing parent folders. */
export function finishItems(items: LayerItem[]): LayerItem[] {
  const byPath = new Map<string, LayerItem>();
  for (const it of items) byPath.set(it.path, it);
  for (const it of [...byPath.values()]) {
    const parts = it.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!byPath.has(dir)) byPath.set(dir, { path: dir, type: 'directory', mode: 0o755, uid: 0, gid: 0, mtime: it.mtime });
    }
  }
  return [...byPath.values()].sort((a, b) => (Buffer.from(a.path) < Buffer.from(b.path) ? -1 : a.path === b.path ? 0 : 1));
}

export function packItems(items: LayerItem[]): Readable {
  const pack = tar.pack();
  (async () => {
    for (const it of items) {
      const base = { uid: it.uid, gid: it.gid, uname: '', gname: '', mtime: it.mtime, mode: it.mode };
      if (it.type === 'directory') pack.entry({ ...base, name: `${it.path}/`, type: 'directory' });
      else if (it.type === 'symlink') pack.entry({ ...base, name: it.path, type: 'symlink', linkname: it.linkname });
      else if (it.data) pack.entry({ ...base, name: it.path, type: 'file', size: it.data.length }, it.data);
      else if (it.file) {
        const entry = pack.entry({ ...base, name: it.path, type: 'file', size: it.size ?? 0 });
        await pipeline(createReadStream(it.file), entry);
      } else pack.entry({ ...base, name: it.path, type: 'file', size: 0 }, Buffer.alloc(0));
    }
    pack.finalize();
  })().catch((e: Error) => pack.destroy(e));
  return pack as unknown as Readable;
}
