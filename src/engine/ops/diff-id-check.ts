// A pulled image's layers must be the ones its config describes: each layer's DiffID (the
// sha256 of its uncompressed tar) is checked against the config's rootfs.diff_ids, in order.
// Layer digests only prove the registry sent the blobs the manifest names; without this check a
// manifest could pair a config with other layers than the ones the config was built from.
import { LadingError } from '../errors';
import { Manifest } from '../image/types';
import { mapLimit } from '../registry/limit';
import { Store } from '../store/store';

export async function assertPulledDiffIds(store: Store, manifest: Manifest, image: string, concurrency: number): Promise<void> {
  const config = await store.blobs.readJson<{ rootfs?: { diff_ids?: unknown } }>(manifest.config.digest);
  const diffIds = config?.rootfs?.diff_ids;
  // Configs of other artifact types (Helm charts, signatures) carry no rootfs: nothing to check.
  if (!Array.isArray(diffIds)) return;
  if (diffIds.length !== manifest.layers.length) {
    throw new LadingError(`${image}: the manifest has ${manifest.layers.length} layers but its config lists ${diffIds.length} diff_ids`, 'EDIGEST');
  }
  const infos = await mapLimit(manifest.layers, Math.max(1, concurrency), (l) => store.layers.get(l));
  infos.forEach((info, i) => {
    if (info.diffId !== diffIds[i]) {
      throw new LadingError(`${image}: layer ${manifest.layers[i].digest} has DiffID ${info.diffId}, but the config expects ${String(diffIds[i])}`, 'EDIGEST');
    }
  });
}
