// A pull of an image the store already holds need not fetch its manifest: the registry's HEAD
// names the digest, and the store has that manifest (a single-platform image) or an image it
// recorded under that repo digest for the wanted platform (one platform of a manifest list).
// Docker Hub does not count HEAD requests against its pull rate limit; a GET would count.
import { Platform, isIndexMediaType } from '../image/types';
import { platformMatches } from '../image/platform';
import { entryRepoDigest } from '../store/index-entries';
import { Store } from '../store/store';
import { FetchedManifest } from '../registry/client';

interface Doc {
  mediaType?: string;
  manifests?: unknown;
  config?: { digest?: string };
}

/** The manifest (for `platform`) that `repository@digest` names, when the store already has it. */
export async function storedManifestFor(store: Store, repository: string, digest: string, platform: Platform): Promise<FetchedManifest | undefined> {
  if (await store.blobs.has(digest)) {
    const data = await store.blobs.readVerified(digest);
    const doc = parse(data);
    if (doc?.mediaType && !isIndexMediaType(doc.mediaType) && !Array.isArray(doc.manifests)) return { data, digest, mediaType: doc.mediaType };
  }
  // A manifest list is not kept, but each platform pulled from it is named by the list's digest.
  const wanted = `${repository}@${digest}`;
  for (const entry of (await store.readIndex()).manifests) {
    if (entryRepoDigest(entry) !== wanted || !(await store.blobs.has(entry.digest))) continue;
    const data = await store.blobs.readVerified(entry.digest);
    const doc = parse(data);
    const configDigest = doc?.config?.digest;
    if (!doc || !configDigest || !(await store.blobs.has(configDigest))) continue;
    const config = await store.blobs.readJson<{ os?: string; architecture?: string; variant?: string }>(configDigest);
    if (platformMatches(platform, { os: config.os ?? '', architecture: config.architecture ?? '', variant: config.variant })) {
      return { data, digest: entry.digest, mediaType: doc.mediaType ?? entry.mediaType };
    }
  }
  return undefined;
}

function parse(data: Buffer): Doc | undefined {
  try {
    return JSON.parse(data.toString('utf8')) as Doc;
  } catch {
    return undefined;
  }
}
