// Images made directly with the store's own APIs (layer blobs, config, manifest, index entry), so
// the VS Code suites need no registry and no engine operation to have something to show.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ImageConfig, Manifest, MediaType } from '../../src/engine/image/types';
import { setTag } from '../../src/engine/store/index-entries';
import { Store } from '../../src/engine/store/store';
import { tempDir } from '../helpers/tmp';
import { writeRootfsTar } from '../helpers/rootfs';

const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export interface FixtureImage {
  tag: string;
  id: string;
  layerDigests: string[];
  layerSizes: number[];
}

/** Writes a two-layer image (busybox rootfs + one app layer with a whiteout) tagged `tag`. */
export async function makeImage(store: Store, tag: string, opts: { appFiles?: Record<string, string>; baseFiles?: Record<string, string> } = {}): Promise<FixtureImage> {
  const dir = tempDir('lading-fixture-');
  const baseTar = readFileSync(await writeRootfsTar(path.join(dir, 'base.tar'), { files: opts.baseFiles ?? { 'etc/os-release': 'NAME=Fixture\n' } }));
  const appTar = readFileSync(await writeRootfsTar(path.join(dir, 'app.tar'), { noBusybox: true, files: { 'app/hello.txt': 'hello from the app layer\n', 'etc/.wh.motd': '', ...opts.appFiles } }));
  const layers = [baseTar, appTar];
  const descs = [];
  for (const tar of layers) {
    const gz = gzipSync(tar);
    const d = { mediaType: MediaType.ociLayerGzip, digest: sha(gz), size: gz.length };
    await store.blobs.writeBuffer(gz, d.digest);
    await store.layers.record(d.digest, { diffId: sha(tar), size: tar.length });
    descs.push(d);
  }
  const config: ImageConfig = {
    created: '2025-06-01T12:00:00Z',
    architecture: 'amd64',
    os: 'linux',
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['/bin/sh'], WorkingDir: '/app' },
    rootfs: { type: 'layers', diff_ids: layers.map((t) => sha(t)) },
    history: [
      { created: '2025-06-01T11:00:00Z', created_by: '/bin/sh -c #(nop) ADD file:4f1c2b in / ' },
      { created: '2025-06-01T11:00:01Z', created_by: '/bin/sh -c #(nop)  CMD ["/bin/sh"]', empty_layer: true },
      { created: '2025-06-01T12:00:00Z', created_by: 'COPY app/ /app/ # buildkit' },
      { created: '2025-06-01T12:00:00Z', created_by: 'WORKDIR /app', empty_layer: true },
    ],
  };
  const configBuf = Buffer.from(JSON.stringify(config));
  const configDesc = { mediaType: MediaType.ociConfig, digest: sha(configBuf), size: configBuf.length };
  await store.blobs.writeBuffer(configBuf, configDesc.digest);
  const manifest: Manifest = { schemaVersion: 2, mediaType: MediaType.ociManifest, config: configDesc, layers: descs };
  const manifestBuf = Buffer.from(JSON.stringify(manifest));
  const manifestDesc = { mediaType: MediaType.ociManifest, digest: sha(manifestBuf), size: manifestBuf.length };
  await store.blobs.writeBuffer(manifestBuf, manifestDesc.digest);
  await store.updateIndex((index) => setTag(index, manifestDesc, tag));
  return { tag, id: configDesc.digest, layerDigests: descs.map((d) => d.digest), layerSizes: layers.map((t) => t.length) };
}
