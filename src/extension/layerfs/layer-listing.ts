// The files of one layer, read lazily from its tar (through the decompressor its bytes call
// for) into a folder tree. Whiteouts (`.wh.name`, `.wh..wh..opq`) are kept and marked, since
// they are how a layer deletes files of the layers below.
import * as path from 'node:path/posix';
import { Readable } from 'node:stream';
import { readEntryBody, walkLayerEntries } from '../../engine/archive/layer-entries';
import { layerEntryPath } from '../../engine/build/image-fs';

export interface LayerEntry {
  /** Path inside the image, no leading slash; for a whiteout, the path it deletes. */
  path: string;
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'link' | 'other';
  size: number;
  mode: number;
  linkname?: string;
  whiteout?: 'file' | 'opaque';
  children?: Map<string, LayerEntry>;
}

/**
 * Names are read as docker applies a layer (as the build and extraction read them): `/etc/x` is
 * `etc/x`, and a relative name whose `..` leaves the root names nothing, so it is not listed and
 * cannot be opened, rather than appearing under a path it does not have.
 */
function cleanPath(name: string): string | undefined {
  return layerEntryPath(name);
}

function newDir(p: string): LayerEntry {
  return { path: p, name: path.basename(p) || '/', type: 'directory', size: 0, mode: 0o755, children: new Map() };
}

/** Reads a layer tar stream into a tree rooted at `/`. */
export async function listLayer(source: Readable): Promise<LayerEntry> {
  const root = newDir('');
  const dirFor = (p: string): LayerEntry => {
    if (p === '' || p === '.') return root;
    const parent = dirFor(path.dirname(p) === '.' ? '' : path.dirname(p));
    const name = path.basename(p);
    let d = parent.children!.get(name);
    if (!d) {
      d = newDir(p);
      parent.children!.set(name, d);
    } else if (!d.children) {
      d.children = new Map();
    }
    return d;
  };
  await walkLayerEntries(source, (header) => {
    const p = cleanPath(header.name);
    if (!p) return;
    const dirName = path.dirname(p) === '.' ? '' : path.dirname(p);
    const base = path.basename(p);
    if (header.type === 'directory') {
      const d = dirFor(p);
      d.mode = header.mode ?? d.mode;
    } else if (base === '.wh..wh..opq') {
      const d = dirFor(dirName);
      d.whiteout = 'opaque';
    } else {
      const whiteout = base.startsWith('.wh.');
      const name = whiteout ? base.slice(4) : base;
      const type = header.type === 'file' || header.type === 'contiguous-file' ? 'file' : header.type === 'symlink' ? 'symlink' : header.type === 'link' ? 'link' : 'other';
      const entryPath = dirName ? `${dirName}/${name}` : name;
      dirFor(dirName).children!.set(name, {
        path: entryPath,
        name,
        type: whiteout ? 'other' : type,
        size: header.size ?? 0,
        mode: header.mode ?? 0o644,
        linkname: header.linkname ?? undefined,
        whiteout: whiteout ? 'file' : undefined,
      });
    }
  });
  return root;
}

/** Reads one regular file out of a layer tar (hard links followed once, inside the layer). */
export async function readLayerFile(source: () => Readable, filePath: string, maxBytes = 16 * 1024 * 1024): Promise<Buffer> {
  const want = cleanPath(filePath);
  const found = want ? await scan(source(), want, maxBytes) : { kind: 'missing' as const };
  if (found.kind === 'data') return found.data;
  const target = found.kind === 'link' ? cleanPath(found.target) : undefined;
  if (target) {
    const again = await scan(source(), target, maxBytes);
    if (again.kind === 'data') return again.data;
  }
  throw new Error(`${filePath} is not a regular file of this layer`);
}

type ScanResult = { kind: 'data'; data: Buffer } | { kind: 'link'; target: string } | { kind: 'missing' };

async function scan(source: Readable, want: string, maxBytes: number): Promise<ScanResult> {
  let result: ScanResult = { kind: 'missing' };
  await walkLayerEntries(source, async (header, body) => {
    if (result.kind !== 'missing' || cleanPath(header.name) !== want) return;
    if (header.type === 'link' && header.linkname) {
      result = { kind: 'link', target: header.linkname };
    } else if (header.type === 'file' || header.type === 'contiguous-file') {
      if ((header.size ?? 0) > maxBytes) throw new Error(`${want} is larger than ${maxBytes} bytes`);
      result = { kind: 'data', data: await readEntryBody(body) };
    }
  });
  return result;
}
