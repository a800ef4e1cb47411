// A COPY/ADD layer as a list of entries, packed into a tar the store turns into a layer blob.
// Parent folders of every entry are added (root-owned, 0755) unless the list has them, so the
// layer unpacks the same on any runtime.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { streamArchive } from './archive-stream';

export interface LayerItem {
  /** Path in the image, no leading slash (`app/main.js`). */
  path: string;
  /** `archive`: a local tar (ADD) whose entries are streamed in under `path`. */
  type: 'file' | 'directory' | 'symlink' | 'archive';
  mode: number;
  uid: number;
  gid: number;
  mtime: Date;
  linkname?: string;
  /** File content: a host file or bytes (for `archive`, the tar file). */
  file?: string;
  data?: Buffer;
  size?: number;
}

/** Orders entries (later writers of a path win) and adds missing parent folders. */
export function finishItems(items: LayerItem[]): LayerItem[] {
  const byPath = new Map<string, LayerItem>();
  // An archive keys on its own slot: it may land on a folder that is also an entry.
  for (const it of items) byPath.set(it.type === 'archive' ? `${it.path}\0archive:${it.file}` : it.path, it);
  for (const it of [...byPath.values()]) {
    const parts = it.path.split('/');
    for (let i = 1; i < parts.length + (it.type === 'archive' ? 1 : 0); i++) {
      const dir = parts.slice(0, i).join('/');
      if (dir && !byPath.has(dir)) byPath.set(dir, { path: dir, type: 'directory', mode: 0o755, uid: 0, gid: 0, mtime: it.mtime });
    }
  }
  const key = (i: LayerItem) => Buffer.from(i.type === 'archive' ? `${i.path}\uffff` : i.path);
  return [...byPath.values()].sort((a, b) => Buffer.compare(key(a), key(b)));
}

async function packArchive(pack: tar.Pack, it: LayerItem): Promise<void> {
  await streamArchive(it.file as string, async (header, body) => {
    const name = it.path ? `${it.path}/${header.name}` : header.name;
    const linkname = header.type === 'link' && header.linkname ? (it.path ? `${it.path}/${header.linkname}` : header.linkname) : header.linkname;
    const h = { ...header, name, linkname, uid: it.uid >= 0 ? it.uid : header.uid, gid: it.gid >= 0 ? it.gid : header.gid, mode: it.mode >= 0 && header.type !== 'symlink' ? it.mode : header.mode };
    if (header.type === 'file' || header.type === 'contiguous-file') {
      await pipeline(body, pack.entry({ ...h, type: 'file' }));
    } else {
      body.resume();
      if (header.type === 'directory' || header.type === 'symlink' || header.type === 'link') pack.entry(h);
    }
  });
}

export function packItems(items: LayerItem[]): Readable {
  const pack = tar.pack();
  (async () => {
    for (const it of items) {
      const base = { uid: it.uid, gid: it.gid, uname: '', gname: '', mtime: it.mtime, mode: it.mode };
      if (it.type === 'archive') await packArchive(pack, it);
      else if (it.type === 'directory') pack.entry({ ...base, name: `${it.path}/`, type: 'directory' });
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
