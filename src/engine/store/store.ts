// The on-disk content store: an OCI image layout that skopeo, umoci and podman can read.
//
//   <root>/oci-layout, <root>/index.json, <root>/blobs/sha256/<hex>   (OCI image layout)
//   <root>/lading/lock            exclusive lock for index.json edits and garbage collection
//   <root>/lading/tmp/            blob writes in progress (same file system, so rename is atomic),
//                                 and scratch folders `.<purpose>.<pid>.<hex>` of running operations
//   <root>/lading/leases/         blobs that live writers have not yet linked from index.json
//   <root>/lading/layers/         cached uncompressed size and DiffID of compressed layers
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LadingError } from '../errors';
import { Descriptor, Index, Manifest, isIndexMediaType } from '../image/types';
import { atomicWriteFile, exists, readJsonFile, removeDeadTempFiles, tempName } from '../util/fsutil';
import { BlobStore } from './blobs';
import { emptyIndex } from './index-entries';
import { Lease, liveLeasedDigests } from './lease';
import { FileLock, LockOptions } from './lock';
import { LayerInfoCache } from './layer-info';

export const OCI_LAYOUT_VERSION = '1.0.0';

/** `--store DIR`, then `LADING_STORE`, then `$XDG_DATA_HOME/lading`, then `~/.local/share/lading`. */
export function defaultStoreRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LADING_STORE) return path.resolve(env.LADING_STORE);
  const data = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(data, 'lading');
}

export interface GcResult {
  removed: { digest: string; size: number }[];
  reclaimed: number;
}

export class Store {
  readonly blobs: BlobStore;
  readonly layers: LayerInfoCache;
  private readonly lock: FileLock;
  private readonly metaDir: string;

  private constructor(readonly root: string) {
    this.metaDir = path.join(root, 'lading');
    this.blobs = new BlobStore(root, path.join(this.metaDir, 'tmp'));
    this.lock = new FileLock(path.join(this.metaDir, 'lock'));
    this.layers = new LayerInfoCache(path.join(this.metaDir, 'layers'), this.blobs);
  }

  /** Opens (creating if needed) the store at `root`. */
  static async open(root: string = defaultStoreRoot()): Promise<Store> {
    const store = new Store(path.resolve(root));
    await store.init();
    return store;
  }

  get indexPath(): string {
    return path.join(this.root, 'index.json');
  }

  private async init(): Promise<void> {
    try {
      await fsp.mkdir(path.join(this.root, 'blobs', 'sha256'), { recursive: true });
      await fsp.mkdir(path.join(this.metaDir, 'tmp'), { recursive: true });
    } catch (e) {
      throw new LadingError(`cannot create the image store at ${this.root}: ${(e as Error).message}`);
    }
    const layoutFile = path.join(this.root, 'oci-layout');
    const layout = await readJsonFile<{ imageLayoutVersion?: string }>(layoutFile).catch(() => {
      throw new LadingError(`${layoutFile} is not valid JSON: is ${this.root} an image store?`);
    });
    if (!layout) {
      await atomicWriteFile(layoutFile, JSON.stringify({ imageLayoutVersion: OCI_LAYOUT_VERSION }));
    } else if (!layout.imageLayoutVersion?.startsWith('1.')) {
      throw new LadingError(`unsupported OCI layout version ${layout.imageLayoutVersion} at ${this.root}`);
    }
    // Only a missing index.json is created; a damaged one is reported by readIndex, never
    // replaced: rewriting it would silently drop every tag.
    if (!(await exists(this.indexPath))) {
      await this.withLock(async () => {
        if (!(await exists(this.indexPath))) await this.writeIndex(emptyIndex());
      });
    }
  }

  async readIndex(): Promise<Index> {
    let index: Index | undefined;
    try {
      index = await readJsonFile<Index>(this.indexPath);
    } catch {
      throw new LadingError(`${this.indexPath} is not valid JSON; the store is damaged`);
    }
    if (!index) return emptyIndex();
    if (!Array.isArray(index.manifests)) throw new LadingError(`${this.indexPath} has no "manifests" list; the store is damaged`);
    return index;
  }

  private async writeIndex(index: Index): Promise<void> {
    await atomicWriteFile(this.indexPath, `${JSON.stringify(index, null, 2)}\n`);
  }

  withLock<T>(fn: () => Promise<T>, opts?: LockOptions): Promise<T> {
    return this.lock.with(fn, opts);
  }

