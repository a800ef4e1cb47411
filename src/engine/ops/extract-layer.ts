// `extractLayer`: writes the files of ONE layer into a folder, as `tar -x` of that layer would.
// Layers come from registries and archives we do not control, so every entry is checked before
// anything is written, and all writes go into a fresh temp sibling folder that is renamed into
// place only once the whole layer is out: a failed or cancelled extraction leaves nothing at
// the destination.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { walkLayerEntries } from '../archive/layer-entries';
import { layerEntryPath } from '../build/image-fs';
import { LadingError, throwIfAborted } from '../errors';
import { Descriptor } from '../image/types';
import { Store } from '../store/store';
import { fsyncDir, removeDeadTempFiles, tempName } from '../util/fsutil';
import { OpContext } from './context';
import { writeEntryBody } from './entry-file';
import { openLayerSource } from './layer-source';

export interface ExtractLayerResult {
  destDir: string;
  files: number;
  directories: number;
  symlinks: number;
  hardLinks: number;
  /** `.wh.*` entries: counted, never applied (see {@link extractLayer}). */
  whiteouts: number;
  /** Device nodes, fifos and entry types with no meaning outside a container: not written. */
  skipped: number;
  /** Bytes of file content written. */
  bytes: number;
}

/** What the extraction has put at a path so far (the temp folder starts empty, so this is all of it). */
type Written = 'dir' | 'file' | 'symlink';

interface DirMeta {
  mode: number;
  mtime?: Date;
}

/**
 * Extracts one layer (a descriptor or its blob digest) into `destDir`, which must be missing
 * (it is created) or an empty folder.
 *
 * What lands is the layer as its tar holds it, not the image's file system:
 * - whiteouts (`.wh.name`, `.wh..wh..opq`) delete files of the layers BELOW; with no lower
 *   layers here they have nothing to delete, so nothing is written for them (they are counted);
 * - absolute names land inside `destDir` (`/etc/x` is `destDir/etc/x`), as docker applies a
 *   layer; a name whose `..` climbs out of `destDir` fails the extraction;
 * - nothing is ever written through a symbolic link the layer created (`link -> /etc` then
 *   `link/passwd` fails), and hard links may only name regular files extracted before them;
 * - device nodes and fifos are skipped and counted; modes are kept to the permission bits
 *   (no setuid, setgid or sticky) and owners are not applied: the files belong to the user.
 */
