// Reads an image's file system from its layers without unpacking it anywhere: the last layer to
// write a path wins, whiteouts (`.wh.name`, `.wh..wh..opq`) delete what lower layers had. File
// contents are kept only for the paths asked for, so a large base image costs headers only.
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { readEntryBody, walkLayerEntries } from '../archive/layer-entries';
import { LadingError } from '../errors';
import { Descriptor } from '../image/types';
import { Store } from '../store/store';

export interface FsEntry {
  /** Path without leading or trailing slash (`etc/passwd`). */
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'link' | 'other';
  mode: number;
  uid: number;
  gid: number;
  mtime: Date;
  linkname?: string;
  /** Content bytes of a file (a hard link: its target's), 0 for anything else, as read from a layer. */
  size?: number;
  /** Content, for files whose path was asked for. */
  data?: Buffer;
}

export type FsTree = Map<string, FsEntry>;

export function cleanPath(p: string): string {
  return p.replace(/^\.?\/+/, '').replace(/\/+$/, '');
}

/**
 * Where a layer entry's name (or hard link target) lands, read as docker applies a layer: the
 * name is cleaned and joined to the image root, so `/etc/x` and `./etc/x` are `etc/x` and `..`
 * cannot climb above an absolute name. A relative name whose `..` leaves the root: undefined.
 */
export function layerEntryPath(name: string): string | undefined {
  const clean = path.posix.normalize(name);
  if (clean === '..' || clean.startsWith('../')) return undefined;
  return clean === '.' || clean === '/' ? '' : cleanPath(clean);
}

/**
 * Contents kept in memory (COPY --from sources, /etc/passwd) are refused above this size with a
 * clear error, rather than ending in an out-of-memory crash or Node's buffer-size failure.
 */
export const MAX_KEPT_FILE_BYTES = 1024 * 1024 * 1024;

export interface ReadImageFsOptions {
  /** Layers are applied over a copy of this tree (left unchanged), e.g. a shared base's. */
  base?: FsTree;
  signal?: AbortSignal;
  /** Called as each layer starts, for progress. */
  onLayer?: (layer: Descriptor) => void;
}

async function applyLayer(store: Store, layer: Descriptor, tree: FsTree, keepData: (p: string) => boolean, maxFileBytes: number, signal?: AbortSignal): Promise<void> {
  // Whiteouts act on the layers below only (OCI image spec), wherever they stand in the tar:
  // what this layer itself writes survives its own `.wh.` and opaque markers.
  const written = new Set<string>();
  const remove = (match: (k: string) => boolean) => {
    for (const k of [...tree.keys()]) if (!written.has(k) && match(k)) tree.delete(k);
  };
  await walkLayerEntries(store.blobs.createReadStream(layer.digest) as Readable, async (h, body) => {
    // An image's layers come from registries and archives we do not control: a name or hard
    // link leaving the root would be carried into the layers this build writes.
    const p = layerEntryPath(h.name);
    if (p === undefined) throw new LadingError(`layer ${layer.digest}: archive entry ${JSON.stringify(h.name)} escapes the image root ("..")`);
    const hardLink = h.type === 'link' && h.linkname ? layerEntryPath(h.linkname) : undefined;
    if (h.type === 'link' && h.linkname && hardLink === undefined) {
      throw new LadingError(`layer ${layer.digest}: archive entry ${JSON.stringify(h.name)} links outside the image root ("..")`);
    }
    let data: Buffer | undefined;
    if (h.type === 'file' && keepData(p)) {
      if ((h.size ?? 0) > maxFileBytes) {
        throw new LadingError(`/${p} is too large to copy from an image (${h.size} bytes; the limit is ${maxFileBytes})`);
      }
      data = await readEntryBody(body);
    }
    const base = p.split('/').pop() ?? '';
    const dir = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
    if (base === '.wh..wh..opq') {
      remove((k) => dir === '' || k.startsWith(`${dir}/`));
    } else if (base.startsWith('.wh.')) {
      const gone = (dir ? `${dir}/` : '') + base.slice(4);
      remove((k) => k === gone || k.startsWith(`${gone}/`));
    } else if (p) {
      const type = h.type === 'file' || h.type === 'contiguous-file' ? 'file' : h.type === 'directory' ? 'directory' : h.type === 'symlink' ? 'symlink' : h.type === 'link' ? 'link' : 'other';
      const size = type === 'file' ? h.size ?? 0 : 0;
      const e: FsEntry = { path: p, type, mode: (h.mode ?? 0o644) & 0o7777, uid: h.uid ?? 0, gid: h.gid ?? 0, mtime: h.mtime ?? new Date(0), linkname: h.linkname ?? undefined, size, data };
      // A hard link shares its target's content: keep it as a plain file.
      if (type === 'link' && hardLink !== undefined) {
        const t = tree.get(hardLink);
        if (t) Object.assign(e, { type: 'file', mode: t.mode, size: t.size, data: t.data, linkname: undefined });
      }
      // A folder written again keeps what it holds; anything else replaces the old subtree.
      if (type !== 'directory' && tree.get(p)?.type === 'directory') for (const k of [...tree.keys()]) if (k.startsWith(`${p}/`)) tree.delete(k);
      tree.set(p, e);
      written.add(p);
    }
  }, { signal });
}

/** The file system of the given layers, lowest first. */
export async function readImageFs(
  store: Store,
  layers: Descriptor[],
  keepData: (p: string) => boolean = () => false,
  maxFileBytes = MAX_KEPT_FILE_BYTES,
  options: ReadImageFsOptions = {},
): Promise<FsTree> {
  // Entries are never changed once in a tree, so a shallow copy leaves the base intact.
  const tree: FsTree = new Map(options.base);
  for (const l of layers) {
    options.onLayer?.(l);
    await applyLayer(store, l, tree, keepData, maxFileBytes, options.signal);
  }
  return tree;
}

/** Follows symlinks inside the image (relative and absolute targets alike), up to 16 hops. */
export function resolveInImage(tree: FsTree, p: string): string {
  let cur = cleanPath(p);
  for (let i = 0; i < 16; i++) {
    // Resolve links in every parent segment first.
    const parts = cur.split('/');
    let acc = '';
    let changed = false;
    for (let j = 0; j < parts.length; j++) {
      acc = acc ? `${acc}/${parts[j]}` : parts[j];
      const e = tree.get(acc);
      if (e?.type === 'symlink' && e.linkname) {
        const parent = acc.includes('/') ? acc.slice(0, acc.lastIndexOf('/')) : '';
        const target = e.linkname.startsWith('/') ? e.linkname : `/${parent}/${e.linkname}`;
        cur = cleanPath([path.posix.normalize(target), ...parts.slice(j + 1)].join('/'));
        changed = true;
        break;
      }
    }
    if (!changed) return cur;
  }
  return cur;
}
