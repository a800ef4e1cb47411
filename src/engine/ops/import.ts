// `import FILE|URL|- [REPOSITORY[:TAG]]`: a root file system tarball becomes a one-layer image.
import { createReadStream, promises as fsp } from 'node:fs';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { applyChanges } from './change';
import { OpContext } from './context';
import { writeJsonBlob, writeLayerFromTar } from './layer-writer';
import { LadingError } from '../errors';
import { redactUrl } from '../registry/transport';
import { parsePlatform } from '../image/platform';
import { Descriptor, ImageConfig, Manifest, MediaType, hostPlatform } from '../image/types';
import { formatReference, parseNormalizedTagged } from '../reference/reference';
import { addUntagged, setTag } from '../store/index-entries';
import { Store } from '../store/store';

export interface ImportOptions {
  /** A file path, an http(s) URL, or a stream (the CLI passes stdin for `-`). */
  source: string | Readable;
  /** `name[:tag]` to tag the image with. */
  reference?: string;
  /** Dockerfile instructions (`CMD ["sh"]`, `ENV A=b`…). */
  changes?: string[];
  message?: string;
  /** `os/arch[/variant]`; the host's by default. */
  platform?: string;
}

export interface ImageWriteResult {
  /** `sha256:…` image ID (config digest). */
  id: string;
  manifest: Descriptor;
  /** Full normalised reference when tagged. */
  reference?: string;
}

/** Parses `name[:tag]` for import/commit; digests are refused as docker does. */
export function targetReference(input: string | undefined): string | undefined {
  if (!input) return undefined;
  const ref = parseNormalizedTagged(input);
  if (ref.digest) throw new LadingError('refusing to create a tag with a digest reference');
  return formatReference(ref);
}

const MAX_REDIRECTS = 5;

export interface OpenedSource {
  stream: Readable;
  /** Bytes to expect, when the file size or Content-Length tells. */
  size?: number;
}

async function openUrl(url: string, ctx: OpContext): Promise<OpenedSource> {
  let current = new URL(url);
  // Messages never show user:password@ or a query string (pre-signed URLs carry tokens there).
  const shown = redactUrl(current);
  for (let i = 0; i <= MAX_REDIRECTS; i++) {
    const res = await request(current, { method: 'GET', signal: ctx.signal }).catch((e: Error) => {
      throw new LadingError(`cannot download ${shown}: ${e.message}`);
    });
    if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
      res.body.resume();
      current = new URL(String(res.headers.location), current);
      if (current.protocol !== 'http:' && current.protocol !== 'https:') break;
      continue;
    }
    if (res.statusCode !== 200) {
      res.body.resume();
      throw new LadingError(`cannot download ${shown}: HTTP ${res.statusCode}`);
    }
    const length = Number(res.headers['content-length']);
    return { stream: res.body, size: Number.isFinite(length) && length > 0 ? length : undefined };
  }
  throw new LadingError(`cannot download ${shown}: too many redirects`);
}

export async function openSource(source: string | Readable, ctx: OpContext): Promise<OpenedSource> {
  if (typeof source !== 'string') return { stream: source };
  if (/^https?:\/\//i.test(source)) return openUrl(source, ctx);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) throw new LadingError(`unsupported URL scheme in ${source}: only http and https`);
  const st = await fsp.stat(source).catch(() => undefined);
  if (!st) throw new LadingError(`open ${source}: no such file or directory`);
  if (st.isDirectory()) throw new LadingError(`${source} is a directory, not a tar archive`);
  return { stream: createReadStream(source), size: st.size };
}

/** Links a manifest under `reference` (or as a dangling image) in index.json. */
export async function linkManifest(store: Store, manifest: Descriptor, reference: string | undefined, ctx: OpContext): Promise<void> {
  await store.updateIndex((index) => (reference ? setTag(index, manifest, reference) : addUntagged(index, manifest)), { signal: ctx.signal });
}

export async function importImage(store: Store, opts: ImportOptions, ctx: OpContext = {}): Promise<ImageWriteResult> {
  const reference = targetReference(opts.reference);
  const platform = opts.platform ? parsePlatform(opts.platform) : hostPlatform();
  const containerConfig = applyChanges({}, opts.changes ?? []);
  const lease = store.lease();
  try {
    const src = await openSource(opts.source, ctx);
    const layer = await writeLayerFromTar(store, lease, src.stream, ctx, { label: 'import', total: src.size });
    const created = new Date().toISOString();
    const config: ImageConfig = {
      created,
      architecture: platform.architecture,
      os: platform.os,
      ...(platform.variant ? { variant: platform.variant } : {}),
      config: containerConfig,
      rootfs: { type: 'layers', diff_ids: [layer.diffId] },
      history: [{ created, created_by: 'import', ...(opts.message ? { comment: opts.message } : {}) }],
    };
    if (opts.message) config.comment = opts.message;
    const configDesc = await writeJsonBlob(store, lease, MediaType.ociConfig, config);
    const manifest: Manifest = { schemaVersion: 2, mediaType: MediaType.ociManifest, config: configDesc, layers: [layer.descriptor] };
    const manifestDesc = await writeJsonBlob(store, lease, MediaType.ociManifest, manifest);
    await linkManifest(store, manifestDesc, reference, ctx);
    return { id: configDesc.digest, manifest: manifestDesc, reference };
  } finally {
    lease.release();
  }
}
