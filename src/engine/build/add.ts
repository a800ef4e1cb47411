// What ADD does beyond COPY: a local tar archive (plain, gzip or zstd) is unpacked into DEST, and
// an http(s) URL is downloaded to DEST (DEST/name when DEST ends in `/`), mode 0600 as docker
// does, with the server's Last-Modified as mtime. Remote files are never unpacked.
import { createReadStream, createWriteStream, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { request } from 'undici';
import { cleanPath } from './image-fs';
import { LayerItem } from './layer-items';
import { CopyTarget } from './copy';
import { OpContext } from '../ops/context';
import { CancelledError, LadingError } from '../errors';
import { networkReason } from '../registry/network-errors';
import { redactUrl } from '../registry/transport';
import { autoDecompress } from '../util/compression';

export function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/** Whether a local file is a tar archive ADD unpacks (looks past gzip/zstd for the ustar magic). */
export async function isLocalArchive(file: string): Promise<boolean> {
  try {
    const { stream } = await autoDecompress(createReadStream(file, { end: 1 << 20 }));
    let head = Buffer.alloc(0);
    for await (const chunk of stream) {
      head = Buffer.concat([head, chunk as Buffer]);
      if (head.length >= 263) break;
    }
    stream.destroy();
    return head.length >= 263 && head.subarray(257, 262).toString('latin1') === 'ustar';
  } catch {
    return false;
  }
}

/** The archive as one item: its entries are streamed into the layer under DEST when packed. */
export function archiveItem(file: string, t: CopyTarget): LayerItem {
  // -1: keep what each entry says (docker keeps an archive's owners and modes unless told).
  return { path: cleanPath(t.dest), type: 'archive', file, mode: t.chmod ?? -1, uid: t.chown?.uid ?? -1, gid: t.chown?.gid ?? -1, mtime: new Date(0) };
}

const MAX_REDIRECTS = 5;

/** Downloads a URL for ADD into a file under `scratch` (removed by the caller after the build). */
export async function urlItem(url: string, t: CopyTarget, ctx: OpContext, scratch: string): Promise<LayerItem> {
  let current = new URL(url);
  // Messages never show user:password@ or a query string (pre-signed URLs carry tokens there).
  const shown = redactUrl(current);
  // A cancelled build says so, not undici's "This operation was aborted"; network failures read
  // as docker words them.
  const failed = (e: Error): never => {
    if (ctx.signal?.aborted) throw new CancelledError();
    throw new LadingError(`ADD ${shown}: ${networkReason(e, current) ?? e.message}`);
  };
  for (let i = 0; i <= MAX_REDIRECTS; i++) {
    const res = await request(current, { method: 'GET', signal: ctx.signal }).catch(failed);
    if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
      res.body.resume();
      current = new URL(String(res.headers.location), current);
      if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new LadingError(`ADD ${shown}: redirect to an unsupported URL scheme`);
      continue;
    }
    if (res.statusCode !== 200) {
      res.body.resume();
      throw new LadingError(`ADD ${shown}: failed to GET with status ${res.statusCode}`);
    }
    const name = path.posix.basename(new URL(url).pathname);
    let to = t.dest;
    if (to.endsWith('/')) {
      if (!name) {
        res.body.resume();
        throw new LadingError(`ADD ${shown}: cannot determine filename from url; give a destination file name`);
      }
      to = path.posix.join(to, name);
    }
    const file = path.join(scratch, `url-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    await pipeline(res.body, createWriteStream(file, { mode: 0o600 })).catch(failed);
    const size = (await fsp.stat(file)).size;
    const modified = res.headers['last-modified'] ? new Date(String(res.headers['last-modified'])) : undefined;
    return { path: cleanPath(to), type: 'file', mode: t.chmod ?? 0o600, uid: t.chown?.uid ?? 0, gid: t.chown?.gid ?? 0, mtime: modified && !isNaN(modified.getTime()) ? modified : new Date(0), file, size };
  }
  throw new LadingError(`ADD ${shown}: too many redirects`);
}
