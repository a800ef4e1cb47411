// DiffID and uncompressed size of layer blobs. Known at write time for imports and pulls (they
// are recorded then); otherwise computed once by streaming the blob and cached.
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Descriptor, layerCompression } from '../image/types';
import { autoDecompress } from '../util/compression';
import { atomicWriteFile, readJsonFile } from '../util/fsutil';
import { BlobStore } from './blobs';

export interface LayerInfo {
  /** sha256 of the uncompressed tar */
  diffId: string;
  /** bytes of the uncompressed tar */
  size: number;
}

export class LayerInfoCache {
  private readonly memo = new Map<string, LayerInfo>();

  constructor(private readonly dir: string, private readonly blobs: BlobStore) {}

  private file(digest: string): string {
    return path.join(this.dir, `${digest.replace(':', '-')}.json`);
  }

  async record(blobDigest: string, info: LayerInfo): Promise<void> {
    this.memo.set(blobDigest, info);
    await atomicWriteFile(this.file(blobDigest), JSON.stringify(info));
  }

  async get(layer: Descriptor): Promise<LayerInfo> {
    const hit = this.memo.get(layer.digest);
    if (hit) return hit;
    if (layerCompression(layer.mediaType) === 'none') {
      const info = { diffId: layer.digest, size: layer.size };
      this.memo.set(layer.digest, info);
      return info;
    }
    const cached = await readJsonFile<LayerInfo>(this.file(layer.digest)).catch(() => undefined);
    if (cached?.diffId) {
      this.memo.set(layer.digest, cached);
      return cached;
    }
    const info = await this.compute(layer.digest);
    await this.record(layer.digest, info);
    return info;
  }

  /** Streams the blob through the decompressor (detected from its bytes) and sha256. */
  async compute(blobDigest: string): Promise<LayerInfo> {
    const { stream } = await autoDecompress(this.blobs.createReadStream(blobDigest));
    const h = createHash('sha256');
    let size = 0;
    for await (const chunk of stream) {
      h.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    return { diffId: `sha256:${h.digest('hex')}`, size };
  }

  async forget(blobDigest: string): Promise<void> {
    this.memo.delete(blobDigest);
    await fsp.rm(this.file(blobDigest), { force: true });
  }
}
