// Reads archives described by a docker `manifest.json`:
//   legacy `docker save` (< 25): `<imageid>.json` configs, `<v1id>/layer.tar` layers (podman and
//     skopeo `docker-archive:` write the same, sometimes with `layer.tar` as a symlink);
//   Docker 25+ when read through manifest.json: `blobs/sha256/<hex>` paths;
//   crane's tarball: `sha256:<hex>` config and compressed `<hex>.tar.gz` layers.
// Layers may be compressed or not; each one becomes a blob as it is (its digest is the member's
// digest) under an OCI manifest made here, since these archives carry no manifest of their own.
import { LadingError } from '../errors';
import { Descriptor, ImageConfig, Manifest, MediaType } from '../image/types';
import { archiveTagToRef, assertDiffIds, layerMediaTypeFor, PlannedBlob, PlannedImage, mergePlans } from './load-plan';
import { assertNoDecompressError, Spool, SpooledMember } from './spool';
import { sha256Digest } from '../store/blobs';
import { safeMemberName } from './safe-tar';

interface ManifestJsonEntry {
  Config?: string;
  RepoTags?: string[] | null;
  Layers?: string[];
}

/** The digest a member's name promises (`blobs/sha256/<hex>`, `sha256:<hex>`, `<hex>.json`, `<hex>.tar.gz`). */
export function digestInName(name: string): string | undefined {
  const base = name.split('/').pop() ?? name;
  const m = /^(?:sha256:)?([a-f0-9]{64})(?:\.json|\.tar|\.tar\.gz|\.tgz)?$/.exec(base);
  if (!m) return undefined;
  // `<v1id>/layer.tar` style names carry no content hash; blobs/sha256/<hex> and crane names do.
  return `sha256:${m[1]}`;
}

function checkNamedDigest(m: SpooledMember, what: string): void {
  const promised = digestInName(m.name);
  // Legacy `<hex>.tar` files written by podman are named by DiffID, which for an uncompressed
  // member is its digest: the check holds for every naming scheme we know.
  const actual = m.compression === 'none' || !m.name.endsWith('.tar') ? m.digest : m.diffId;
  if (promised && promised !== actual) {
    throw new LadingError(`invalid archive: ${what} "${m.name}" does not match its name (content is ${actual})`, 'EARCHIVE');
  }
}

export async function readManifestJsonArchive(spool: Spool): Promise<PlannedImage[]> {
  const entries = await spool.json<ManifestJsonEntry[]>('manifest.json', 'manifest');
  if (!Array.isArray(entries) || entries.length === 0) throw new LadingError('invalid archive: manifest.json lists no images', 'EARCHIVE');
  const plans: PlannedImage[] = [];
  for (const e of entries) {
    if (!e || typeof e.Config !== 'string' || !Array.isArray(e.Layers)) throw new LadingError('invalid archive: manifest.json entry without Config or Layers', 'EARCHIVE');
    const configMember = spool.require(normalize(e.Config), 'config');
    checkNamedDigest(configMember, 'config');
    const configBytes = await spool.bytes(configMember, 'config');
    let config: ImageConfig;
    try {
      config = JSON.parse(configBytes.toString('utf8')) as ImageConfig;
    } catch {
      throw new LadingError(`invalid archive: config "${configMember.name}" is not valid JSON`, 'EARCHIVE');
    }
    const id = sha256Digest(configBytes);
    const blobs: PlannedBlob[] = [{ member: configMember, digest: id }];
    const layerDescs: Descriptor[] = [];
    const layers: { diffId?: string; name: string }[] = [];
    for (const name of e.Layers) {
      if (typeof name !== 'string') throw new LadingError('invalid archive: manifest.json has a non-string layer', 'EARCHIVE');
      const m = spool.require(normalize(name), 'layer');
      assertNoDecompressError(m);
      checkNamedDigest(m, 'layer');
      layers.push({ diffId: m.diffId, name: m.name });
      blobs.push({ member: m, digest: m.digest, layer: { diffId: m.diffId as string, size: m.uncompressedSize ?? m.size } });
      layerDescs.push({ mediaType: layerMediaTypeFor(m.compression), digest: m.digest, size: m.size });
    }
    assertDiffIds(config?.rootfs?.diff_ids, layers, e.Config);
    const manifest: Manifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: id, size: configBytes.length },
      layers: layerDescs,
    };
    const bytes = Buffer.from(JSON.stringify(manifest));
    plans.push({
      id,
      manifest: bytes,
      manifestDescriptor: { mediaType: MediaType.ociManifest, digest: sha256Digest(bytes), size: bytes.length },
      blobs,
      names: (e.RepoTags ?? []).map(archiveTagToRef),
    });
  }
  return mergePlans(plans);
}

/** manifest.json paths obey the same rules as member names: nothing outside the archive. */
function normalize(name: string): string {
  return safeMemberName(name);
}
