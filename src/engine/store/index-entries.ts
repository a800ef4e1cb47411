// Pure edits of the store's `index.json`. One entry per name (tag or repo digest) of a manifest;
// an entry with neither keeps a dangling image (`<none>:<none>`) alive until it is pruned.
import { Descriptor, Index } from '../image/types';
import { REF_NAME, REPO_DIGEST } from './annotations';

export function emptyIndex(): Index {
  return { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] };
}

export function entryTag(d: Descriptor): string | undefined {
  return d.annotations?.[REF_NAME];
}

export function entryRepoDigest(d: Descriptor): string | undefined {
  return d.annotations?.[REPO_DIGEST];
}

function bareDescriptor(d: Descriptor): Descriptor {
  const out: Descriptor = { mediaType: d.mediaType, digest: d.digest, size: d.size };
  if (d.platform) out.platform = d.platform;
  return out;
}

/**
 * Points `ref` at manifest `desc`. The image that held the tag before keeps a dangling entry when
 * it has no other name left, as in docker.
 */
export function setTag(index: Index, desc: Descriptor, ref: string): Index {
  const manifests = index.manifests.map((e) => {
    if (entryTag(e) !== ref) return e;
    const annotations = { ...e.annotations };
    delete annotations[REF_NAME];
    return { ...e, annotations };
  });
  manifests.push({ ...bareDescriptor(desc), annotations: { [REF_NAME]: ref } });
  return normalize({ ...index, manifests });
}

export function addRepoDigest(index: Index, desc: Descriptor, digestRef: string): Index {
  if (index.manifests.some((e) => e.digest === desc.digest && entryRepoDigest(e) === digestRef)) return index;
  const manifests = [...index.manifests, { ...bareDescriptor(desc), annotations: { [REPO_DIGEST]: digestRef } }];
  return normalize({ ...index, manifests });
}

/** Keeps a manifest in the store without a name (import without a tag, a moved tag). */
export function addUntagged(index: Index, desc: Descriptor): Index {
  return normalize({ ...index, manifests: [...index.manifests, bareDescriptor(desc)] });
}

/** Removes one name; `keepDangling` leaves a nameless entry if that was the manifest's last name. */
export function removeName(index: Index, name: string, keepDangling: boolean): Index {
  const manifests: Descriptor[] = [];
  for (const e of index.manifests) {
    if (entryTag(e) !== name && entryRepoDigest(e) !== name) {
      manifests.push(e);
      continue;
    }
    const annotations = { ...e.annotations };
    if (entryTag(e) === name) delete annotations[REF_NAME];
    if (entryRepoDigest(e) === name) delete annotations[REPO_DIGEST];
    if (Object.keys(annotations).length > 0 || keepDangling) manifests.push({ ...e, annotations });
  }
  return normalize({ ...index, manifests }, keepDangling ? undefined : manifestsNamed(index, name));
}

/** Removes every entry of these manifests. */
export function removeManifests(index: Index, digests: Iterable<string>): Index {
  const drop = new Set(digests);
  return { ...index, manifests: index.manifests.filter((e) => !drop.has(e.digest)) };
}

function manifestsNamed(index: Index, name: string): Set<string> {
  return new Set(index.manifests.filter((e) => entryTag(e) === name || entryRepoDigest(e) === name).map((e) => e.digest));
}

/**
 * One entry per name; nameless entries only for manifests that have no named entry, at most one
 * each. `dropUnnamed` lists manifests whose nameless entries go (an explicit removal).
 */
export function normalize(index: Index, dropUnnamed?: Set<string>): Index {
  const named = new Set<string>();
  const seenNames = new Set<string>();
  const out: Descriptor[] = [];
  for (const e of index.manifests) {
    const tag = entryTag(e);
    const rd = entryRepoDigest(e);
    if (!tag && !rd) continue;
    const key = `${e.digest} ${tag ?? ''} ${rd ?? ''}`;
    if (seenNames.has(key)) continue;
    seenNames.add(key);
    named.add(e.digest);
    const annotations = { ...e.annotations };
    out.push({ ...e, annotations });
  }
  const unnamed = new Set<string>();
  for (const e of index.manifests) {
    if (entryTag(e) || entryRepoDigest(e)) continue;
    if (named.has(e.digest) || unnamed.has(e.digest) || dropUnnamed?.has(e.digest)) continue;
    unnamed.add(e.digest);
    out.push(bareDescriptor(e));
  }
  return { ...index, manifests: out };
}