  /**
   * Edits index.json under the lock. Before writing, every blob that a new entry reaches must be
   * present, so the index never points at missing content, whatever ran concurrently.
   */
  async updateIndex<T = void>(edit: (index: Index) => Index | Promise<Index>, opts?: LockOptions): Promise<Index> {
    return this.withLock(async () => {
      const before = await this.readIndex();
      const after = await edit(before);
      const known = new Set(before.manifests.map((d) => d.digest));
      for (const d of after.manifests) {
        if (!known.has(d.digest)) await this.assertComplete(d);
      }
      if (JSON.stringify(before) !== JSON.stringify(after)) await this.writeIndex(after);
      return after;
    }, opts);
  }

  /** Throws unless the descriptor and everything it references are in the store. */
  async assertComplete(d: Descriptor): Promise<void> {
    for (const digest of await this.reachable(d)) {
      if (!(await this.blobs.has(digest))) {
        throw new LadingError(`blob ${digest} of ${d.digest} is missing from the store (removed by a concurrent prune?); run the command again`, 'ENOBLOB');
      }
    }
  }

  /** Digests reachable from a descriptor: itself, and for manifests/indexes their children. */
  async reachable(d: Descriptor, out: Set<string> = new Set()): Promise<Set<string>> {
    if (out.has(d.digest)) return out;
    out.add(d.digest);
    if (!(await this.blobs.has(d.digest))) return out;
    if (d.size > 4 * 1024 * 1024) return out; // not a manifest
    let doc: Partial<Manifest & Index> | undefined;
    if (isIndexMediaType(d.mediaType) || d.mediaType.includes('manifest') || d.mediaType.endsWith('+json')) {
      doc = await this.blobs.readJson<Partial<Manifest & Index>>(d.digest).catch(() => undefined);
    }
    if (!doc || typeof doc !== 'object') return out;
    if (Array.isArray(doc.manifests)) for (const m of doc.manifests) await this.reachable(m, out);
    if (doc.config?.digest) out.add(doc.config.digest);
    if (Array.isArray(doc.layers)) for (const l of doc.layers) out.add(l.digest);
    if (doc.subject?.digest) out.add(doc.subject.digest);
    return out;
  }

  /**
   * A new private folder for one operation's scratch files (`purpose`: `build`), inside the
   * store: on its file system, and swept with it. Its name carries the owner's pid, so what a
   * killed owner leaves is found by {@link removeDeadScratch} or the next gc. The owner removes
   * it when done.
   */
  async scratchDir(purpose: string): Promise<string> {
    const dir = tempName(path.join(this.metaDir, 'tmp'), purpose);
    await fsp.mkdir(path.dirname(dir), { recursive: true });
    await fsp.mkdir(dir, { mode: 0o700 });
    return dir;
  }

  /** Removes the scratch folders of `purpose` whose owning process is gone. */
  removeDeadScratch(purpose: string): Promise<number> {
    return removeDeadTempFiles(path.join(this.metaDir, 'tmp'), { base: purpose, folders: true });
  }

  /** Registers blobs that an operation is about to link, so a concurrent prune keeps them. */
  lease(): Lease {
    return new Lease(path.join(this.metaDir, 'leases'));
  }

  /**
   * Mark from index.json, sweep every other blob not held by a live lease. `only` limits the
   * sweep to these candidates (removing one image frees its own blobs, nothing else).
   */
  async gc(opts: { dryRun?: boolean; only?: Iterable<string> } = {}): Promise<GcResult> {
    return this.withLock(async () => {
      // List the blobs before reading the leases: a blob renamed into place after its writer
      // took a lease is then either absent from this list or covered by a lease read below.
      const candidates: string[] = [];
      if (opts.only) {
        for (const d of new Set(opts.only)) if (await this.blobs.has(d)) candidates.push(d);
      } else {
        for await (const digest of this.blobs.list()) candidates.push(digest);
      }
      const index = await this.readIndex();
      const marked = new Set<string>();
      for (const d of index.manifests) await this.reachable(d, marked);
      for (const d of await liveLeasedDigests(path.join(this.metaDir, 'leases'))) marked.add(d);
      const removed: GcResult['removed'] = [];
      for (const digest of candidates) {
        if (marked.has(digest)) continue;
        const size = (await this.blobs.size(digest)) ?? 0;
        if (!opts.dryRun) {
          await this.blobs.delete(digest);
          await this.layers.forget(digest);
        }
        removed.push({ digest, size });
      }
      if (!opts.dryRun && !opts.only) {
        await this.blobs.cleanTemp();
        // small files replaced atomically (index.json, layer facts, source hints, leases)
        for (const dir of [this.root, this.metaDir, ...['layers', 'sources', 'leases'].map((d) => path.join(this.metaDir, d))]) await removeDeadTempFiles(dir);
      }
      return { removed, reclaimed: removed.reduce((n, r) => n + r.size, 0) };
    });
  }
}
