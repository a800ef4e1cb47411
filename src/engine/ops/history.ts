// `history`: the config's history entries, newest first, with the size of the layer each
// non-empty entry made (rootfs.diff_ids order, uncompressed).
import { OpContext } from './context';
import { findImage } from './find-image';
import { Store } from '../store/store';

export interface HistoryRow {
  /** The image ID on the newest row, `<missing>` elsewhere (docker's rule). */
  id: string;
  created?: Date;
  createdBy: string;
  /** Bytes of the layer this step made (0 for empty_layer rows). */
  size: number;
  comment: string;
  emptyLayer: boolean;
  /** The layer's DiffID when the step made one. */
  diffId?: string;
  /** The layer blob's digest in the store, when the step made one. */
  layerDigest?: string;
}

export async function imageHistory(store: Store, ref: string, ctx: OpContext = {}): Promise<HistoryRow[]> {
  void ctx;
  const img = await findImage(store, ref);
  const layers = img.manifest.layers;
  const diffIds = img.config.rootfs?.diff_ids ?? [];
  const sizes: number[] = [];
  for (const l of layers) sizes.push((await store.layers.get(l).catch(() => ({ size: l.size }))).size);
  let history = img.config.history ?? [];
  if (!history.length) history = diffIds.map(() => ({}));
  const rows: HistoryRow[] = [];
  let layerIndex = 0;
  for (const h of history) {
    const row: HistoryRow = {
      id: '<missing>',
      created: h.created ? new Date(h.created) : undefined,
      createdBy: h.created_by ?? '',
      size: 0,
      comment: h.comment ?? '',
      emptyLayer: Boolean(h.empty_layer),
    };
    if (!h.empty_layer) {
      row.size = sizes[layerIndex] ?? 0;
      row.diffId = diffIds[layerIndex];
      row.layerDigest = layers[layerIndex]?.digest;
      layerIndex++;
    }
    rows.push(row);
  }
  rows.reverse();
  if (rows.length) rows[0].id = img.id;
  return rows;
}
