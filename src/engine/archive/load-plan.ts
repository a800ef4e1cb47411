// What a verified archive contributes to the store: per image, the manifest bytes to store, the
// members that become blobs, and the names to tag. Readers build plans; load.ts applies them.
import { Descriptor, MediaType } from '../image/types';
import { formatReference, parseNormalizedTagged } from '../reference/reference';
import { LadingError } from '../errors';
import { SpooledMember } from './spool';

export interface PlannedBlob {
  member: SpooledMember;
  digest: string;
  /** Set for layers: the DiffID and uncompressed size to record in the layer cache. */
  layer?: { diffId: string; size: number };
}

export interface PlannedImage {
  /** Image ID: the config digest. */
  id: string;
  manifest: Buffer;
  manifestDescriptor: Descriptor;
  blobs: PlannedBlob[];
  /** Full references (`docker.io/library/busybox:latest`) to tag. */
  names: string[];
}

export function layerMediaTypeFor(compression: 'gzip' | 'zstd' | 'none'): string {
  if (compression === 'gzip') return MediaType.ociLayerGzip;
  if (compression === 'zstd') return MediaType.ociLayerZstd;
  return MediaType.ociLayer;
}

/** Parses a name as written in an archive (`busybox:1`, `docker.io/x/y:z`) into a full tag ref. */
export function archiveTagToRef(name: string): string {
  try {
    const ref = parseNormalizedTagged(name);
    if (ref.digest) throw new Error('digest');
    return formatReference(ref);
  } catch {
    throw new LadingError(`invalid archive: invalid image name "${name}"`, 'EARCHIVE');
  }
}

/** Merges plans that describe the same manifest (one entry per tag in index.json). */
export function mergePlans(plans: PlannedImage[]): PlannedImage[] {
  const byDigest = new Map<string, PlannedImage>();
  for (const p of plans) {
    const seen = byDigest.get(p.manifestDescriptor.digest);
    if (!seen) byDigest.set(p.manifestDescriptor.digest, { ...p, names: [...new Set(p.names)] });
    else for (const n of p.names) if (!seen.names.includes(n)) seen.names.push(n);
  }
  return [...byDigest.values()];
}

/** Checks the layers' DiffIDs against the config's rootfs.diff_ids, in order. */
export function assertDiffIds(configDiffIds: unknown, layers: { diffId?: string; name: string }[], image: string): void {
  if (!Array.isArray(configDiffIds)) throw new LadingError(`invalid archive: config of ${image} has no rootfs.diff_ids`, 'EARCHIVE');
  if (configDiffIds.length !== layers.length) {
    throw new LadingError(`invalid archive: ${image} has ${layers.length} layers but its config lists ${configDiffIds.length} diff_ids`, 'EARCHIVE');
  }
  layers.forEach((l, i) => {
    if (l.diffId !== configDiffIds[i]) {
      throw new LadingError(`invalid archive: layer ${i + 1} of ${image} ("${l.name}") has DiffID ${l.diffId ?? 'unknown'}, but the config expects ${String(configDiffIds[i])}`, 'EARCHIVE');
    }
  });
}
