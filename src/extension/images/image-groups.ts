// How the Images view arranges images: grouped by repository, by registry or flat; sorted by
// creation time, name or size; filtered by text; dangling images shown on request. Pure.
import { StoredImage } from '../../engine/store/images';
import { familiarName, familiarString, parseReference } from '../../engine/reference/reference';
import type { GroupBy, SortBy } from '../config';

/** One tree row for an image name: a tag, or `<none>` for a dangling image. */
export interface ImageEntry {
  image: StoredImage;
  /** Full normalised tag (`docker.io/library/busybox:latest`), undefined when dangling. */
  fullTag?: string;
  /** `busybox:latest`, `localhost:5000/app:1`, `<none>:<none>`. */
  familiar: string;
  /** `busybox`, `<none>`. */
  repository: string;
  /** `docker.io`, `localhost:5000`, `<none>`. */
  registry: string;
  tag: string;
}

export interface ImageGroup {
  label: string;
  entries: ImageEntry[];
}

export const DANGLING = '<none>';

export function imageEntries(images: StoredImage[]): ImageEntry[] {
  const out: ImageEntry[] = [];
  for (const image of images) {
    if (image.repoTags.length === 0) {
      out.push({ image, familiar: `${DANGLING}:${DANGLING}`, repository: DANGLING, registry: DANGLING, tag: DANGLING });
      continue;
    }
    for (const fullTag of image.repoTags) {
      const ref = parseReference(fullTag);
      out.push({ image, fullTag, familiar: familiarString(ref), repository: familiarName(ref), registry: ref.registry, tag: ref.tag ?? 'latest' });
    }
  }
  return out;
}

export interface ArrangeOptions {
  groupBy: GroupBy;
  sortBy: SortBy;
  filter?: string;
  showDangling: boolean;
}

export function matchesFilter(e: ImageEntry, filter: string | undefined): boolean {
  if (!filter) return true;
  const f = filter.toLowerCase();
  return e.familiar.toLowerCase().includes(f) || e.image.id.slice(7).startsWith(f.replace(/^sha256:/, '')) || (e.fullTag ?? '').includes(f);
}

function compare(sortBy: SortBy): (a: ImageEntry, b: ImageEntry) => number {
  if (sortBy === 'name') return (a, b) => a.familiar.localeCompare(b.familiar);
  if (sortBy === 'size') return (a, b) => b.image.size - a.image.size || a.familiar.localeCompare(b.familiar);
  return (a, b) => (b.image.created?.getTime() ?? 0) - (a.image.created?.getTime() ?? 0) || a.familiar.localeCompare(b.familiar);
}

/** Groups (or one unnamed group for groupBy none), each sorted; groups sorted by name. */
export function arrangeImages(images: StoredImage[], opts: ArrangeOptions): ImageGroup[] {
  const entries = imageEntries(images)
    .filter((e) => opts.showDangling || e.fullTag)
    .filter((e) => matchesFilter(e, opts.filter))
    .sort(compare(opts.sortBy));
  if (opts.groupBy === 'none') return [{ label: '', entries }];
  const groups = new Map<string, ImageEntry[]>();
  for (const e of entries) {
    const key = opts.groupBy === 'registry' ? e.registry : e.repository;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === DANGLING ? 1 : b === DANGLING ? -1 : a.localeCompare(b)))
    .map(([label, list]) => ({ label, entries: list }));
}
