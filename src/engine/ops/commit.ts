// `commit IMAGE FOLDER|TAR [REPOSITORY[:TAG]]`: docker's commit for a world without containers.
// The folder (packed deterministically) or tar becomes a new top layer over IMAGE, with the
// config changes, author and message recorded in the config and its history.
import { promises as fsp } from 'node:fs';
import { Readable } from 'node:stream';
import { applyChanges } from './change';
import { OpContext } from './context';
import { findImage, imageBlobs } from './find-image';
import { packFolder } from './folder-tar';
import { ImageWriteResult, OpenedSource, linkManifest, openSource, targetReference } from './import';
import { leaseUnderLock, writeJsonBlob, writeLayerFromTar } from './layer-writer';
import { LadingError } from '../errors';
import { HistoryEntry, ImageConfig, Manifest, MediaType } from '../image/types';
import { Store } from '../store/store';

export interface CommitOptions {
  /** The base image (name, ID or digest reference). */
  image: string;
  /** A folder, a tar file (plain/gzip/zstd) or a tar stream: the new layer's content. */
  source: string | Readable;
  reference?: string;
  changes?: string[];
  message?: string;
  author?: string;
}

async function layerSource(source: string | Readable, ctx: OpContext): Promise<OpenedSource> {
  if (typeof source === 'string' && !/^https?:\/\//i.test(source)) {
    const st = await fsp.stat(source).catch(() => undefined);
    if (!st) throw new LadingError(`${source}: no such file or directory`);
    if (st.isDirectory()) return { stream: packFolder(source) };
  }
  return openSource(source, ctx);
}

export async function commitImage(store: Store, opts: CommitOptions, ctx: OpContext = {}): Promise<ImageWriteResult> {
  const reference = targetReference(opts.reference);
  const base = await findImage(store, opts.image);
  const containerConfig = applyChanges(base.config.config, opts.changes ?? []);
  const lease = store.lease();
  try {
    // Keep the base image's blobs from a concurrent prune until the new image links them.
    await leaseUnderLock(store, lease, ...imageBlobs(base));
    for (const l of base.manifest.layers) {
      if (!(await store.blobs.has(l.digest))) throw new LadingError(`layer ${l.digest} of ${opts.image} is missing from the store`);
    }
    const src = await layerSource(opts.source, ctx);
    const layer = await writeLayerFromTar(store, lease, src.stream, ctx, { label: 'commit', total: src.size });
    const created = new Date().toISOString();
    const entry: HistoryEntry = { created, created_by: 'commit' };
    if (opts.author) entry.author = opts.author;
    if (opts.message) entry.comment = opts.message;
    const config: ImageConfig = {
      ...base.config,
      created,
      config: containerConfig,
      rootfs: { type: 'layers', diff_ids: [...(base.config.rootfs?.diff_ids ?? []), layer.diffId] },
      history: [...(base.config.history ?? []), entry],
    };
    if (opts.author) config.author = opts.author;
    else delete config.author;
    if (opts.message) config.comment = opts.message;
    else delete config.comment;
    const configDesc = await writeJsonBlob(store, lease, MediaType.ociConfig, config);
    const manifest: Manifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: configDesc,
      layers: [...base.manifest.layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })), layer.descriptor],
    };
    const manifestDesc = await writeJsonBlob(store, lease, MediaType.ociManifest, manifest);
    await linkManifest(store, manifestDesc, reference, ctx);
    return { id: configDesc.digest, manifest: manifestDesc, reference };
  } finally {
    lease.release();
  }
}
