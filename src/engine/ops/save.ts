// `save`: writes images to a tar archive, streamed from the store (never built in memory).
// Default layout: Docker 25+ (index.json + manifest.json + uncompressed layers), loadable by old
// and new docker, podman and skopeo. `format: 'oci'`: plain OCI layout with blobs as stored.
import { LadingError } from '../errors';
import { Store } from '../store/store';
import { selectImages } from '../archive/save-selection';
import { dockerArchiveEntries } from '../archive/docker-writer';
import { ociArchiveEntries } from '../archive/oci-writer';
import { writeArchive } from '../archive/tar-output';
import { OpContext } from './context';

export type ArchiveLayout = 'docker' | 'oci';

export interface SaveOptions extends OpContext {
  format?: ArchiveLayout;
  /** gzip the whole archive */
  gzip?: boolean;
}

export interface SaveResult {
  images: { id: string; tags: string[] }[];
  /** Bytes of member content written (before tar framing and compression). */
  bytes: number;
}

/** Saves `refs` to `dest`: a file path (temp file + rename) or a writable stream (left open). */
export async function save(store: Store, refs: string[], dest: string | NodeJS.WritableStream, ctx: SaveOptions = {}): Promise<SaveResult> {
  if (refs.length === 0) throw new LadingError('save needs at least one image');
  const selections = await selectImages(store, refs);
  const entries = ctx.format === 'oci' ? await ociArchiveEntries(store, selections) : await dockerArchiveEntries(store, selections);
  const total = entries.reduce((n, e) => n + Math.max(0, e.size), 0);
  let bytes = 0;
  await writeArchive(entries, dest, {
    gzip: ctx.gzip,
    signal: ctx.signal,
    onEntry: (e, written) => {
      bytes = written;
      ctx.onProgress?.({ kind: 'layer', id: e.name, status: 'Saving', current: written, total });
    },
  });
  return { images: selections.map((s) => ({ id: s.image.id, tags: s.tags })), bytes };
}