export async function extractLayer(store: Store, layer: Descriptor | string, destDir: string, ctx: OpContext = {}): Promise<ExtractLayerResult> {
  const dest = path.resolve(destDir);
  throwIfAborted(ctx.signal);
  await assertEmptyOrMissing(dest);
  let total = 0;
  let id = '';
  const source = await openLayerSource(store, layer, (read) => ctx.onProgress?.({ kind: 'layer', id, status: 'Extracting', current: read, total }));
  id = source.digest;
  total = source.size;

  await fsp.mkdir(path.dirname(dest), { recursive: true });
  // Named as the store's temp files are (`.<name>.<pid>.<hex>`), so what a killed run left beside
  // the destination is recognised and removed by the next run to the same name.
  await removeDeadTempFiles(path.dirname(dest), { base: path.basename(dest), folders: true });
  const tmp = tempName(path.dirname(dest), path.basename(dest));
  await fsp.mkdir(tmp, { mode: 0o700 });
  const writer = new LayerWriter(tmp, source.digest);
  try {
    await walkLayerEntries(source.stream as Readable, (h, body) => writer.entry(h, body), { signal: ctx.signal });
    throwIfAborted(ctx.signal);
    await writer.finish();
    try {
      await fsp.rename(tmp, dest);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR') throw notEmpty(dest);
      throw e;
    }
  } catch (e) {
    await writer.settle();
    // The first error is the one to report, not a failure to clean up after it.
    await fsp.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
  await fsyncDir(path.dirname(dest));
  ctx.onProgress?.({ kind: 'layer', id: source.digest, status: 'Extract complete', current: source.size, total: source.size });
  return { destDir: dest, ...writer.counts };
}

function notEmpty(dest: string): LadingError {
  return new LadingError(`cannot extract into ${dest}: the folder is not empty`);
}

async function assertEmptyOrMissing(dest: string): Promise<void> {
  let names: string[];
  try {
    names = await fsp.readdir(dest);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new LadingError(`cannot extract into ${dest}: it is a file, not a folder`);
    throw new LadingError(`cannot extract into ${dest}: ${(e as Error).message}`);
  }
  if (names.length > 0) throw notEmpty(dest);
}

/** Applies a layer's entries, in order, under a folder it owns (created empty for it). */
class LayerWriter {
  readonly counts = { files: 0, directories: 0, symlinks: 0, hardLinks: 0, whiteouts: 0, skipped: 0, bytes: 0 };
  private readonly written = new Map<string, Written>([['', 'dir']]);
  /** Folder modes and times are applied at the end: a read-only folder must still take its files. */
  private readonly dirMeta = new Map<string, DirMeta>();
  /** The entry being written: a walk that fails stops waiting for it, the cleanup must not. */
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly root: string, private readonly digest: string) {}

  entry(h: tar.Header, body: Readable): Promise<void> {
    this.inFlight = this.apply(h, body);
    return this.inFlight;
  }

  private async apply(h: tar.Header, body: Readable): Promise<void> {
    const p = layerEntryPath(h.name);
    if (p === undefined) throw this.refuse(h.name, 'escapes the destination folder ("..")');
    // On Windows `\` (and `:`) inside a tar name would split or redirect it in ways the checks
    // here, which read names as `/`-separated, do not see (`link\x` is below the symlink `link`).
    if (path.sep === '\\' && /[\\:]/.test(p)) throw this.refuse(h.name, 'has a character Windows reads as a path separator');
    if (path.posix.basename(p).startsWith('.wh.')) {
      this.counts.whiteouts++;
      return;
    }
    if (p === '') {
      // The layer's own root (`./`): tar gives the destination its mode and time.
      if (h.type === 'directory') this.dirMeta.set('', { mode: permissions(h.mode, 0o755), mtime: h.mtime });
      return;
    }
    const kind = h.type === 'contiguous-file' ? 'file' : h.type;
    if (kind !== 'file' && kind !== 'directory' && kind !== 'symlink' && kind !== 'link') {
      this.counts.skipped++;
      return;
    }
    await this.makeParents(h.name, p);
    await this.clearForReplacement(p, kind === 'directory');
    const target = this.at(p);
    if (kind === 'directory') {
      if (this.written.get(p) !== 'dir') {
        await fsp.mkdir(target, { mode: 0o700 });
        this.written.set(p, 'dir');
      }
      this.dirMeta.set(p, { mode: permissions(h.mode, 0o755), mtime: h.mtime });
      this.counts.directories++;
    } else if (kind === 'file') {
      await writeEntryBody(body, target);
      await fsp.chmod(target, permissions(h.mode, 0o644));
      if (h.mtime) await fsp.utimes(target, h.mtime, h.mtime);
      this.written.set(p, 'file');
      this.counts.files++;
      this.counts.bytes += h.size ?? 0;
    } else if (kind === 'symlink') {
      // The link's text is data: it may point anywhere, it is only never followed while writing.
      await fsp.symlink(h.linkname ?? '', target);
      if (h.mtime) await fsp.lutimes(target, h.mtime, h.mtime);
      this.written.set(p, 'symlink');
      this.counts.symlinks++;
    } else {
      const linked = layerEntryPath(h.linkname ?? '');
      if (linked === undefined || linked === '') throw this.refuse(h.name, `is a hard link to ${JSON.stringify(h.linkname)}, outside the destination folder`);
      // `written` forgets every path under a folder that was replaced, so a "file" here was
      // reached through real folders only.
      if (this.written.get(linked) !== 'file') throw this.refuse(h.name, `is a hard link to ${JSON.stringify(h.linkname)}, which is not a file extracted before it`);
      await fsp.link(this.at(linked), target);
      this.written.set(p, 'file');
      this.counts.hardLinks++;
    }
  }

  /** Applies folder modes and times, deepest first (a folder's time changes as its children land). */
  async finish(): Promise<void> {
    const dirs = [...this.dirMeta.entries()].sort((a, b) => depth(b[0]) - depth(a[0]));
    for (const [p, meta] of dirs) {
      const target = this.at(p);
      await fsp.chmod(target, meta.mode);
      if (meta.mtime) await fsp.utimes(target, meta.mtime, meta.mtime);
    }
    if (!this.dirMeta.has('')) await fsp.chmod(this.root, 0o755);
  }

  /** Waits out the entry a failed or cancelled walk left running (its file is closed by then). */
  async settle(): Promise<void> {
    await this.inFlight.catch(() => undefined);
  }

  /**
   * Where a cleaned layer path lands, checked once more to be inside the folder: a last line
   * behind layerEntryPath and the Windows separator check in apply().
   */
  private at(p: string): string {
    const full = path.join(this.root, ...p.split('/'));
    if (full !== this.root && !full.startsWith(this.root + path.sep)) throw this.refuse(p, 'escapes the destination folder');
    return full;
  }

  private refuse(name: string, why: string): LadingError {
    return new LadingError(`layer ${this.digest.slice(7, 19)}: entry ${JSON.stringify(name)} ${why}`);
  }

  /**
   * Checks every folder above `p` and creates the missing ones (tar's implied parents, 0755).
   * A parent the layer made a symlink (or a file) is refused: writing below it would follow it.
   */
  private async makeParents(name: string, p: string): Promise<void> {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      const was = this.written.get(parent);
      if (was === 'symlink') throw this.refuse(name, `would be written through the symbolic link /${parent}`);
      if (was === 'file') throw this.refuse(name, `is below /${parent}, which is a file`);
      if (was === undefined) {
        // No `recursive`: mkdir of an existing name fails rather than following what is there.
        await fsp.mkdir(this.at(parent), { mode: 0o700 });
        this.written.set(parent, 'dir');
        this.dirMeta.set(parent, { mode: 0o755 });
      }
    }
  }

  /** A later entry replaces an earlier one at the same path, except folder over folder (docker's rule). */
  private async clearForReplacement(p: string, isDir: boolean): Promise<void> {
    const was = this.written.get(p);
    if (was === undefined || (was === 'dir' && isDir)) return;
    await fsp.rm(this.at(p), { recursive: true, force: true });
    for (const map of [this.written, this.dirMeta] as Map<string, unknown>[]) {
      for (const k of [...map.keys()]) if (k === p || k.startsWith(`${p}/`)) map.delete(k);
    }
  }
}

function permissions(mode: number | undefined, fallback: number): number {
  return (mode ?? fallback) & 0o777;
}

function depth(p: string): number {
  return p === '' ? 0 : p.split('/').length;
}
