// Compares two images as container-diff does for file systems, plus their configs: the merged
// file system of each (every layer applied, whiteouts and opaque folders included) is read from
// the layer headers only, never the bodies, and the two trees are compared path by path.
//
// Layers the two images share as a common prefix (same digests, same order) are read once: the
// tree they make is the base both images' remaining layers are applied over.
import { OpContext } from './context';
import { findImage } from './find-image';
import { FsEntry, FsTree, readImageFs } from '../build/image-fs';
import { LadingError, throwIfAborted } from '../errors';
import { Descriptor } from '../image/types';
import { StoredImage, listImages } from '../store/images';
import { Store } from '../store/store';
import { ConfigChange, diffConfigs } from './image-diff-config';

export type { ConfigChange } from './image-diff-config';

export interface FileChange {
  /** Path in the image, with a leading slash (`/etc/passwd`). */
  path: string;
  type: FsEntry['type'];
  /** Content bytes (0 for folders, links and special files). */
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** ISO 8601. */
  mtime: string;
  linkname?: string;
}

export interface ModifiedFile {
  path: string;
  before: FileChange;
  after: FileChange;
}

export interface DiffSide {
  /** Image ID (config digest). */
  id: string;
  /** The name the image was asked for by. */
  ref: string;
}

export interface ImageDiff {
  a: DiffSide;
  b: DiffSide;
  /** Config fields that differ, in a fixed field order. */
  config: ConfigChange[];
  /** In `b` and not in `a`: files and empty folders, sorted by path. */
  added: FileChange[];
  /** In `a` and not in `b`: files and empty folders, sorted by path. */
  deleted: FileChange[];
  /** In both, with different metadata, sorted by path. */
  modified: ModifiedFile[];
  /** File bytes of `b`'s file system minus those of `a`'s. */
  sizeDelta: number;
  /** How many bottom layers the two images share (read once). */
  sharedLayers: number;
}

export interface DiffOptions extends OpContext {}

function change(e: FsEntry): FileChange {
  const c: FileChange = { path: `/${e.path}`, type: e.type, size: e.size ?? 0, mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime.toISOString() };
  if (e.linkname) c.linkname = e.linkname;
  return c;
}

/**
 * Whether a path present in both images changed. A folder's mtime is left out: it moves whenever
 * anything inside is written, and those writes are listed themselves.
 */
export function entryChanged(a: FsEntry, b: FsEntry): boolean {
  if (a.type !== b.type || a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid) return true;
  if (a.type === 'directory') return false;
  return (a.size ?? 0) !== (b.size ?? 0) || (a.linkname ?? '') !== (b.linkname ?? '') || a.mtime.getTime() !== b.mtime.getTime();
}

/** Folders holding at least one entry. */
function nonEmptyFolders(tree: FsTree): Set<string> {
  const parents = new Set<string>();
  for (const p of tree.keys()) {
    const i = p.lastIndexOf('/');
    if (i > 0) parents.add(p.slice(0, i));
  }
  return parents;
}

/**
 * The entries of `from` missing from `to`. container-diff lists every file; a new or removed
 * folder would then show up as itself and again as each file inside, so folders are listed only
 * when empty (otherwise they would not show at all): files plus empty folders.
 */
function missingFrom(from: FsTree, to: FsTree): FileChange[] {
  const parents = nonEmptyFolders(from);
  const out: FileChange[] = [];
  for (const [p, e] of from) {
    if (to.has(p)) continue;
    if (e.type === 'directory' && parents.has(p)) continue;
    out.push(change(e));
  }
  return out.sort(byPath);
}

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function fileBytes(tree: FsTree): number {
  let n = 0;
  for (const e of tree.values()) n += e.size ?? 0;
  return n;
}

/** The number of bottom layers both lists have in common. */
export function sharedPrefix(a: Descriptor[], b: Descriptor[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n].digest === b[n].digest) n++;
  return n;
}

/** Pure: the file-system part of the diff, from the two merged trees. */
export function diffTrees(a: FsTree, b: FsTree): Pick<ImageDiff, 'added' | 'deleted' | 'modified' | 'sizeDelta'> {
  const modified: ModifiedFile[] = [];
  for (const [p, before] of a) {
    const after = b.get(p);
    if (after && entryChanged(before, after)) modified.push({ path: `/${p}`, before: change(before), after: change(after) });
  }
  return { added: missingFrom(b, a), deleted: missingFrom(a, b), modified: modified.sort(byPath), sizeDelta: fileBytes(b) - fileBytes(a) };
}

async function checkLayers(store: Store, img: StoredImage): Promise<void> {
  for (const l of img.manifest.layers) {
    if (!(await store.blobs.has(l.digest))) throw new LadingError(`layer ${l.digest} of image ${img.id} is missing from the store`);
  }
}

/** Compares image `refB` against `refA` (names, IDs or digests as the other image commands take). */
export async function diffImages(store: Store, refA: string, refB: string, ctx: DiffOptions = {}): Promise<ImageDiff> {
  const images = await listImages(store);
  const imgA = await findImage(store, refA, images);
  const imgB = await findImage(store, refB, images);
  await checkLayers(store, imgA);
  await checkLayers(store, imgB);
  throwIfAborted(ctx.signal);
  const la = imgA.manifest.layers;
  const lb = imgB.manifest.layers;
  const shared = sharedPrefix(la, lb);
  const onLayer = (l: Descriptor) => ctx.onProgress?.({ kind: 'layer', id: l.digest.slice(7, 19), status: 'Reading headers' });
  const read = (layers: Descriptor[], base?: FsTree) => readImageFs(store, layers, undefined, undefined, { base, signal: ctx.signal, onLayer });
  let files: Pick<ImageDiff, 'added' | 'deleted' | 'modified' | 'sizeDelta'> = { added: [], deleted: [], modified: [], sizeDelta: 0 };
  // Same layers on both sides: the file systems are equal without reading anything.
  if (shared !== la.length || shared !== lb.length) {
    const base = await read(la.slice(0, shared));
    const treeA = await read(la.slice(shared), base);
    const treeB = await read(lb.slice(shared), base);
    files = diffTrees(treeA, treeB);
  }
  return {
    a: { id: imgA.id, ref: refA },
    b: { id: imgB.id, ref: refB },
    config: diffConfigs(imgA.config, imgB.config),
    ...files,
    sharedLayers: shared,
  };
}
