// Uploads one blob from the store: POST to open an upload, then a single PUT with the whole
// blob; if the registry refuses a monolithic upload, PATCH chunks (at least OCI-Chunk-Min-Length
// bytes each) and close with an empty PUT.
import { createReadStream, promises as fsp } from 'node:fs';
import { Readable } from 'node:stream';
import { Descriptor } from '../image/types';
import { Store } from '../store/store';
import { RepositoryClient, failure } from './client';

export const DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;

export async function uploadBlob(
  store: Store,
  client: RepositoryClient,
  desc: Descriptor,
  opts: { signal?: AbortSignal; onProgress?: (sent: number) => void; chunkSize?: number },
): Promise<void> {
  const { location, chunkMin } = await client.startUpload(opts.signal);
  if (!opts.chunkSize) {
    let sent = 0;
    const res = await client.putUpload(location, desc.digest, desc.size, () => {
      // Count bytes as undici pulls them (a 'data' listener would start the flow too early).
      const source = createReadStream(store.blobs.path(desc.digest), { highWaterMark: 1024 * 1024 });
      sent = 0;
      return Readable.from((async function* () {
        for await (const chunk of source) {
          sent += (chunk as Buffer).length;
          opts.onProgress?.(sent);
          yield chunk as Buffer;
        }
      })(), { objectMode: false });
    }, opts.signal);
    if (res.status === 201) {
      await res.body.dump();
      return;
    }
    if (res.status === 401 || res.status === 403 || res.status === 404 || res.status >= 500) await failure(res, `upload of ${desc.digest}`);
    await res.body.dump();
  }
  // Chunked: a fresh session, since the monolithic attempt may have poisoned the first one.
  const chunked = opts.chunkSize ? { location, chunkMin } : await client.startUpload(opts.signal);
  const size = Math.max(opts.chunkSize ?? DEFAULT_CHUNK_SIZE, chunked.chunkMin);
  let next = chunked.location;
  const fh = await fsp.open(store.blobs.path(desc.digest), 'r');
  try {
    let offset = 0;
    while (offset < desc.size) {
      const len = Math.min(size, desc.size - offset);
      const buf = Buffer.alloc(len);
      const { bytesRead } = await fh.read(buf, 0, len, offset);
      next = await client.patchUpload(next, buf.subarray(0, bytesRead), offset, opts.signal);
      offset += bytesRead;
      opts.onProgress?.(offset);
    }
  } finally {
    await fh.close();
  }
  const res = await client.putUpload(next, desc.digest, 0, undefined, opts.signal);
  if (res.status !== 201) await failure(res, `upload of ${desc.digest}`);
  await res.body.dump();
}

