// COPY and ADD: what each source names (the context, another stage or image, a local archive ADD
// unpacks, a URL ADD downloads) and where it lands, with docker's destination rules: a folder
// source is copied as its contents; a file goes to DEST/name when DEST ends in `/`, names an
// existing folder, or there are several sources, else to DEST itself.
import * as path from 'node:path';
import { BuildContext, ContextFile } from './context';
import { FsTree, cleanPath, resolveInImage } from './image-fs';
import { LayerItem } from './layer-items';
import { patternRegex } from './dockerignore';
import { LadingError } from '../errors';

export interface Ownership {
  uid: number;
  gid: number;
}

export interface CopyTarget {
  /** Absolute destination as written (after expansion and WORKDIR), trailing `/` kept. */
  dest: string;
  /** Whether DEST is an existing folder in the image being built (asked only when it matters). */
  destIsDir: () => Promise<boolean>;
  chown?: Ownership;
  chmod?: number;
  /** More than one source listed: DEST must be a folder. */
  several: boolean;
}

export type SourceKind = 'file' | 'dir';

function joinDest(dest: string, name: string): string {
  return cleanPath(path.posix.join(dest, name));
}

function checkSeveral(t: CopyTarget, count: number, keyword: string): void {
  if ((t.several || count > 1) && !t.dest.endsWith('/')) {
    throw new LadingError(`When using ${keyword} with more than one source file, the destination must be a directory and end with a /`);
  }
}

function owned(item: LayerItem, t: CopyTarget): LayerItem {
  if (t.chown) Object.assign(item, t.chown);
  if (t.chmod !== undefined && item.type !== 'symlink') item.mode = t.chmod;
  return item;
}

function fromContextFile(f: ContextFile, to: string, t: CopyTarget): LayerItem {
  const base = { path: to, mode: f.stat.mode & 0o7777, uid: 0, gid: 0, mtime: f.stat.mtime };
  if (f.linkname !== undefined && f.stat.isSymbolicLink()) return owned({ ...base, type: 'symlink', linkname: f.linkname }, t);
  if (f.stat.isDirectory()) return owned({ ...base, type: 'directory' }, t);
  return owned({ ...base, type: 'file', file: f.abs, size: f.stat.size }, t);
}

/** Items for context sources; returns what kind of source it was for the history text. */
export async function contextItems(ctx: BuildContext, sources: string[], t: CopyTarget, keyword: string): Promise<{ items: LayerItem[]; kind: SourceKind }> {
  const resolved = (await Promise.all(sources.map((s) => ctx.resolve(s)))).flat();
  checkSeveral(t, resolved.length, keyword);
  const items: LayerItem[] = [];
  for (const src of resolved) {
    if (src.root.stat.isDirectory()) {
      const dir = cleanPath(t.dest);
      if (dir) items.push(fromContextFile(src.root, dir, t));
      for (const c of src.children) items.push(fromContextFile(c, joinDest(t.dest, c.rel), t));
    } else {
      const to = t.dest.endsWith('/') || resolved.length > 1 || (await t.destIsDir()) ? joinDest(t.dest, path.posix.basename(src.root.rel)) : cleanPath(t.dest);
      items.push(fromContextFile(src.root, to, t));
    }
  }
  return { items, kind: resolved.length === 1 && resolved[0].root.stat.isDirectory() ? 'dir' : 'file' };
}

/** Items copied out of another stage's or image's file system (`COPY --from`). */
export async function imageItems(tree: FsTree, sources: string[], t: CopyTarget, keyword: string, from: string): Promise<{ items: LayerItem[]; kind: SourceKind }> {
  // `real`: the path after following links; `name`: the name as given, which a DEST/ file keeps.
  const roots: { real: string; name: string }[] = [];
  for (const s of sources) {
    const p = cleanPath(path.posix.normalize(`/${s}`));
    if (/[*?[]/.test(p)) {
      const re = patternRegex(p);
      const found = [...tree.keys()].filter((k) => re.test(k)).sort();
      if (!found.length) throw new LadingError(`${keyword} --from=${from}: no source files were specified matching ${s}`);
      roots.push(...found.map((k) => ({ real: k, name: k })));
    } else {
      const real = p ? resolveInImage(tree, p) : '';
      if (real && !tree.has(real)) throw new LadingError(`${keyword} --from=${from}: ${s}: no such file or directory`);
      roots.push({ real, name: p });
    }
  }
  checkSeveral(t, roots.length, keyword);
  const items: LayerItem[] = [];
  const item = (e: { type: string; mode: number; mtime: Date; linkname?: string; data?: Buffer }, to: string): LayerItem => {
    const type = e.type === 'directory' ? 'directory' : e.type === 'symlink' ? 'symlink' : 'file';
    return owned({ path: to, type, mode: e.mode, uid: 0, gid: 0, mtime: e.mtime, linkname: e.linkname, data: type === 'file' ? e.data ?? Buffer.alloc(0) : undefined }, t);
  };
  let kind: SourceKind = 'file';
  for (const { real: r, name } of roots) {
    const e = r ? tree.get(r) : { type: 'directory', mode: 0o755, mtime: new Date(0) };
    if (!e || e.type === 'other') continue;
    if (e.type === 'directory') {
      kind = roots.length === 1 ? 'dir' : kind;
      const dir = cleanPath(t.dest);
      if (dir) items.push(item(e, dir));
      const prefix = r ? `${r}/` : '';
      for (const [k, c] of [...tree.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (c.type === 'other' || !k.startsWith(prefix)) continue;
        items.push(item(c, joinDest(t.dest, k.slice(prefix.length))));
      }
    } else {
      const to = t.dest.endsWith('/') || roots.length > 1 || (await t.destIsDir()) ? joinDest(t.dest, path.posix.basename(name)) : cleanPath(t.dest);
      items.push(item(e, to));
    }
  }
  return { items, kind };
}

/** Paths whose content a COPY --from of `sources` reads (for readImageFs's keepData). */
export function wantsData(sources: string[]): (p: string) => boolean {
  // Globs and links make the exact set unknown before reading: keep what could match.
  const prefixes = sources.map((s) => cleanPath(path.posix.normalize(`/${s}`)));
  if (prefixes.some((p) => /[*?[]/.test(p) || p === '')) return () => true;
  return (p) => prefixes.some((pre) => p === pre || p.startsWith(`${pre}/`));
}
