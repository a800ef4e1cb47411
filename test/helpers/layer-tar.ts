// Hand-made layer tars for extraction tests: any entry type, mode, owner or name, malicious
// ones included, stored as a blob (plain or gzip) of a temp store.
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import { Store } from '../../src/engine/store/store';

export interface LayerMember {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'fifo' | 'character-device' | 'block-device';
  data?: string | Buffer;
  linkname?: string;
  mode?: number;
  uid?: number;
  mtime?: Date;
}

/** A fixed time, so that times written to disk can be compared. */
export const LAYER_MTIME = new Date('2024-03-01T12:00:00Z');

export async function layerTar(members: LayerMember[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const done = new Promise<void>((r) => pack.on('end', () => r()));
  for (const m of members) {
    const type = m.type ?? 'file';
    const header = { name: m.name, type, linkname: m.linkname, uid: m.uid ?? 0, gid: 0, mtime: m.mtime ?? LAYER_MTIME };
    if (type === 'file') {
      const data = typeof m.data === 'string' ? Buffer.from(m.data) : (m.data ?? Buffer.alloc(0));
      pack.entry({ ...header, size: data.length, mode: m.mode ?? 0o644 }, data);
    } else {
      pack.entry({ ...header, mode: m.mode ?? (type === 'directory' ? 0o755 : 0o777) });
    }
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Stores the layer as a blob (gzip by default, as registries serve them); returns its digest. */
export async function storeLayer(store: Store, members: LayerMember[] | Buffer, opts: { gzip?: boolean } = {}): Promise<string> {
  const plain = Buffer.isBuffer(members) ? members : await layerTar(members);
  const ref = await store.blobs.writeBuffer(opts.gzip === false ? plain : gzipSync(plain));
  return ref.digest;
}
