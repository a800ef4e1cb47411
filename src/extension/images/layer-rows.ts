// The rows under an image: config.history in order, each non-empty entry paired with the next
// manifest layer (as `docker history` does). Pure, so the pairing is tested without VS Code.
import { Descriptor, HistoryEntry, ImageConfig, Manifest } from '../../engine/image/types';

export interface LayerRow {
  /** Position among the rows, oldest first. */
  index: number;
  history?: HistoryEntry;
  /** The layer blob, absent for history rows that made no layer (ENV, CMD…). */
  layer?: Descriptor;
  diffId?: string;
}

export function layerRows(config: ImageConfig, manifest: Manifest): LayerRow[] {
  const rows: LayerRow[] = [];
  const layers = manifest.layers;
  const diffIds = config.rootfs?.diff_ids ?? [];
  let next = 0;
  for (const h of config.history ?? []) {
    if (h.empty_layer) {
      rows.push({ index: rows.length, history: h });
    } else {
      rows.push({ index: rows.length, history: h, layer: layers[next], diffId: diffIds[next] });
      next++;
    }
  }
  // Layers the history does not account for (images built without history).
  for (; next < layers.length; next++) rows.push({ index: rows.length, layer: layers[next], diffId: diffIds[next] });
  return rows;
}

/** The instruction as a person reads it: `RUN apk add curl`, `COPY file:… in /`. */
export function instructionText(createdBy: string | undefined): string {
  if (!createdBy) return '';
  let s = createdBy.trim();
  const nop = /^\/bin\/sh -c #\(nop\)\s*/;
  if (nop.test(s)) return s.replace(nop, '').trim();
  s = s.replace(/^\/bin\/sh -c /, 'RUN ');
  s = s.replace(/\s*# buildkit$/, '');
  return s;
}
