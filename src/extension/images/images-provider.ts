// The Images view: repositories → tags → layers → files. The image list is loaded once per
// refresh and shared by all rows; layer file listings are read from the tar on first expand.
// An image's wasted space is computed only when its row is expanded (it reads every layer, which
// expanding an image to see its layers must not cost), kept by image ID: the ID is the config's
// digest, which names the layers, so the result never goes stale.
import * as vscode from 'vscode';
import { analyzeEfficiency, EfficiencyResult } from '../../engine/ops/efficiency';
import { listImages, StoredImage } from '../../engine/store/images';
import { readSettings } from '../config';
import { listLayer, LayerEntry } from '../layerfs/layer-listing';
import { LadingServices } from '../services';
import { arrangeImages } from './image-groups';
import { ImageGroupItem } from './items/group-item';
import { ImageItem } from './items/image-item';
import { LayerFileItem } from './items/file-item';
import { LayerItem } from './items/layer-item';
import { MessageItem } from './items/message-item';
import { WastedPathItem } from './items/wasted-path-item';
import { WastedSpaceItem } from './items/wasted-space-item';
import { layerRows } from './layer-rows';

export type ImagesNode = ImageGroupItem | ImageItem | LayerItem | LayerFileItem | WastedSpaceItem | WastedPathItem | MessageItem;

/** Wasting paths listed under the row; the CLI's `image efficiency --all` has the rest. */
const WASTED_PATHS_SHOWN = 50;

interface WasteAnalysis {
  result?: EfficiencyResult;
  error?: string;
  /** Image rows showing "computing…", redrawn once the result is in. */
  waiting: Set<ImageItem>;
  /** Settles (never rejects) once `result` or `error` is set and the rows are redrawn. */
  done: Promise<void>;
}

