// `extractFile`: saves ONE regular file of a layer to a path of the user's choosing. The content
// goes to a temp file beside the destination and is renamed over it once complete and checked,
// so a failed or cancelled save leaves the destination as it was.
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
import { layerDigest, openLayerSource } from './layer-source';

export interface ExtractFileResult {
  destFile: string;
  bytes: number;
  mode: number;
}

/** What a layer holds at a path, after its last entry there (tar's last-wins). */
type Found = { kind: 'file'; mode: number; bytes: number } | { kind: 'link'; target: string } | { kind: 'symlink'; target: string } | { kind: 'directory' } | { kind: 'other' };

/**
 * Writes the regular file at `pathInLayer` (`/etc/passwd` or `etc/passwd`) of one layer to
 * `destFile`, replacing it. Symbolic links are not followed: their target may live in another
 * layer or nowhere, so a symlink is refused with a line naming its target. A hard link is a
 * second name of a file in the same layer and is saved with that file's content.
 */
export async function extractFile(store: Store, layer: Descriptor | string, pathInLayer: string, destFile: string, ctx: OpContext = {}): Promise<ExtractFileResult> {
  const digest = layerDigest(layer);
  const short = digest.slice(7, 19);
  const want = layerEntryPath(pathInLayer);
  if (!want) throw new LadingError(`${JSON.stringify(pathInLayer)} does not name a file of a layer`);
  const dest = path.resolve(destFile);
  const folder = await fsp.stat(path.dirname(dest)).catch(() => undefined);
  if (!folder?.isDirectory()) throw new LadingError(`cannot save to ${dest}: the folder ${path.dirname(dest)} does not exist`);
  // Named as the store's temp files are (`.<name>.<pid>.<hex>`), so what a killed run left beside
  // the destination is recognised and removed by the next run to the same name.
  await removeDeadTempFiles(path.dirname(dest), { base: path.basename(dest), folders: false });
  const tmp = tempName(path.dirname(dest), path.basename(dest));
  try {
    let found = await scanInto(store, digest, want, tmp, ctx);
    if (found?.kind === 'link') {
      const target = layerEntryPath(found.target);
      if (!target) throw new LadingError(`/${want} in layer ${short} is a hard link outside the layer ("${found.target}")`);
      found = await scanInto(store, digest, target, tmp, ctx);
      if (found?.kind !== 'file') throw new LadingError(`/${want} in layer ${short} is a hard link to /${target}, which is not a file of this layer`);
    }
    if (!found) throw new LadingError(`/${want}: no such file in layer ${short}`);
    if (found.kind === 'symlink') throw new LadingError(`/${want} in layer ${short} is a symbolic link to ${found.target}: it has no content of its own to save`);
    if (found.kind === 'directory') throw new LadingError(`/${want} in layer ${short} is a folder, not a file`);
    if (found.kind !== 'file') throw new LadingError(`/${want} in layer ${short} is a device or fifo, not a regular file`);
    throwIfAborted(ctx.signal);
    await fsp.chmod(tmp, found.mode);
    try {
      await fsp.rename(tmp, dest);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw new LadingError(`cannot save to ${dest}: it is a folder`);
      throw e;
    }
    await fsyncDir(path.dirname(dest));
    return { destFile: dest, bytes: found.bytes, mode: found.mode };
  } finally {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
  }
}

/**
 * Walks the whole layer (the last entry at a path wins) and writes the content of each regular
 * file entry at `want` to `tmp`. The layer's digest is checked by the end of the walk.
 */
async function scanInto(store: Store, digest: string, want: string, tmp: string, ctx: OpContext): Promise<Found | undefined> {
  let total = 0;
  const source = await openLayerSource(store, digest, (read) => ctx.onProgress?.({ kind: 'layer', id: digest, status: 'Reading', current: read, total }));
  total = source.size;
  let found: Found | undefined;
  // The matching entry being written: a failed walk stops waiting for it, the caller's cleanup
  // of `tmp` must not (or the file could be created again after it was removed).
  let inFlight: Promise<void> = Promise.resolve();
  const onEntry = async (h: tar.Header, body: Readable): Promise<void> => {
    if (layerEntryPath(h.name) !== want) return;
    if (h.type === 'file' || h.type === 'contiguous-file') {
      // Our own temp name: a second entry at the path replaces what the first one wrote.
      await fsp.rm(tmp, { force: true });
      await writeEntryBody(body, tmp);
      found = { kind: 'file', mode: (h.mode ?? 0o644) & 0o777, bytes: h.size ?? 0 };
    } else if (h.type === 'link') {
      found = { kind: 'link', target: h.linkname ?? '' };
    } else if (h.type === 'symlink') {
      found = { kind: 'symlink', target: h.linkname ?? '' };
    } else {
      found = { kind: h.type === 'directory' ? 'directory' : 'other' };
    }
  };
  try {
    await walkLayerEntries(source.stream as Readable, (h, body) => (inFlight = onEntry(h, body)), { signal: ctx.signal });
  } catch (e) {
    await inFlight.catch(() => undefined);
    throw e;
  }
  return found;
}
