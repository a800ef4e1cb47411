// How much of an image is wasted space, by dive's definitions (so its numbers and CI thresholds
// carry over): every path is followed through the layers, each write and each removal (whiteout)
// of it counting once. A path seen more than once wastes the sizes of all its versions, the last
// included, as dive's "potential wasted space" does; efficiency is the sum over paths of their
// smallest version (0 once removed) divided by the sum of all versions. "User" bytes are every
// layer but the first, the base layer as dive sees it.
//
// Where dive has gaps we follow how a runtime applies the layers (as image-fs does): opaque
// directories remove what lower layers had under them, removing a directory removes every file
// in it (each one listed, rather than a single directory row that dive never counts), and a
// whiteout next to a new write of the same path in one layer is one overwrite, not two events.
// Directories themselves never count. Only tar headers are read: bodies are skipped unread.
import { Readable } from 'node:stream';
import { OpContext } from './context';
import { findImage } from './find-image';
import { walkLayerEntries } from '../archive/layer-entries';
import { layerEntryPath } from '../build/image-fs';
import { LadingError, throwIfAborted } from '../errors';
import { StoredImage } from '../store/images';
import { Store } from '../store/store';

export interface WastedPath {
  /** Path in the image, with a leading slash (`/etc/app.conf`). */
  path: string;
  /** Layers that wrote or removed it. */
  count: number;
  /** The sizes of all its versions. */
  wastedBytes: number;
  /** Indexes (0 = base layer) of those layers, lowest first. */
  layers: number[];
}

export interface EfficiencyResult {
  imageId: string;
  /** 0..1; 1 when nothing is duplicated or removed (or the image holds no bytes). */
  efficiency: number;
  wastedBytes: number;
  /** File bytes of every layer (tar entry sizes, headers excluded). */
  totalBytes: number;
  /** File bytes of every layer above the base (first) layer. */
  userBytes: number;
  /** wastedBytes / userBytes as a fraction (dive's name); 0 when the upper layers hold no bytes. */
  userWastedPercent: number;
  /** Paths seen more than once, most wasted first (ties by path). */
  paths: WastedPath[];
}

interface PathRecord {
  count: number;
  total: number;
  min: number;
  layers: number[];
}

interface LayerChanges {
  writes: Map<string, { size: number; dir: boolean }>;
  whiteouts: string[];
  opaques: string[];
}

/** The accounting, one layer at a time: pure, so it is testable without any tar. */
export class WasteLedger {
  private readonly records = new Map<string, PathRecord>();
  /** What the layers so far leave in place: path → directory or not; '' is the root. */
  private readonly live = new Map<string, boolean>([['', true]]);
  private readonly children = new Map<string, Set<string>>();
  private layerIndex = -1;
  private pending: LayerChanges = { writes: new Map(), whiteouts: [], opaques: [] };
  private readonly layerBytes: number[] = [];

  beginLayer(): void {
    this.layerIndex++;
    this.pending = { writes: new Map(), whiteouts: [], opaques: [] };
    this.layerBytes.push(0);
  }

  /** A tar entry of the current layer; a later entry for the same path replaces an earlier one. */
  entry(path: string, size: number, dir: boolean): void {
    this.layerBytes[this.layerIndex] += size;
    const base = path.slice(path.lastIndexOf('/') + 1);
    const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    if (base === '.wh..wh..opq') this.pending.opaques.push(parent);
    else if (base.startsWith('.wh..wh.')) return; // aufs bookkeeping (.wh..wh.plnk), not a change
    else if (base.startsWith('.wh.')) this.pending.whiteouts.push(parent ? `${parent}/${base.slice(4)}` : base.slice(4));
    else if (path) this.pending.writes.set(path, { size, dir });
  }

  /** Applies the current layer: its whiteouts to what lies below, then its writes. */
  endLayer(): void {
    const { writes, whiteouts, opaques } = this.pending;
    for (const p of whiteouts) this.removeTree(p, true, writes);
    for (const d of opaques) this.removeTree(d, false, writes);
    for (const [p, w] of writes) {
      this.ensureParents(p, writes);
      const was = this.live.get(p);
      if (w.dir) {
        if (was === false) this.record(p, 0);
        if (was !== true) this.link(p, true);
      } else {
        if (was === true) this.removeTree(p, false, writes);
        this.record(p, w.size);
        this.link(p, false);
      }
    }
  }

