// Small tar helpers for tests: build archives member by member, read small archives whole.
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';

export interface TestMember {
  name: string;
  data?: string | Buffer;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  linkname?: string;
  /** Header size when it should differ from the data (a lying header). */
  size?: number;
}

export async function writeTar(file: string, members: TestMember[]): Promise<string> {
  const pack = tar.pack();
  const done = pipeline(pack, createWriteStream(file));
  for (const m of members) {
    const type = m.type ?? 'file';
    if (type === 'file') {
      const data = typeof m.data === 'string' ? Buffer.from(m.data) : (m.data ?? Buffer.alloc(0));
      await new Promise<void>((res, rej) => pack.entry({ name: m.name, size: data.length, mode: 0o644 }, data, (e) => (e ? rej(e) : res())));
    } else {
      await new Promise<void>((res, rej) => pack.entry({ name: m.name, type, linkname: m.linkname, mode: 0o755 }, (e) => (e ? rej(e) : res())));
    }
  }
  pack.finalize();
  await done;
  return file;
}

/** Reads every member of a (maybe gzipped) archive into memory: for small test archives. */
export async function readTarMembers(file: string, gzip = false): Promise<TestMember[]> {
  const extract = tar.extract();
  const out: TestMember[] = [];
  const reading = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      const h = entry.header;
      out.push({ name: h.name, data: Buffer.concat(chunks), type: (h.type as TestMember['type']) ?? 'file', linkname: h.linkname ?? undefined });
    }
  })();
  if (gzip) await pipeline(createReadStream(file), createGunzip(), extract);
  else await pipeline(createReadStream(file), extract);
  await reading;
  return out;
}

export function memberJson<T>(members: TestMember[], name: string): T {
  const m = members.find((x) => x.name === name);
  if (!m) throw new Error(`no member ${name}`);
  return JSON.parse(String(m.data)) as T;
}
