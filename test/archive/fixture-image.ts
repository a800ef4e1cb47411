// Test images written straight into a store through its APIs: real rootfs layers (busybox or
// small synthetic files), digest-correct config and manifest, tagged in index.json.
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { createGunzip } from 'node:zlib';
import { Store } from '../../src/engine/store/store';
import { setTag } from '../../src/engine/store/index-entries';
import { MediaType, Manifest, ImageConfig, Descriptor } from '../../src/engine/image/types';
import { writeRootfsTar } from '../helpers/rootfs';
import { tempDir } from '../helpers/tmp';

export interface FixtureLayer {
  files?: Record<string, string | Buffer>;
  busybox?: boolean;
}

export interface FixtureImage {
  id: string;
  manifestDigest: string;
  diffIds: string[];
  layerDigests: string[];
  config: ImageConfig;
}

async function hashFile(file: string, gunzip: boolean): Promise<{ digest: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  const s = gunzip ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
  for await (const c of s) {
    h.update(c as Buffer);
    size += (c as Buffer).length;
  }
  return { digest: `sha256:${h.digest('hex')}`, size };
}

/** Adds an image made of `layers` to the store and tags it `ref` (a full reference). */
export async function addFixtureImage(store: Store, ref: string | undefined, layers: FixtureLayer[], opts: { gzip?: boolean; label?: string } = {}): Promise<FixtureImage> {
  const dir = tempDir('lading-fixture-');
  const descs: Descriptor[] = [];
  const diffIds: string[] = [];
  for (const [i, l] of layers.entries()) {
    const file = path.join(dir, `layer${i}.tar${opts.gzip ? '.gz' : ''}`);
    await writeRootfsTar(file, { files: l.files, noBusybox: !l.busybox, gzip: opts.gzip });
    const diff = await hashFile(file, Boolean(opts.gzip));
    const blob = await store.blobs.writeStream(createReadStream(file));
    await store.layers.record(blob.digest, { diffId: diff.digest, size: diff.size });
    descs.push({ mediaType: opts.gzip ? MediaType.ociLayerGzip : MediaType.ociLayer, digest: blob.digest, size: blob.size });
    diffIds.push(diff.digest);
  }
  const config: ImageConfig = {
    created: '2024-01-01T00:00:00Z',
    architecture: 'amd64',
    os: 'linux',
    config: { Env: ['PATH=/bin'], Cmd: ['/bin/sh'], Labels: opts.label ? { 'test.label': opts.label } : undefined },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: diffIds.map((_, i) => ({ created: '2024-01-01T00:00:00Z', created_by: `layer ${i}` })),
  };
  const cfg = await store.blobs.writeJson(config);
  const manifest: Manifest = { schemaVersion: 2, mediaType: MediaType.ociManifest, config: { mediaType: MediaType.ociConfig, digest: cfg.digest, size: cfg.size }, layers: descs };
  const m = await store.blobs.writeJson(manifest);
  const desc = { mediaType: MediaType.ociManifest, digest: m.digest, size: m.size };
  await store.updateIndex((idx) => (ref ? setTag(idx, desc, ref) : { ...idx, manifests: [...idx.manifests, desc] }));
  await fsp.rm(dir, { recursive: true, force: true });
  return { id: cfg.digest, manifestDigest: m.digest, diffIds, layerDigests: descs.map((d) => d.digest), config };
}

/** index.json and the sorted blob list: what must not change when a load fails. */
export async function storeSnapshot(store: Store): Promise<string> {
  const index = await fsp.readFile(store.indexPath, 'utf8');
  const blobs: string[] = [];
  for await (const d of store.blobs.list()) blobs.push(d);
  const tmp = await fsp.readdir(path.join(store.root, 'lading', 'tmp')).catch(() => []);
  return JSON.stringify({ index, blobs: blobs.sort(), tmp });
}

/** Image ID, config and DiffIDs of a stored image, for comparisons across tools. */
export async function imageFacts(store: Store, ref: string): Promise<{ id: string; config: ImageConfig; diffIds: string[] }> {
  const { resolveImage } = await import('../../src/engine/store/images');
  const img = await resolveImage(store, ref);
  const diffIds: string[] = [];
  for (const l of img.manifest.layers) diffIds.push((await store.layers.get(l)).diffId);
  return { id: img.id, config: img.config, diffIds };
}
