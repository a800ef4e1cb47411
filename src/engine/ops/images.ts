// `images` / `image ls`: the store's images with docker's filters, as the daemon's image list
// API returns them (one summary per image ID, names in familiar form).
import { OpContext } from './context';
import { Filters, danglingFilter, globToRegExp, labelMatches, parseFilters } from './filters';
import { findImage } from './find-image';
import { familiarString, tryParseReference } from '../reference/reference';
import { StoredImage, listImages } from '../store/images';
import { Store } from '../store/store';
import { throwIfAborted } from '../errors';

export interface ImageSummary {
  /** `sha256:<config digest hex>` */
  id: string;
  /** Familiar `name:tag` (`busybox:latest`). */
  repoTags: string[];
  /** Familiar `name@sha256:…`. */
  repoDigests: string[];
  created?: Date;
  /** Uncompressed size of all layers. */
  size: number;
  labels: Record<string, string>;
  /** No tag and no repo digest: docker's `<none>:<none>`. */
  dangling: boolean;
  /** Digest of the image's manifest in the store. */
  manifestDigest: string;
}

export interface ListImagesOptions {
  /** Show dangling images too (docker's `-a`). */
  all?: boolean;
  /** docker's `--filter` strings: dangling, reference, before, since, label. */
  filters?: string[];
  /** Told about index.json entries whose manifest or config cannot be read (corrupt or missing blobs). */
  onUnreadable?: (manifestDigest: string) => void;
}

export const IMAGE_FILTERS = ['dangling', 'reference', 'before', 'since', 'label'];

function familiar(full: string): string {
  const ref = tryParseReference(full);
  return ref ? familiarString(ref) : full;
}

export function summarize(img: StoredImage): ImageSummary {
  return {
    id: img.id,
    repoTags: img.repoTags.map(familiar),
    repoDigests: img.repoDigests.map(familiar),
    created: img.created,
    size: img.size,
    labels: img.config.config?.Labels ?? {},
    dangling: img.repoTags.length === 0 && img.repoDigests.length === 0,
    manifestDigest: img.manifestDescriptor.digest,
  };
}

/** docker's reference.FamiliarMatch: the familiar string, else the familiar name. */
function referenceMatches(pattern: RegExp, familiarRef: string): boolean {
  if (pattern.test(familiarRef)) return true;
  const name = familiarRef.replace(/@.*$/, '').replace(/:[^:/]+$/, '');
  return pattern.test(name);
}

export async function listImageSummaries(store: Store, opts: ListImagesOptions = {}, ctx: OpContext = {}): Promise<ImageSummary[]> {
  const filters: Filters = parseFilters(opts.filters, IMAGE_FILTERS);
  const dangling = danglingFilter(filters);
  const patterns = (filters.get('reference') ?? []).map(globToRegExp);
  const stored = await listImages(store);
  throwIfAborted(ctx.signal);
  if (opts.onUnreadable) {
    const readable = new Set(stored.flatMap((i) => i.entries.map((e) => e.digest)));
    const index = await store.readIndex();
    for (const d of new Set(index.manifests.map((e) => e.digest))) if (!readable.has(d)) opts.onUnreadable(d);
  }
  const timeOf = async (arg: string) => (await findImage(store, arg, stored)).created?.getTime() ?? 0;
  const before = filters.get('before')?.length ? Math.min(...(await Promise.all((filters.get('before') as string[]).map(timeOf)))) : undefined;
  const since = filters.get('since')?.length ? Math.max(...(await Promise.all((filters.get('since') as string[]).map(timeOf)))) : undefined;
  const labels = filters.get('label') ?? [];
  const out: ImageSummary[] = [];
  for (const img of stored) {
    const s = summarize(img);
    if (dangling !== undefined) {
      if (s.dangling !== dangling) continue;
    } else if (s.dangling && !opts.all) continue;
    const t = s.created?.getTime() ?? 0;
    if (before !== undefined && !(t < before)) continue;
    if (since !== undefined && !(t > since)) continue;
    if (!labels.every((l) => labelMatches(s.labels, l))) continue;
    if (patterns.length) {
      // As the daemon does: keep only the names that match; drop the image when none does.
      const tags = s.repoTags.filter((r) => patterns.some((p) => referenceMatches(p, r)));
      const digests = s.repoDigests.filter((r) => patterns.some((p) => referenceMatches(p, r)));
      if (!tags.length && !digests.length) continue;
      s.repoTags = tags;
      s.repoDigests = digests;
    }
    out.push(s);
  }
  return out;
}

/** One display row of `images`: docker shows one per (repository, tag[, digest]). */
export interface ImageRow {
  repository: string;
  tag: string;
  digest: string;
  image: ImageSummary;
}

/** docker/cli's imageFormatTaggedAndDigest: rows by repository, tag and (with --digests) digest. */
export function imageRows(img: ImageSummary, showDigests: boolean): ImageRow[] {
  if (img.dangling) return [{ repository: '<none>', tag: '<none>', digest: '<none>', image: img }];
  const tagsByRepo = new Map<string, string[]>();
  const digestsByRepo = new Map<string, string[]>();
  for (const t of img.repoTags) {
    const i = t.lastIndexOf(':');
    const list = tagsByRepo.get(t.slice(0, i)) ?? [];
    list.push(t.slice(i + 1));
    tagsByRepo.set(t.slice(0, i), list);
  }
  for (const d of img.repoDigests) {
    const i = d.indexOf('@');
    const list = digestsByRepo.get(d.slice(0, i)) ?? [];
    list.push(d.slice(i + 1));
    digestsByRepo.set(d.slice(0, i), list);
  }
  const rows: ImageRow[] = [];
  for (const repo of [...tagsByRepo.keys()].sort()) {
    const digests = showDigests ? digestsByRepo.get(repo) ?? [] : [];
    digestsByRepo.delete(repo);
    for (const tag of (tagsByRepo.get(repo) as string[]).sort()) {
      if (!digests.length) rows.push({ repository: repo, tag, digest: '<none>', image: img });
      for (const d of digests) rows.push({ repository: repo, tag, digest: d, image: img });
    }
  }
  for (const repo of [...digestsByRepo.keys()].sort()) {
    if (showDigests) for (const d of digestsByRepo.get(repo) as string[]) rows.push({ repository: repo, tag: '<none>', digest: d, image: img });
    else rows.push({ repository: repo, tag: '<none>', digest: '', image: img });
  }
  return rows;
}
