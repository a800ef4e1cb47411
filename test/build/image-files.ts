// Reads a stored image's files straight from its layer blobs (independently of the engine), so
// tests can check contents, modes and owners as a runtime would see them.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tar from 'tar-stream';

export interface ImageFile {
  type: string;
  mode: number;
  uid: number;
  gid: number;
  linkname?: string;
  data: Buffer;
}

function blob(store: string, digest: string): Buffer {
  return readFileSync(path.join(store, 'blobs', 'sha256', digest.replace('sha256:', '')));
}

export function manifestOf(store: string, fullRef: string): { config: { digest: string }; layers: { digest: string; mediaType: string }[] } {
  const index = JSON.parse(readFileSync(path.join(store, 'index.json'), 'utf8')) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  const entry = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === fullRef);
  if (!entry) throw new Error(`${fullRef} not in the store`);
  return JSON.parse(blob(store, entry.digest).toString('utf8'));
}

async function readLayer(bytes: Buffer, files: Map<string, ImageFile>): Promise<void> {
  const plain = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  const extract = tar.extract();
  await new Promise<void>((resolve, reject) => {
    extract.on('entry', (h, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (c: unknown) => chunks.push(c as Buffer));
      body.on('end', () => {
        const name = h.name.replace(/^\.?\//, '').replace(/\/$/, '');
        files.set(name, { type: h.type ?? 'file', mode: (h.mode ?? 0) & 0o7777, uid: h.uid ?? 0, gid: h.gid ?? 0, linkname: h.linkname ?? undefined, data: Buffer.concat(chunks) });
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
    extract.end(plain);
  });
}

/** Files of the image named by its full reference (`docker.io/library/app:1`), all layers applied (no whiteouts needed here). */
export async function imageFiles(store: string, fullRef: string): Promise<Map<string, ImageFile>> {
  const files = new Map<string, ImageFile>();
  for (const l of manifestOf(store, fullRef).layers) await readLayer(blob(store, l.digest), files);
  return files;
}
