// `image prune` and `system prune`: remove dangling images (or, with `all`, every image: there are
// no containers to keep an image in use), then free the blobs nothing references.
import { OpContext } from './context';
import { Filters, labelMatches, parseFilters, parseUntil } from './filters';
import { RemoveItem } from './remove';
import { summarize } from './images';
import { familiarString, tryParseReference } from '../reference/reference';
import { entryRepoDigest, entryTag, removeManifests } from '../store/index-entries';
import { listImages } from '../store/images';
import { Store } from '../store/store';
import { throwIfAborted } from '../errors';

export interface PruneOptions {
  /** Every image, not only dangling ones. */
  all?: boolean;
  /** `until=24h|TIMESTAMP`, `label=K[=V]`, `label!=K[=V]`. */
  filters?: string[];
}

export interface PruneResult {
  /** docker's `Deleted Images:` lines (`untagged`/`deleted`). */
  items: RemoveItem[];
  /** Image IDs removed. */
  imagesDeleted: string[];
  /** Blobs freed by the garbage collection, and their bytes on disk. */
  blobsDeleted: string[];
  reclaimed: number;
}

export const PRUNE_FILTERS = ['until', 'label', 'label!', 'dangling'];

function familiar(full: string): string {
  const ref = tryParseReference(full);
  return ref ? familiarString(ref) : full;
}

export async function pruneImages(store: Store, opts: PruneOptions = {}, ctx: OpContext = {}): Promise<PruneResult> {
  const filters: Filters = parseFilters(opts.filters, PRUNE_FILTERS);
  let all = Boolean(opts.all);
  const dangling = filters.get('dangling');
  if (dangling?.some((v) => /^(false|0)$/i.test(v))) all = true;
  const untilDates = (filters.get('until') ?? []).map((v) => parseUntil(v));
  const until = untilDates.length ? Math.min(...untilDates.map((d) => d.getTime())) : undefined;
  const labels = filters.get('label') ?? [];
  const notLabels = filters.get('label!') ?? [];

  const images = await listImages(store);
  throwIfAborted(ctx.signal);
  const victims = images.filter((img) => {
    const s = summarize(img);
    if (!all && !s.dangling) return false;
    if (until !== undefined && !((s.created?.getTime() ?? 0) < until)) return false;
    if (!labels.every((l) => labelMatches(s.labels, l))) return false;
    if (notLabels.some((l) => labelMatches(s.labels, l))) return false;
    return true;
  });
  const result: PruneResult = { items: [], imagesDeleted: [], blobsDeleted: [], reclaimed: 0 };
  if (victims.length) {
    const manifests = new Set(victims.flatMap((v) => v.entries.map((e) => e.digest)));
    await store.updateIndex((index) => {
      result.items = [];
      result.imagesDeleted = [];
      // Re-checked under the lock: an image tagged meanwhile is no longer dangling.
      for (const img of victims) {
        const entries = index.manifests.filter((e) => img.entries.some((x) => x.digest === e.digest));
        if (!entries.length) continue;
        const named = entries.some((e) => entryTag(e) || entryRepoDigest(e));
        if (named && !all) {
          for (const e of img.entries) manifests.delete(e.digest);
          continue;
        }
        for (const e of entries) {
          const n = entryTag(e) ?? entryRepoDigest(e);
          if (n) result.items.push({ untagged: familiar(n) });
        }
        result.items.push({ deleted: img.id });
        result.imagesDeleted.push(img.id);
      }
      return removeManifests(index, manifests);
    }, { signal: ctx.signal });
  }
  const gc = await store.gc();
  result.blobsDeleted = gc.removed.map((r) => r.digest);
  result.reclaimed = gc.reclaimed;
  for (const d of result.blobsDeleted) if (!result.imagesDeleted.includes(d)) result.items.push({ deleted: d });
  return result;
}
