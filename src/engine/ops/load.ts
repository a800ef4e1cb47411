// `load`: adds the images of an archive (docker legacy or 25+, OCI, crane tarball; optionally
// gzip/zstd compressed as a whole) to the store. The archive is read once, as a stream; members
// are spooled to temp files, every digest and DiffID is verified, and only then do blobs enter
// the store and names enter index.json. A bad or truncated archive leaves the store unchanged.
import { Readable } from 'node:stream';
import { LadingError, throwIfAborted } from '../errors';
import { Store } from '../store/store';
import { setTag, addUntagged } from '../store/index-entries';
import { listImages } from '../store/images';
import { openArchiveInput } from '../archive/archive-input';
import { readTar } from '../archive/safe-tar';
import { Spool } from '../archive/spool';
import { ArchiveFormat, detectArchiveFormat } from '../archive/archive-format';
import { readOciArchive } from '../archive/oci-reader';
import { readManifestJsonArchive } from '../archive/manifest-json-reader';
import { PlannedImage } from '../archive/load-plan';
import { OpContext } from './context';
import { leaseUnderLock } from './layer-writer';

export interface LoadedImage {
  /** Image ID (config digest). */
  id: string;
  manifestDigest: string;
  /** Full references tagged: `docker.io/library/busybox:latest`. */
  names: string[];
}

export interface LoadResult {
  format: ArchiveFormat;
  images: LoadedImage[];
  /** Tags that pointed at another image before, and that image's ID (docker reports these). */
  moved: { name: string; previousId: string }[];
}

export async function load(store: Store, source: Readable, ctx: OpContext = {}): Promise<LoadResult> {
  const spool = new Spool(store);
  const lease = store.lease();
  const added: string[] = [];
  let linked = false;
  try {
    const { stream } = await openArchiveInput(source);
    await readTar(
      stream,
      async (m, data) => {
        if (m.type === 'file' && m.size > 0) ctx.onProgress?.({ kind: 'layer', id: m.name, status: 'Loading', current: 0, total: m.size });
        await spool.add(m, data, ctx.signal);
      },
      ctx.signal,
    );
    const format = detectArchiveFormat(spool);
    const plans = format === 'oci' ? await readOciArchive(spool) : await readManifestJsonArchive(spool);
    throwIfAborted(ctx.signal);
    for (const p of plans) await storeBlobs(store, spool, p, lease, added);
    throwIfAborted(ctx.signal);
    const moved = await movedTags(store, plans);
    await store.updateIndex((index) => {
      let out = index;
      for (const p of plans) {
        if (p.names.length === 0) out = addUntagged(out, p.manifestDescriptor);
        for (const n of p.names) out = setTag(out, p.manifestDescriptor, n);
      }
      return out;
    });
    linked = true;
    return { format, moved, images: plans.map((p) => ({ id: p.id, manifestDigest: p.manifestDescriptor.digest, names: p.names })) };
  } catch (e) {
    // The blobs this load brought in go again, but through gc, after dropping our lease: another
    // operation may have found them meanwhile and leased or linked them, and must keep them.
    if (!linked && added.length > 0) {
      lease.release();
      await store.gc({ only: added }).catch(() => undefined);
    }
    if (e instanceof LadingError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR') throw new LadingError(`invalid archive: the archive is truncated or corrupt (${(e as Error).message})`, 'EARCHIVE');
    throw e;
  } finally {
    await spool.cleanup();
    lease.release();
  }
}

/** Tags of the archive that the store has on a different image now. */
async function movedTags(store: Store, plans: PlannedImage[]): Promise<LoadResult['moved']> {
  const wanted = new Map<string, string>();
  for (const p of plans) for (const n of p.names) wanted.set(n, p.id);
  if (wanted.size === 0) return [];
  const moved: LoadResult['moved'] = [];
  for (const img of await listImages(store)) {
    for (const t of img.repoTags) {
      const id = wanted.get(t);
      if (id && id !== img.id) moved.push({ name: t, previousId: img.id });
    }
  }
  return moved;
}

/** Moves one image's blobs into the store (leased first), records layer facts, stores the manifest. */
async function storeBlobs(store: Store, spool: Spool, p: PlannedImage, lease: ReturnType<Store['lease']>, added: string[]): Promise<void> {
  // Under the lock, so that no gc is between listing blobs and reading leases: a blob found
  // present below cannot then be swept before it is linked.
  await leaseUnderLock(store, lease, p.manifestDescriptor.digest, ...p.blobs.map((b) => b.digest));
  for (const b of p.blobs) {
    if (await spool.commit(b.member, b.digest)) added.push(b.digest);
    if (b.layer) await store.layers.record(b.digest, b.layer);
  }
  if (!(await store.blobs.has(p.manifestDescriptor.digest))) {
    await store.blobs.writeBuffer(p.manifest, p.manifestDescriptor.digest);
    added.push(p.manifestDescriptor.digest);
  }
}
