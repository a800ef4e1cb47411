// Images as docker sees them: grouped by image ID (the config digest), with their tags and
// repo digests, resolved by name, digest, full ID or unique ID prefix.
import { LadingError, NoSuchImageError } from '../errors';
import { Descriptor, ImageConfig, Manifest, isManifestMediaType } from '../image/types';
import { formatReference, fullName, looksLikeImageId, parseReference, tryParseReference, withDefaultTag } from '../reference/reference';
import { entryRepoDigest, entryTag } from './index-entries';
import { Store } from './store';

export interface StoredImage {
  /** Image ID: `sha256:` + config digest hex. */
  id: string;
  config: ImageConfig;
  /** The first manifest of this image in the store (there is nearly always one). */
  manifest: Manifest;
  manifestDescriptor: Descriptor;
  /** Every index.json entry for this image. */
  entries: Descriptor[];
  /** Full references: `docker.io/library/busybox:latest`. */
  repoTags: string[];
  /** Full references: `docker.io/library/busybox@sha256:…`. */
  repoDigests: string[];
  /** Sum of uncompressed layer sizes, as docker reports. */
  size: number;
  created?: Date;
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** Loads every image of the store, newest first. Entries whose blobs are unreadable are skipped. */
export async function listImages(store: Store): Promise<StoredImage[]> {
  const index = await store.readIndex();
  const byId = new Map<string, StoredImage>();
  const manifestCache = new Map<string, Manifest | null>();
  for (const entry of index.manifests) {
    let manifest = manifestCache.get(entry.digest);
    if (manifest === undefined) {
      manifest = await loadManifest(store, entry).catch(() => null);
      manifestCache.set(entry.digest, manifest);
    }
    if (!manifest) continue;
    const id = manifest.config.digest;
    let img = byId.get(id);
    if (!img) {
      const config = await store.blobs.readJson<ImageConfig>(id).catch(() => undefined);
      if (!config) continue;
      img = {
        id,
        config,
        manifest,
        manifestDescriptor: { mediaType: entry.mediaType, digest: entry.digest, size: entry.size },
        entries: [],
        repoTags: [],
        repoDigests: [],
        size: await imageSize(store, manifest),
        created: config.created ? new Date(config.created) : undefined,
      };
      byId.set(id, img);
    }
    img.entries.push(entry);
    const tag = entryTag(entry);
    if (tag && !img.repoTags.includes(tag)) img.repoTags.push(tag);
    const rd = entryRepoDigest(entry);
    if (rd && !img.repoDigests.includes(rd)) img.repoDigests.push(rd);
  }
  return [...byId.values()].sort((a, b) => (b.created?.getTime() ?? 0) - (a.created?.getTime() ?? 0));
}

export async function loadManifest(store: Store, d: Descriptor): Promise<Manifest> {
  const m = await store.blobs.readJson<Manifest>(d.digest);
  if (!m || typeof m !== 'object' || !m.config || !Array.isArray(m.layers)) {
    throw new LadingError(`${d.digest} is not an image manifest`);
  }
  if (!isManifestMediaType(m.mediaType ?? d.mediaType) && !m.config.digest) {
    throw new LadingError(`${d.digest} is not an image manifest`);
  }
  return m;
}

export async function imageSize(store: Store, manifest: Manifest): Promise<number> {
  let total = 0;
  for (const l of manifest.layers) {
    const info = await store.layers.get(l).catch(() => ({ size: l.size }));
    total += info.size;
  }
  return total;
}

/**
 * Finds an image the way docker does: a full `sha256:` ID; then a reference (tag, or repo digest,
 * or a manifest digest under a known repository); then a unique ID prefix.
 */
export async function resolveImage(store: Store, nameOrId: string, images?: StoredImage[]): Promise<StoredImage> {
  const all = images ?? (await listImages(store));
  const input = nameOrId.trim();
  if (/^sha256:[a-f0-9]{64}$/.test(input)) {
    const hit = all.find((i) => i.id === input);
    if (hit) return hit;
    throw new NoSuchImageError(nameOrId);
  }
  const ref = tryParseReference(input);
  if (ref) {
    const full = withDefaultTag(ref);
    if (full.digest) {
      const repo = fullName(full);
      const want = `${repo}@${full.digest}`;
      const hit =
        all.find((i) => i.repoDigests.includes(want)) ??
        all.find((i) => i.entries.some((e) => e.digest === full.digest) && [...i.repoTags, ...i.repoDigests].some((n) => n.startsWith(`${repo}:`) || n.startsWith(`${repo}@`)));
      if (hit) return hit;
    } else {
      const tag = formatReference(full);
      const hit = all.find((i) => i.repoTags.includes(tag));
      if (hit) return hit;
    }
  }
  if (looksLikeImageId(input)) {
    const prefix = input.startsWith('sha256:') ? input : `sha256:${input}`;
    const hits = all.filter((i) => i.id.startsWith(prefix));
    if (hits.length === 1) return hits[0];
    if (hits.length > 1) throw new LadingError(`multiple IDs found with provided prefix: ${input}`);
  }
  if (!ref) parseReference(input); // throws docker's "invalid reference format" message
  throw new NoSuchImageError(nameOrId);
}