export class ImagesProvider implements vscode.TreeDataProvider<ImagesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ImagesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private images?: Promise<StoredImage[]>;
  private readonly listings = new Map<string, Promise<LayerEntry>>();
  private readonly analyses = new Map<string, WasteAnalysis>();
  private readonly cancelAnalyses = new AbortController();
  private filterText = '';
  private dangling = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly services: LadingServices) {
    this.subscriptions.push(services.refresh.onRefresh('images')(() => this.reload()));
  }

  get filter(): string {
    return this.filterText;
  }

  set filter(text: string) {
    this.filterText = text.trim();
    this.changed.fire(undefined);
  }

  get showDangling(): boolean {
    return this.dangling;
  }

  set showDangling(on: boolean) {
    this.dangling = on;
    void vscode.commands.executeCommand('setContext', 'lading.images.showingDangling', on);
    this.changed.fire(undefined);
  }

  /** Drops the cached image list and redraws. */
  reload(): void {
    this.images = undefined;
    // A failed analysis is tried again after a refresh; finished ones stay (see the top).
    for (const [id, a] of this.analyses) if (a.error) this.analyses.delete(id);
    this.changed.fire(undefined);
  }

  /** Every image of the store (cached until the next reload). */
  loadImages(): Promise<StoredImage[]> {
    if (!this.images) {
      this.images = this.services.store().then((s) => listImages(s));
      this.images.catch(() => (this.images = undefined));
    }
    return this.images;
  }

  getTreeItem(node: ImagesNode): vscode.TreeItem {
    return node;
  }

  async getChildren(node?: ImagesNode): Promise<ImagesNode[]> {
    try {
      if (!node) return await this.roots();
      if (node instanceof ImageGroupItem) return node.group.entries.map((e) => new ImageItem(e, readSettings().groupBy));
      if (node instanceof ImageItem) return [...(await this.layers(node.entry.image, node.id!)), this.wastedSpace(node)];
      if (node instanceof WastedSpaceItem) return this.wastedPaths(node);
      if (node instanceof LayerItem) return await this.layerRoot(node.row.layer!.digest, node.id!);
      if (node instanceof LayerFileItem) return this.folderChildren(node.layerDigest, node.entry, node.id!);
      return [];
    } catch (e) {
      return [new MessageItem((e as Error).message, 'error')];
    }
  }

  private async roots(): Promise<ImagesNode[]> {
    const images = await this.loadImages();
    const settings = readSettings();
    const groups = arrangeImages(images, { groupBy: settings.groupBy, sortBy: settings.sortBy, filter: this.filterText, showDangling: this.dangling });
    if (groups.every((g) => g.entries.length === 0)) {
      return [new MessageItem(this.filterText ? `No images match "${this.filterText}"` : 'No images. Pull or import one.', 'info')];
    }
    if (settings.groupBy === 'none') return groups[0].entries.map((e) => new ImageItem(e, 'none'));
    return groups.map((g) => new ImageGroupItem(g));
  }

  /** Layer rows with uncompressed sizes and how many other images share each layer. */
  async layers(image: StoredImage, parentId: string): Promise<LayerItem[]> {
    const store = await this.services.store();
    const all = await this.loadImages();
    const users = new Map<string, number>();
    for (const img of all) for (const l of new Set(img.manifest.layers.map((x) => x.digest))) users.set(l, (users.get(l) ?? 0) + 1);
    const rows = layerRows(image.config, image.manifest);
    return Promise.all(
      rows.map(async (row) => {
        if (!row.layer) return new LayerItem(image, row, undefined, 0, parentId);
        const info = await store.layers.get(row.layer).catch(() => undefined);
        return new LayerItem(image, row, info?.size, (users.get(row.layer.digest) ?? 1) - 1, parentId);
      }),
    );
  }

  /** The row for the image's wasted space: "expand to analyze", "computing…", or its numbers. */
  private wastedSpace(node: ImageItem): WastedSpaceItem {
    const a = this.analyses.get(node.entry.image.id);
    if (a && !a.result && !a.error) a.waiting.add(node);
    return new WastedSpaceItem(node.entry.image.id, a ? { result: a.result, error: a.error } : undefined, node);
  }

  /** Starts the image's analysis once; its image row is redrawn when the numbers are in. */
  private analyze(node: ImageItem): WasteAnalysis {
    const image = node.entry.image;
    let a = this.analyses.get(image.id);
    if (!a) {
      const waiting = new Set<ImageItem>();
      const started: WasteAnalysis = { waiting, done: Promise.resolve() };
      started.done = this.services
        .store()
        .then((s) => analyzeEfficiency(s, image, { signal: this.cancelAnalyses.signal }))
        .then(
          (r) => void (started.result = r),
          (e: Error) => void (started.error = e.message),
        )
        .then(() => {
          for (const n of waiting) this.changed.fire(n);
          waiting.clear();
        });
      this.analyses.set(image.id, (a = started));
    }
    if (!a.result && !a.error) a.waiting.add(node);
    return a;
  }

  private wastedPaths(node: WastedSpaceItem): ImagesNode[] {
    const a = this.analyze(node.image);
    if (a.error) return [new MessageItem(a.error, 'error')];
    if (!a.result) return [new MessageItem('Reading every layer…', 'loading~spin')];
    const paths = a.result.paths;
    const rows: ImagesNode[] = paths.slice(0, WASTED_PATHS_SHOWN).map((p) => new WastedPathItem(p, node.id!));
    if (paths.length > WASTED_PATHS_SHOWN) rows.push(new MessageItem(`${paths.length - WASTED_PATHS_SHOWN} more (lading image efficiency --all)`, 'ellipsis'));
    return rows;
  }

  /** The image's wasted space once computed (or failed); undefined until its row was first expanded. */
  async wastedSpaceOf(imageId: string): Promise<{ result?: EfficiencyResult; error?: string } | undefined> {
    const a = this.analyses.get(imageId);
    await a?.done;
    return a && { result: a.result, error: a.error };
  }

  private listing(digest: string): Promise<LayerEntry> {
    let p = this.listings.get(digest);
    if (!p) {
      p = this.services.store().then((s) => listLayer(s.blobs.createReadStream(digest)));
      p.catch(() => this.listings.delete(digest));
      this.listings.set(digest, p);
    }
    return p;
  }

  private async layerRoot(digest: string, parentId: string): Promise<ImagesNode[]> {
    const root = await this.listing(digest);
    if (!root.children || root.children.size === 0) return [new MessageItem('(empty layer)', 'info')];
    return this.folderChildren(digest, root, parentId);
  }

  private folderChildren(digest: string, dir: LayerEntry, parentId: string): ImagesNode[] {
    const kids = [...(dir.children?.values() ?? [])];
    kids.sort((a, b) => Number(!!b.children) - Number(!!a.children) || a.name.localeCompare(b.name));
    return kids.map((k) => new LayerFileItem(digest, k, parentId));
  }

  dispose(): void {
    this.cancelAnalyses.abort();
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
