// Downloads one blob into the store: streamed into a resumable writer keyed by digest, verified
// (sha256 and size) as it streams, resumed with a Range request after an interruption, and
// retried with backoff. A partial file survives a crash so the next run continues from it.
import { promises as fsp } from 'node:fs';
import { CancelledError, DigestMismatchError, LadingError } from '../errors';
import { Descriptor } from '../image/types';
import { Store } from '../store/store';
import { RepositoryClient } from './client';
import { DiffIdTee, gzipDiffIdTee } from './diffid-tee';
import { networkErrorWhileReading } from './network-errors';
import { withRetry } from './retry';

const WRITE_BATCH = 1024 * 1024;
const MAX_IN_FLIGHT = 8 * WRITE_BATCH;
// Well under IOV_MAX (1024), however small the network chunks are.
const MAX_BATCH_CHUNKS = 256;

export interface DownloadProgress {
  (current: number, total: number, resumedFrom: number): void;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: DownloadProgress;
  /** Inflate while downloading and record the layer's DiffID and size. */
  gzip?: boolean;
}

export async function downloadBlob(store: Store, clients: RepositoryClient[], desc: Descriptor, opts: DownloadOptions = {}): Promise<void> {
  const { signal } = opts;
  let lastError: unknown;
  // Try each endpoint (mirrors, then the registry) until one delivers verified content.
  for (const client of clients) {
    try {
      await withRetry(() => attempt(store, client, desc, opts), { signal });
      return;
    } catch (e) {
      if (e instanceof CancelledError || signal?.aborted) throw new CancelledError();
      lastError = e;
    }
  }
  // A body that broke off mid-download is reported by undici as a bare "terminated".
  throw networkErrorWhileReading(lastError, `blob ${desc.digest}`);
}

async function attempt(store: Store, client: RepositoryClient, desc: Descriptor, opts: DownloadOptions): Promise<void> {
  const { signal, onProgress } = opts;
  if (await store.blobs.has(desc.digest)) return;
  let w = await store.blobs.writer(desc.digest);
  let tee: DiffIdTee | undefined;
  const startedAt = w.written;
  try {
    if (w.written > desc.size) {
      await restart();
    }
    if (w.written === desc.size && desc.size > 0) {
      await w.commit({ digest: desc.digest, size: desc.size });
      return;
    }
    const resumedFrom = w.written;
    const dl = await client.getBlob(desc.digest, w.written, signal);
    if (dl.offset !== w.written) await restart();
    // Only a download from the first byte can be inflated on the fly; resumed ones stay lazy.
    tee = w.written === 0 && opts.gzip ? gzipDiffIdTee() : undefined;
    onProgress?.(w.written, desc.size, resumedFrom);
    let lastReport = 0;
    // Network chunks are small (16-64 KiB): batch them into ~1 MiB writev calls (no copy into one
    // buffer, which cost a memcpy and garbage per MiB), and let the disk write
    // of one batch overlap the arrival of the next (bounded, so memory stays small).
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let received = w.written;
    let writing: Promise<void> = Promise.resolve();
    let inFlight = 0;
    const flush = () => {
      if (pendingBytes === 0) return;
      const batch = pending;
      const bytes = pendingBytes;
      pending = [];
      pendingBytes = 0;
      inFlight += bytes;
      writing = writing.then(async () => {
        await w.writev(batch);
        inFlight -= bytes;
      });
      // Observed here so a failed write is not reported as unhandled before it is awaited below.
      writing.catch(() => undefined);
    };
    try {
      // A plain 'data' listener, paused while the disk is behind, rather than `for await`: the
      // async iterator costs a promise and several stream calls per chunk, which is a visible
      // share of a short-lived CLI process where this code never gets optimised.
      await new Promise<void>((resolve, reject) => {
        const body = dl.body;
        let failed = false;
        const fail = (e: unknown) => {
          if (failed) return;
          failed = true;
          body.off('data', onData);
          body.destroy();
          reject(e);
        };
        const onData = (c: Buffer) => {
          if (signal?.aborted) return fail(new CancelledError());
          received += c.length;
          if (received > desc.size) return fail(new LadingError(`blob ${desc.digest} is larger than its descriptor says (${desc.size} bytes)`, 'ESIZE'));
          pending.push(c);
          pendingBytes += c.length;
          tee?.write(c);
          if (pendingBytes >= WRITE_BATCH || pending.length >= MAX_BATCH_CHUNKS) {
            flush();
            if (inFlight >= MAX_IN_FLIGHT) {
              body.pause();
              writing.then(() => failed || body.resume(), fail);
            }
          }
          const now = Date.now();
          if (now - lastReport > 100) {
            lastReport = now;
            onProgress?.(received, desc.size, resumedFrom);
          }
        };
        body.on('data', onData);
        body.once('end', () => failed || resolve());
        body.once('error', fail);
      });
    } finally {
      // Keep what arrived before an interruption: the next attempt resumes after it.
      if (!signal?.aborted) flush();
      await writing;
    }
    onProgress?.(w.written, desc.size, resumedFrom);
    // commit verifies digest and size; a mismatch discards the partial file entirely
    await w.commit({ digest: desc.digest, size: desc.size });
    const info = await tee?.finish();
    if (info) await store.layers.record(desc.digest, info).catch(() => undefined);
  } catch (e) {
    tee?.abort();
    await w.abort();
    // A kept partial file that turns out wrong (the registry changed, or it was damaged) has
    // been discarded by commit: start once more from the first byte.
    if (e instanceof DigestMismatchError && startedAt > 0) return attempt(store, client, desc, opts);
    throw e;
  }

  async function restart(): Promise<void> {
    await w.abort();
    await fsp.rm(w.file, { force: true });
    w = await store.blobs.writer(desc.digest);
  }
}
