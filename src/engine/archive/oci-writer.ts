// A plain OCI image layout archive (`--format oci`): index.json and the blobs exactly as stored
// (compressed layers stay compressed, manifest digests are kept).
import { MediaType } from '../image/types';
import { Store } from '../store/store';
import { ArchiveEntry, SaveSelection, blobEntry, bytesEntry, dirEntry } from './archive-entries';
import { indexEntriesFor } from './docker-writer';

const hex = (d: string) => d.slice('sha256:'.length);

export async function ociArchiveEntries(store: Store, selections: SaveSelection[]): Promise<ArchiveEntry[]> {
  const manifests = [];
  const small: ArchiveEntry[] = [];
  const layers: ArchiveEntry[] = [];
  const seen = new Set<string>();
  const add = (list: ArchiveEntry[], digest: string, size: number) => {
    if (seen.has(digest)) return;
    seen.add(digest);
    list.push(blobEntry(store, `blobs/sha256/${hex(digest)}`, digest, size));
  };
  for (const sel of selections) {
    const d = sel.image.manifestDescriptor;
    const m = sel.image.manifest;
    manifests.push(...indexEntriesFor(d, sel.tags));
    add(small, d.digest, d.size);
    add(small, m.config.digest, m.config.size);
    for (const l of m.layers) add(layers, l.digest, l.size);
  }
  return [
    dirEntry('blobs'),
    dirEntry('blobs/sha256'),
    bytesEntry('oci-layout', JSON.stringify({ imageLayoutVersion: '1.0.0' })),
    bytesEntry('index.json', JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests })),
    ...small,
    ...layers,
  ];
}
