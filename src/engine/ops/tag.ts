// `tag SOURCE TARGET`: points a tag at the source image's manifest. The image that held the tag
// before becomes dangling when it has no other name (setTag keeps a nameless entry for it).
import { OpContext } from './context';
import { findImage } from './find-image';
import { LadingError } from '../errors';
import { formatReference, parseNormalizedTagged } from '../reference/reference';
import { setTag } from '../store/index-entries';
import { Store } from '../store/store';

export interface TagResult {
  /** Image ID that now carries the tag. */
  id: string;
  /** Full normalised target (`docker.io/library/busybox:mine`). */
  target: string;
}

export async function tagImage(store: Store, opts: { source: string; target: string }, ctx: OpContext = {}): Promise<TagResult> {
  const target = parseNormalizedTagged(opts.target);
  if (target.digest) throw new LadingError('refusing to create a tag with a digest reference');
  const img = await findImage(store, opts.source);
  const full = formatReference(target);
  await store.updateIndex((index) => setTag(index, img.manifestDescriptor, full), { signal: ctx.signal });
  return { id: img.id, target: full };
}
