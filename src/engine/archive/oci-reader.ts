// Reads archives with an OCI `index.json`: plain OCI archives (skopeo `oci-archive:`, buildah,
// `lading save --format oci`) and Docker 25+ archives. Entries that point to an image index keep
// only the manifest for this machine's platform (or the only manifest the archive holds
// completely): the store tags manifests, as `docker load` does.
import { LadingError } from '../errors';
import { Descriptor, ImageConfig, Index, Manifest, hostPlatform, isIndexMediaType, layerCompression } from '../image/types';
import { platformMatches } from '../image/platform';
import { CONTAINERD_NAME } from '../store/annotations';
import { REF_NAME } from '../store/annotations';
import { archiveTagToRef, assertDiffIds, PlannedBlob, PlannedImage, mergePlans } from './load-plan';
import { assertNoDecompressError, Spool, SpooledMember } from './spool';
import { UnsafeArchiveError } from './safe-tar';

function blobMemberName(digest: string): string {
  const m = /^([a-z0-9]+):([a-f0-9]+)$/.exec(String(digest));
  if (!m || m[1] !== 'sha256' || m[2].length !== 64) throw new UnsafeArchiveError(`unsupported digest "${digest}"`);
  return `blobs/sha256/${m[2]}`;
}

/** The member of a descriptor, checked against its digest and size. */
function verifiedMember(spool: Spool, d: Descriptor, what: string): SpooledMember {
  const m = spool.require(blobMemberName(d.digest), what);
  if (m.digest !== d.digest) throw new LadingError(`invalid archive: ${what} ${d.digest} does not match its content (${m.digest})`, 'EARCHIVE');
  if (typeof d.size === 'number' && d.size !== m.size) throw new LadingError(`invalid archive: ${what} ${d.digest} has ${m.size} bytes, the descriptor says ${d.size}`, 'EARCHIVE');
  return m;
}

/**
 * Names for an index.json entry: containerd's full name first; else `ref.name` when it is a
 * whole reference (`busybox:1`, `reg/x:y`). A bare tag (`latest`) has no repository: untagged.
 */
export function namesFromAnnotations(a: Record<string, string> | undefined): string[] {
  const full = a?.[CONTAINERD_NAME];
  if (full) return [archiveTagToRef(full)];
  const ref = a?.[REF_NAME];
  if (ref && /[:/]/.test(ref)) {
    try {
      return [archiveTagToRef(ref)];
    } catch {
      return [];
    }
  }
  return [];
}

async function readDoc<T>(spool: Spool, d: Descriptor, what: string): Promise<{ doc: T; member: SpooledMember }> {
  const member = verifiedMember(spool, d, what);
  const buf = await spool.bytes(member, what);
  try {
    return { doc: JSON.parse(buf.toString('utf8')) as T, member };
  } catch {
    throw new LadingError(`invalid archive: ${what} ${d.digest} is not valid JSON`, 'EARCHIVE');
  }
}

/** Picks the host's manifest from an index, or the only one the archive holds. */
async function chooseFromIndex(spool: Spool, idx: Index, at: string): Promise<Descriptor> {
  const manifests = Array.isArray(idx.manifests) ? idx.manifests : [];
  const host = manifests.find((m) => !isIndexMediaType(m.mediaType) && platformMatches(hostPlatform(), m.platform) && spool.has(blobMemberName(m.digest)));
  if (host) return host;
  const present = manifests.filter((m) => !isIndexMediaType(m.mediaType) && spool.has(blobMemberName(m.digest)));
  if (present.length === 1) return present[0];
  throw new LadingError(`invalid archive: the image index ${at} has no manifest for ${hostPlatform().os}/${hostPlatform().architecture} in the archive`, 'EARCHIVE');
}

async function planManifest(spool: Spool, desc: Descriptor, names: string[]): Promise<PlannedImage> {
  const { doc: manifest, member: manifestMember } = await readDoc<Manifest>(spool, desc, 'manifest');
  if (!manifest || !manifest.config || !Array.isArray(manifest.layers)) throw new LadingError(`invalid archive: ${desc.digest} is not an image manifest`, 'EARCHIVE');
  const { doc: config, member: configMember } = await readDoc<ImageConfig>(spool, manifest.config, 'config');
  const blobs: PlannedBlob[] = [{ member: configMember, digest: manifest.config.digest }];
  const layers: { diffId?: string; name: string }[] = [];
  for (const l of manifest.layers) {
    const m = verifiedMember(spool, l, 'layer');
    const declared = layerCompression(l.mediaType);
    if (declared !== 'unknown' && declared !== m.compression) {
      throw new LadingError(`invalid archive: layer ${l.digest} is ${m.compression === 'none' ? 'not compressed' : `${m.compression}-compressed`} but its media type is ${l.mediaType}`, 'EARCHIVE');
    }
    assertNoDecompressError(m);
    layers.push({ diffId: m.diffId, name: m.name });
    blobs.push({ member: m, digest: l.digest, layer: { diffId: m.diffId as string, size: m.uncompressedSize ?? m.size } });
  }
  assertDiffIds(config?.rootfs?.diff_ids, layers, desc.digest);
  const manifestBytes = await spool.bytes(manifestMember, 'manifest');
  return {
    id: manifest.config.digest,
    manifest: manifestBytes,
    manifestDescriptor: { mediaType: desc.mediaType || manifest.mediaType || 'application/vnd.oci.image.manifest.v1+json', digest: desc.digest, size: manifestMember.size },
    blobs,
    names,
  };
}

export async function readOciArchive(spool: Spool): Promise<PlannedImage[]> {
  const index = await spool.json<Index>('index.json', 'index');
  if (!index || !Array.isArray(index.manifests)) throw new LadingError('invalid archive: index.json has no "manifests" list', 'EARCHIVE');
  const plans: PlannedImage[] = [];
  for (const entry of index.manifests) {
    const names = namesFromAnnotations(entry.annotations);
    let desc = entry;
    // Nested indexes (an index of indexes) resolve a bounded number of levels.
    for (let depth = 0; isIndexMediaType(desc.mediaType); depth++) {
      if (depth > 4) throw new LadingError('invalid archive: image indexes nested too deeply', 'EARCHIVE');
      const { doc } = await readDoc<Index>(spool, desc, 'image index');
      desc = await chooseFromIndex(spool, doc, desc.digest);
    }
    plans.push(await planManifest(spool, desc, names));
  }
  return mergePlans(plans);
}
