// The Docker 25+ archive layout, which every docker since 1.10, podman and skopeo also load:
//   oci-layout, index.json (one entry per tag), manifest.json + repositories (legacy readers),
//   blobs/sha256/<hex> for configs, manifests and UNCOMPRESSED layers named by DiffID.
// manifest.json must point at uncompressed tars, so the OCI manifest written here lists those
// tars (media type application/vnd.oci.image.layer.v1.tar). For an image stored with compressed
// layers this is a new manifest with a different digest than the stored one, exactly as docker
// does; the image ID (config digest) and DiffIDs do not change.
import { LadingError } from '../errors';
import { Descriptor, ImageConfig, Manifest, MediaType, layerCompression } from '../image/types';
import { familiarName, familiarString, parseReference } from '../reference/reference';
import { CONTAINERD_NAME, REF_NAME } from '../store/annotations';
import { sha256Digest } from '../store/blobs';
import { Store } from '../store/store';
import { ArchiveEntry, SaveSelection, blobEntry, bytesEntry, dirEntry, uncompressedLayerEntry } from './archive-entries';

const hex = (d: string) => d.slice('sha256:'.length);

/** Index entries for one manifest: one per tag (docker's annotations), or one bare entry. */
export function indexEntriesFor(desc: Descriptor, tags: string[]): Descriptor[] {
  const bare = { mediaType: desc.mediaType, digest: desc.digest, size: desc.size };
  if (tags.length === 0) return [bare];
  return tags.map((t) => ({ ...bare, annotations: { [CONTAINERD_NAME]: t, [REF_NAME]: parseReference(t).tag ?? 'latest' } }));
}

interface Written {
  manifestDescriptor: Descriptor;
  entries: ArchiveEntry[];
}

async function imageEntries(store: Store, sel: SaveSelection): Promise<Written & { configName: string; layerNames: string[] }> {
  const img = sel.image;
  const configBytes = await store.blobs.readVerified(img.id);
  const config = JSON.parse(configBytes.toString('utf8')) as ImageConfig;
  const diffIds = config.rootfs?.diff_ids ?? [];
  const stored = img.manifest;
  if (diffIds.length !== stored.layers.length) throw new LadingError(`image ${img.id} is damaged: ${stored.layers.length} layers but ${diffIds.length} diff_ids`);
  const entries: ArchiveEntry[] = [bytesEntry(`blobs/sha256/${hex(img.id)}`, configBytes)];
  const layers: Descriptor[] = [];
  const layerEntries: ArchiveEntry[] = [];
  for (const [i, l] of stored.layers.entries()) {
    const info = await store.layers.get(l);
    if (info.diffId !== diffIds[i]) throw new LadingError(`image ${img.id} is damaged: layer ${l.digest} has DiffID ${info.diffId}, the config says ${diffIds[i]}`);
    layers.push({ mediaType: MediaType.ociLayer, digest: info.diffId, size: info.size });
    const name = `blobs/sha256/${hex(info.diffId)}`;
    layerEntries.push(layerCompression(l.mediaType) === 'none' ? blobEntry(store, name, l.digest, l.size) : uncompressedLayerEntry(store, name, l.digest, info.diffId, info.size));
  }
  // Reuse the stored manifest when it already lists uncompressed OCI layers: same digest.
  const reusable = (stored.mediaType ?? img.manifestDescriptor.mediaType) === MediaType.ociManifest && stored.layers.every((l) => l.mediaType === MediaType.ociLayer);
  let manifestBytes: Buffer;
  if (reusable) {
    manifestBytes = await store.blobs.readVerified(img.manifestDescriptor.digest);
  } else {
    const m: Manifest = { schemaVersion: 2, mediaType: MediaType.ociManifest, config: { mediaType: MediaType.ociConfig, digest: img.id, size: configBytes.length }, layers };
    if (stored.annotations) m.annotations = stored.annotations;
    manifestBytes = Buffer.from(JSON.stringify(m));
  }
  const manifestDescriptor = { mediaType: MediaType.ociManifest, digest: sha256Digest(manifestBytes), size: manifestBytes.length };
  entries.push(bytesEntry(`blobs/sha256/${hex(manifestDescriptor.digest)}`, manifestBytes), ...layerEntries);
  return { manifestDescriptor, entries, configName: `blobs/sha256/${hex(img.id)}`, layerNames: layers.map((l) => `blobs/sha256/${hex(l.digest)}`) };
}

/** Every member of a Docker 25+ archive of these images, shared blobs once, metadata first. */
export async function dockerArchiveEntries(store: Store, selections: SaveSelection[]): Promise<ArchiveEntry[]> {
  const index: Descriptor[] = [];
  const legacy: { Config: string; RepoTags: string[] | null; Layers: string[] }[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  const blobs: ArchiveEntry[] = [];
  const seen = new Set<string>();
  for (const sel of selections) {
    const w = await imageEntries(store, sel);
    index.push(...indexEntriesFor(w.manifestDescriptor, sel.tags));
    legacy.push({ Config: w.configName, RepoTags: sel.tags.length ? sel.tags.map((t) => familiarString(parseReference(t))) : null, Layers: w.layerNames });
    for (const t of sel.tags) {
      const ref = parseReference(t);
      const top = w.layerNames[w.layerNames.length - 1];
      if (top && ref.tag) (repositories[familiarName(ref)] ??= {})[ref.tag] = top.split('/').pop() as string;
    }
    for (const e of w.entries) {
      if (seen.has(e.name)) continue;
      seen.add(e.name);
      blobs.push(e);
    }
  }
  const indexDoc = { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: index };
  // Small blobs (configs, manifests) before the layers helps loaders that read in one pass.
  blobs.sort((a, b) => Number(Boolean(a.open)) - Number(Boolean(b.open)));
  return [
    dirEntry('blobs'),
    dirEntry('blobs/sha256'),
    bytesEntry('oci-layout', JSON.stringify({ imageLayoutVersion: '1.0.0' })),
    bytesEntry('index.json', JSON.stringify(indexDoc)),
    bytesEntry('manifest.json', JSON.stringify(legacy)),
    ...(Object.keys(repositories).length ? [bytesEntry('repositories', JSON.stringify(repositories))] : []),
    ...blobs,
  ];
}
