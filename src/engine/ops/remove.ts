// `rmi`: docker's untag-versus-delete rules (daemon/images/image_delete.go).
//  - By name: untag it; when it was the last tag of its repository, the repository's digest
//    references go too; when the image has no name left, it is deleted.
//  - By ID (full, short, or unique prefix): when every name is in one repository with at most one
//    tag, untag them all and delete; else a conflict unless forced.
// Deleting removes the image's index entries, then frees the blobs nothing else references.
import { OpContext } from './context';
import { findImage, imageBlobs } from './find-image';
import { LadingError, NoSuchImageError } from '../errors';
import { Index } from '../image/types';
import { familiarString, formatReference, fullName, parseReference, tryParseReference, withDefaultTag } from '../reference/reference';
import { entryRepoDigest, entryTag, removeManifests, removeName } from '../store/index-entries';
import { StoredImage, listImages, shortId } from '../store/images';
import { Store } from '../store/store';

export interface RemoveOptions {
  /** Remove an image referenced in several repositories (untagging all its names). */
  force?: boolean;
  /** Keep the blobs (only the names and index entries go). */
  noPrune?: boolean;
}

/** One output line: `Untagged: busybox:latest` or `Deleted: sha256:…`. */
export type RemoveItem = { untagged: string } | { deleted: string };

export interface RemoveResult {
  items: RemoveItem[];
  /** Bytes of blobs freed on disk. */
  reclaimed: number;
}

function repoOf(full: string): string {
  const ref = tryParseReference(full);
  return ref ? fullName(ref) : full;
}

function isCanonical(full: string): boolean {
  return full.includes('@');
}

function familiar(full: string): string {
  const ref = tryParseReference(full);
  return ref ? familiarString(ref) : full;
}

/** docker's isSingleReference: all names in one repository, and at most one tag. */
function isSingleReference(names: string[]): boolean {
  const repos = new Set(names.map(repoOf));
  return repos.size <= 1 && names.filter((n) => !isCanonical(n)).length <= 1;
}

function isIdPrefix(id: string, arg: string): boolean {
  return /^(sha256:)?[a-f0-9]+$/.test(arg) && (id.startsWith(arg) || id.startsWith(`sha256:${arg}`));
}

function namesOf(index: Index, manifests: Set<string>): string[] {
  const out: string[] = [];
  for (const e of index.manifests) {
    if (!manifests.has(e.digest)) continue;
    for (const n of [entryTag(e), entryRepoDigest(e)]) if (n && !out.includes(n)) out.push(n);
  }
  return out;
}

export async function removeImage(store: Store, ref: string, opts: RemoveOptions = {}, ctx: OpContext = {}, images?: StoredImage[]): Promise<RemoveResult> {
  const img = await findImage(store, ref, images ?? (await listImages(store)));
  const manifests = new Set(img.entries.map((e) => e.digest));
  let byName: string | undefined;
  if (!isIdPrefix(img.id, ref)) {
    const parsed = withDefaultTag(parseReference(ref));
    const full = formatReference(parsed);
    if (img.repoTags.includes(full) || img.repoDigests.includes(full)) byName = full;
  }
  const items: RemoveItem[] = [];
  let deleted = false;
  await store.updateIndex((index) => {
    items.length = 0;
    deleted = false;
    const names = namesOf(index, manifests);
    const present = index.manifests.some((e) => manifests.has(e.digest));
    if (!present) throw new NoSuchImageError(ref);
    let remaining = names;
    let out = index;
    const untag = (n: string) => {
      out = removeName(out, n, true);
      items.push({ untagged: familiar(n) });
      remaining = remaining.filter((x) => x !== n);
    };
    if (byName) {
      if (!names.includes(byName)) throw new NoSuchImageError(ref);
      untag(byName);
      if (!isCanonical(byName)) {
        const repo = repoOf(byName);
        if (!remaining.some((n) => !isCanonical(n) && repoOf(n) === repo)) {
          for (const n of remaining.filter((x) => isCanonical(x) && repoOf(x) === repo)) untag(n);
        }
      }
      if (remaining.length) return out;
    } else {
      if (!isSingleReference(names) && !opts.force) {
        throw new LadingError(`conflict: unable to delete ${shortId(img.id)} (must be forced) - image is referenced in multiple repositories`, 'ECONFLICT');
      }
      for (const n of [...names]) untag(n);
    }
    deleted = true;
    items.push({ deleted: img.id });
    return removeManifests(out, manifests);
  }, { signal: ctx.signal });
  let reclaimed = 0;
  if (deleted && !opts.noPrune) {
    const gc = await store.gc({ only: imageBlobs(img) });
    reclaimed = gc.reclaimed;
    for (const r of gc.removed) if (r.digest !== img.id) items.push({ deleted: r.digest });
  }
  return { items, reclaimed };
}

export interface RemoveManyResult {
  results: { ref: string; items: RemoveItem[]; error?: LadingError }[];
  reclaimed: number;
}

/** Removes each argument in turn; an error for one does not stop the others (as docker). */
export async function removeImages(store: Store, refs: string[], opts: RemoveOptions = {}, ctx: OpContext = {}): Promise<RemoveManyResult> {
  const out: RemoveManyResult = { results: [], reclaimed: 0 };
  for (const ref of refs) {
    try {
      const r = await removeImage(store, ref, opts, ctx);
      out.results.push({ ref, items: r.items });
      out.reclaimed += r.reclaimed;
    } catch (e) {
      if (!(e instanceof LadingError)) throw e;
      out.results.push({ ref, items: [], error: e });
    }
  }
  return out;
}
