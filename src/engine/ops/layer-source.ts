// A layer blob read from the store for extraction, checked against its digest as it streams.
// Blobs were verified when they were written, but a file damaged on disk since then must not
// land in a user's folder as if it were the layer: the mismatch fails the read at its end,
// which is before an extraction moves anything into place.
import { createHash } from 'node:crypto';
import { Readable, Transform, pipeline } from 'node:stream';
import { DigestMismatchError, LadingError } from '../errors';
import { Descriptor } from '../image/types';
import { assertDigest } from '../store/blobs';
import { Store } from '../store/store';

export interface LayerSource {
  digest: string;
  /** Size of the blob as stored (compressed, when the layer is). */
  size: number;
  stream: Readable;
}

/** The digest of a layer given as a descriptor or as `sha256:…`. */
export function layerDigest(layer: Descriptor | string): string {
  const digest = typeof layer === 'string' ? layer : layer.digest;
  assertDigest(digest);
  return digest;
}

/** Progress is reported for the first chunk, then at most once per this many bytes. */
const PROGRESS_STEP = 1024 * 1024;

/** Opens a layer blob; `onBytes` gets the count of stored bytes read so far, now and then. */
export async function openLayerSource(store: Store, layer: Descriptor | string, onBytes?: (read: number) => void): Promise<LayerSource> {
  const digest = layerDigest(layer);
  const size = await store.blobs.size(digest);
  if (size === undefined) throw new LadingError(`layer ${digest} is not in the store`);
  const hash = createHash('sha256');
  let read = 0;
  let reported = -PROGRESS_STEP;
  const checked = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      read += chunk.length;
      if (read - reported >= PROGRESS_STEP) {
        reported = read;
        onBytes?.(read);
      }
      done(null, chunk);
    },
    flush(done) {
      const actual = `sha256:${hash.digest('hex')}`;
      done(actual === digest ? null : new DigestMismatchError(digest, actual, 'layer'));
    },
  });
  // pipeline, not pipe: whichever side fails or is destroyed, the file is closed.
  pipeline(store.blobs.createReadStream(digest), checked, () => undefined);
  return { digest, size, stream: checked };
}
