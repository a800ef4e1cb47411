// Which images and tags `save IMAGE…` writes, following docker: `name:tag` saves that tag,
// a bare repository name saves every tag of that repository, an ID or digest saves the image
// with no tags. The same image named twice is written once, with the union of its tags.
import { StoredImage, listImages, resolveImage } from '../store/images';
import { Store } from '../store/store';
import { formatReference, fullName, tryParseReference, withDefaultTag } from '../reference/reference';
import { SaveSelection } from './archive-entries';
import { NoSuchImageError } from '../errors';

export async function selectImages(store: Store, refs: string[]): Promise<SaveSelection[]> {
  const all = await listImages(store);
  const byId = new Map<string, SaveSelection>();
  const add = (image: StoredImage, tags: string[]) => {
    const sel = byId.get(image.id) ?? { image, tags: [] };
    for (const t of tags) if (!sel.tags.includes(t)) sel.tags.push(t);
    byId.set(image.id, sel);
  };
  for (const input of refs) {
    const ref = tryParseReference(input);
    if (ref && !ref.tag && !ref.digest) {
      // Every tag of the repository, as `docker save busybox` does.
      const repo = fullName(ref);
      const hits = all.filter((i) => i.repoTags.some((t) => t.startsWith(`${repo}:`)));
      if (hits.length) {
        for (const i of hits) add(i, i.repoTags.filter((t) => t.startsWith(`${repo}:`)));
        continue;
      }
    }
    const image = await resolveImage(store, input, all).catch((e) => {
      if (e instanceof NoSuchImageError) throw new NoSuchImageError(input);
      throw e;
    });
    const tag = ref?.tag ? formatReference(withDefaultTag({ ...ref, digest: undefined })) : undefined;
    add(image, tag && image.repoTags.includes(tag) ? [tag] : []);
  }
  return [...byId.values()];
}
