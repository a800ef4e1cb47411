// Resolving a user's image argument for the image commands. listImages skips images whose
// manifest or config cannot be read; when the user names one of those, the real cause (a corrupt
// or missing blob) is reported instead of "No such image".
import { DigestMismatchError, LadingError, NoSuchImageError } from '../errors';
import { ImageConfig } from '../image/types';
import { formatReference, looksLikeImageId, tryParseReference, withDefaultTag } from '../reference/reference';
import { entryRepoDigest, entryTag } from '../store/index-entries';
import { StoredImage, listImages, loadManifest, resolveImage } from '../store/images';
import { Store } from '../store/store';

export async function findImage(store: Store, nameOrId: string, images?: StoredImage[]): Promise<StoredImage> {
  const all = images ?? (await listImages(store));
  try {
    return await resolveImage(store, nameOrId, all);
  } catch (e) {
    if (!(e instanceof NoSuchImageError)) throw e;
    await explainUnreadable(store, nameOrId);
    throw e;
  }
}

/** Throws the load error of an index entry that `nameOrId` names (by name, digest or ID prefix). */
async function explainUnreadable(store: Store, nameOrId: string): Promise<void> {
  const ref = tryParseReference(nameOrId);
  const wanted = ref ? formatReference(withDefaultTag(ref)) : undefined;
  const idPrefix = looksLikeImageId(nameOrId) ? (nameOrId.startsWith('sha256:') ? nameOrId : `sha256:${nameOrId}`) : undefined;
  const index = await store.readIndex();
  for (const entry of index.manifests) {
    const named = (wanted && (entryTag(entry) === wanted || entryRepoDigest(entry) === wanted)) || entry.digest === nameOrId;
    try {
      const manifest = await loadManifest(store, entry);
      if (named || (idPrefix && manifest.config.digest.startsWith(idPrefix))) await store.blobs.readJson<ImageConfig>(manifest.config.digest);
    } catch (e) {
      if (!named && !(e instanceof DigestMismatchError && idPrefix && e.expected.startsWith(idPrefix))) continue;
      if (e instanceof DigestMismatchError) {
        throw new LadingError(`blob ${e.expected} of ${nameOrId} is corrupt (its content hashes to ${e.actual}); "lading system check" lists every damaged blob`, 'EDIGEST');
      }
      throw e;
    }
  }
}

/** Blobs an image is made of: manifest, config, layers. */
export function imageBlobs(img: StoredImage): string[] {
  return [img.manifestDescriptor.digest, ...img.entries.map((e) => e.digest), img.manifest.config.digest, ...img.manifest.layers.map((l) => l.digest)].filter(
    (d, i, a) => a.indexOf(d) === i,
  );
}
