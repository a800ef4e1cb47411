// The files of one layer, read lazily from its tar (through the decompressor its bytes call
// for) into a folder tree. Whiteouts (`.wh.name`, `.wh..wh..opq`) are kept and marked, since
// they are how a layer deletes files of the layers below.
import * as path from 'node:path/posix';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { autoDecompress } from '../../engine/util/compression';

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

function cleanPath(name: string): string {
  return path.normalize(`/${name}`).replace(/^\/+/, '').replace(/\/+$/, '');
}

function newDir(p: string): LayerEntry {
  return { path: p, name: path.basename(p) || '/', type: 'directory', size: 0, mode: 0o755, children: new Map() };
}

/** Reads a layer tar stream into a tree rooted at `/`. */
export async function listLayer(source: Readable): Promise<LayerEntry> {
  const root = newDir('');
  const { stream } = await autoDecompress(source);
  const extract = tar.extract();
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
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, body, next) => {
      try {
        const p = cleanPath(header.name);
        if (p) {
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
        }
      } catch (e) {
        reject(e);
      }
      body.on('end', next);
      body.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
    stream.on('error', reject);
  });
  stream.pipe(extract);
  await done;
  return root;
}

/** Reads one regular file out of a layer tar (hard links followed once, inside the layer). */
export async function readLayerFile(source: () => Readable, filePath: string, maxBytes = 16 * 1024 * 1024): Promise<Buffer> {
  const want = cleanPath(filePath);
  const found = await scan(source(), want, maxBytes);
  if (found.kind === 'data') return found.data;
  if (found.kind === 'link') {
    const again = await scan(source(), cleanPath(found.target), maxBytes);
    if (again.kind === 'data') return again.data;
  }
  throw new Error(`${filePath} is not a regular file of this layer`);
}

type ScanResult = { kind: 'data'; data: Buffer } | { kind: 'link'; target: string } | { kind: 'missing' };

async function scan(source: Readable, want: string, maxBytes: number): Promise<ScanResult> {
  const { stream } = await autoDecompress(source);
  const extract = tar.extract();
  return new Promise<ScanResult>((resolve, reject) => {
    let result: ScanResult = { kind: 'missing' };
    extract.on('entry', (header, body, next) => {
      if (result.kind === 'missing' && cleanPath(header.name) === want) {
        if (header.type === 'link' && header.linkname) {
          result = { kind: 'link', target: header.linkname };
        } else if (header.type === 'file' || header.type === 'contiguous-file') {
          if ((header.size ?? 0) > maxBytes) {
            reject(new Error(`${want} is larger than ${maxBytes} bytes`));
            stream.destroy();
            return;
          }
          const chunks: Buffer[] = [];
          body.on('data', (c: unknown) => chunks.push(c as Buffer));
          body.on('end', () => {
            result = { kind: 'data', data: Buffer.concat(chunks) };
            next();
          });
          return;
        }
      }
      body.on('end', next);
      body.resume();
    });
    extract.on('finish', () => resolve(result));
    extract.on('error', reject);
    stream.on('error', reject);
    stream.pipe(extract);
  });
}