  result(imageId: string): EfficiencyResult {
    let minimum = 0;
    let discovered = 0;
    let wastedBytes = 0;
    const paths: WastedPath[] = [];
    for (const [p, r] of this.records) {
      minimum += r.min;
      discovered += r.total;
      if (r.count < 2) continue;
      wastedBytes += r.total;
      paths.push({ path: `/${p}`, count: r.count, wastedBytes: r.total, layers: r.layers });
    }
    paths.sort((a, b) => b.wastedBytes - a.wastedBytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const totalBytes = this.layerBytes.reduce((a, b) => a + b, 0);
    const userBytes = totalBytes - (this.layerBytes[0] ?? 0);
    return {
      imageId,
      efficiency: discovered === 0 ? 1 : minimum / discovered,
      wastedBytes,
      totalBytes,
      userBytes,
      userWastedPercent: userBytes === 0 ? 0 : wastedBytes / userBytes,
      paths,
    };
  }

  private record(p: string, size: number): void {
    let r = this.records.get(p);
    if (!r) this.records.set(p, (r = { count: 0, total: 0, min: size, layers: [] }));
    r.count++;
    r.total += size;
    r.min = Math.min(r.min, size);
    if (r.layers[r.layers.length - 1] !== this.layerIndex) r.layers.push(this.layerIndex);
  }

  private link(p: string, dir: boolean): void {
    this.live.set(p, dir);
    const parent = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
    let set = this.children.get(parent);
    if (!set) this.children.set(parent, (set = new Set()));
    set.add(p);
  }

  /** A file under folders no entry named: the folders exist (and replace a file of that name). */
  private ensureParents(p: string, writes: LayerChanges['writes']): void {
    for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) {
      const a = p.slice(0, i);
      const was = this.live.get(a);
      if (was === true) continue;
      // Unless this layer writes it again as a file (a broken tar): that write is its event.
      if (was === false && writes.get(a)?.dir !== false) this.record(a, 0);
      this.link(a, true);
    }
  }

  /**
   * Takes `p`'s subtree out of what is live (and `p` itself when `self`), counting a removal of
   * every file in it, except those this layer writes again: for them the write is the one event.
   */
  private removeTree(p: string, self: boolean, writes: LayerChanges['writes']): void {
    if (!this.live.has(p)) return;
    const stack = self ? [p] : [...(this.children.get(p) ?? [])];
    if (!self) this.children.delete(p);
    while (stack.length) {
      const q = stack.pop()!;
      const dir = this.live.get(q);
      if (dir === undefined) continue;
      if (dir) {
        stack.push(...(this.children.get(q) ?? []));
        this.children.delete(q);
      } else if (!writes.has(q)) {
        this.record(q, 0);
      }
      this.live.delete(q);
      const parent = q.includes('/') ? q.slice(0, q.lastIndexOf('/')) : '';
      this.children.get(parent)?.delete(q);
    }
  }
}

/** Reads every layer's headers (never the file bodies) and reports the image's wasted space. */
export async function analyzeEfficiency(store: Store, image: string | StoredImage, ctx: OpContext = {}): Promise<EfficiencyResult> {
  const img = typeof image === 'string' ? await findImage(store, image) : image;
  const ledger = new WasteLedger();
  for (const layer of img.manifest.layers) {
    throwIfAborted(ctx.signal);
    if (!(await store.blobs.has(layer.digest))) throw new LadingError(`layer ${layer.digest} of image ${img.id} is missing from the store`);
    ctx.onProgress?.({ kind: 'layer', id: layer.digest.slice(7, 19), status: 'Analyzing' });
    ledger.beginLayer();
    await walkLayerEntries(
      store.blobs.createReadStream(layer.digest) as Readable,
      (h) => {
        const p = layerEntryPath(h.name);
        if (p === undefined) throw new LadingError(`layer ${layer.digest}: archive entry ${JSON.stringify(h.name)} escapes the image root ("..")`);
        ledger.entry(p, h.type === 'directory' ? 0 : h.size ?? 0, h.type === 'directory');
      },
      { signal: ctx.signal },
    );
    ledger.endLayer();
    ctx.onProgress?.({ kind: 'layer', id: layer.digest.slice(7, 19), status: 'Analyzed' });
  }
  return ledger.result(img.id);
}
