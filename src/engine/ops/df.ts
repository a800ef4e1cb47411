// `system df`: space used by images. Sizes are uncompressed layer sizes as docker reports them;
// a layer shared by several images (same DiffID) counts once in the total and as SHARED SIZE.
import { OpContext } from './context';
import { ImageSummary, summarize } from './images';
import { listImages } from '../store/images';
import { Store } from '../store/store';

export interface ImageDiskUsage {
  image: ImageSummary;
  size: number;
  /** Bytes of layers this image shares with at least one other image. */
  sharedSize: number;
  uniqueSize: number;
  /** Images have no containers here. */
  containers: number;
}

export interface DiskUsage {
  images: ImageDiskUsage[];
  /** Total of distinct layers. */
  totalSize: number;
  /** What pruning every image would free (all of it: nothing is in use). */
  reclaimable: number;
  /** Images in use by a container: none. */
  active: number;
  /** Bytes of every blob on disk (compressed layers, configs, manifests). */
  blobBytes: number;
}

export async function diskUsage(store: Store, ctx: OpContext = {}): Promise<DiskUsage> {
  void ctx;
  const images = await listImages(store);
  const perImage: { img: (typeof images)[number]; layers: { diffId: string; size: number }[] }[] = [];
  const users = new Map<string, number>();
  for (const img of images) {
    const layers: { diffId: string; size: number }[] = [];
    const seen = new Set<string>();
    for (const l of img.manifest.layers) {
      const info = await store.layers.get(l).catch(() => ({ diffId: l.digest, size: l.size }));
      if (seen.has(info.diffId)) continue;
      seen.add(info.diffId);
      layers.push(info);
      users.set(info.diffId, (users.get(info.diffId) ?? 0) + 1);
    }
    perImage.push({ img, layers });
  }
  const sizes = new Map<string, number>();
  const out: ImageDiskUsage[] = perImage.map(({ img, layers }) => {
    let shared = 0;
    for (const l of layers) {
      sizes.set(l.diffId, l.size);
      if ((users.get(l.diffId) ?? 0) > 1) shared += l.size;
    }
    return { image: summarize(img), size: img.size, sharedSize: shared, uniqueSize: img.size - shared, containers: 0 };
  });
  const totalSize = [...sizes.values()].reduce((a, b) => a + b, 0);
  let blobBytes = 0;
  for await (const d of store.blobs.list()) blobBytes += (await store.blobs.size(d)) ?? 0;
  return { images: out, totalSize, reclaimable: totalSize, active: 0, blobBytes };
}
