// Reads a tar stream member by member, refusing names and links that would escape the archive.
// Archive members are never extracted to the file system by name: callers get a normalised
// member name and the member's bytes as a stream.
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { LadingError, throwIfAborted } from '../errors';

export interface TarMember {
  /** Normalised relative name: `blobs/sha256/abc`, `abc/layer.tar` (no `./`, no trailing `/`). */
  name: string;
  type: 'file' | 'directory' | 'link';
  size: number;
  /** For links (symbolic or hard): the normalised member they point at. */
  target?: string;
}

export class UnsafeArchiveError extends LadingError {
  constructor(what: string) {
    super(`invalid archive: ${what}`, 'EARCHIVE');
  }
}

/** Normalises a member name; throws for absolute names and names leaving the archive root. */
export function safeMemberName(raw: string): string {
  if (raw.includes('\0')) throw new UnsafeArchiveError(`member name contains a NUL byte`);
  if (raw.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(raw) || raw.startsWith('\\')) {
    throw new UnsafeArchiveError(`member "${raw}" has an absolute path`);
  }
  const parts = raw.replace(/\\/g, '/').split('/');
  if (parts.includes('..')) throw new UnsafeArchiveError(`member "${raw}" points outside the archive`);
  return parts.filter((p) => p !== '' && p !== '.').join('/');
}

/**
 * Resolves a link target. Symbolic links are relative to the link's folder (`a/layer.tar` →
 * `../b.tar` is `b.tar`), hard links name a member. Targets leaving the archive are refused.
 */
export function resolveLinkTarget(member: string, linkname: string, symbolic: boolean): string {
  if (linkname.startsWith('/')) throw new UnsafeArchiveError(`link "${member}" points to an absolute path "${linkname}"`);
  const base = symbolic ? path.posix.dirname(member) : '.';
  const joined = path.posix.normalize(path.posix.join(base, linkname));
  if (joined === '..' || joined.startsWith('../') || joined.startsWith('/')) {
    throw new UnsafeArchiveError(`link "${member}" points outside the archive ("${linkname}")`);
  }
  return joined === '.' ? '' : joined.replace(/\/$/, '');
}

function describe(h: Parameters<tar.Pack['entry']>[0]): TarMember {
  const name = safeMemberName(h.name);
  const type = h.type ?? 'file';
  let m: TarMember;
  if (type === 'file' || type === 'contiguous-file') m = { name, type: 'file', size: h.size ?? 0 };
  else if (type === 'directory') m = { name, type: 'directory', size: 0 };
  else if (type === 'symlink' || type === 'link') {
    m = { name, type: 'link', size: 0, target: resolveLinkTarget(name, h.linkname ?? '', type === 'symlink') };
  } else {
    // Devices and fifos have no place in an image archive.
    throw new UnsafeArchiveError(`member "${name}" has unsupported type ${type}`);
  }
  if (name === '' && m.type !== 'directory') throw new UnsafeArchiveError('member with an empty name');
  return m;
}

/**
 * Calls `onMember` for every member in order, with a stream of its bytes (empty for directories
 * and links). The handler must consume the stream. Fails on a truncated or malformed archive.
 */
export async function readTar(
  source: Readable,
  onMember: (m: TarMember, data: Readable) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const extract = tar.extract();
  // A truncated archive makes the extractor fail while a member is being consumed; the member's
  // stream then never ends, so every wait below also races this failure.
  let fail: (e: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  extract.on('error', (e: Error) => fail(e));
  source.on('error', (e) => {
    fail(e);
    extract.destroy(e);
  });
  source.pipe(extract);
  let members = 0;
  try {
    for await (const entry of extract) {
      throwIfAborted(signal);
      members++;
      const m = describe(entry.header);
      // tar-stream's member streams are streamx streams: Node's pipeline() never settles on one
      // that failed before it was attached. A Node stream over its iterator always settles.
      const data = Readable.from(entry as AsyncIterable<Buffer>, { objectMode: false, highWaterMark: 1 << 20 });
      // Failures reach the handler through its own reads, and us through `failed`.
      data.on('error', () => undefined);
      const handling = onMember(m, data);
      try {
        await Promise.race([handling, failed]);
      } catch (e) {
        // Stop the handler and wait for it, so it leaves no temp file behind.
        data.destroy(e as Error);
        await handling.catch(() => undefined);
        throw e;
      }
      data.resume();
    }
  } catch (e) {
    source.unpipe(extract);
    source.destroy();
    extract.destroy();
    if (e instanceof LadingError) throw e;
    const msg = (e as Error).message;
    if (/unexpected end|invalid tar header|unexpected end of file|incorrect header check|invalid/i.test(msg)) {
      throw new UnsafeArchiveError(`the archive is truncated or corrupt (${msg})`);
    }
    throw e;
  }
  if (members === 0) throw new UnsafeArchiveError('the archive is empty');
}
