// DockerfileServices backed by the engine: local images from the store, tags and digests from
// registries (short timeouts, results cached briefly so typing does not hammer a registry).
import { listImages } from '../../engine/store/images';
import { Store } from '../../engine/store/store';
import { listTags } from '../../engine/ops/tags';
import { parseReference } from '../../engine/reference/reference';
import { RepositoryClient } from '../../engine/registry/client';
import { RegistryConnector, RegistryOptions } from '../../engine/registry/connector';
import { DockerfileServices, LocalImage, familiar } from '../../dockerfile/services';

export interface EngineAccess {
  store(): Promise<Store>;
  registryOptions(): Promise<RegistryOptions>;
}

const TTL_MS = 5 * 60_000;
const TIMEOUT_MS = 8_000;

function cached<T>(fn: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const hits = new Map<string, { at: number; value: Promise<T> }>();
  return (key) => {
    const hit = hits.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
    const value = fn(key);
    hits.set(key, { at: Date.now(), value });
    value.catch(() => hits.delete(key));
    return value;
  };
}

export function engineDockerfileServices(engine: EngineAccess): DockerfileServices {
  return {
    async localImages(): Promise<LocalImage[]> {
      const images = await listImages(await engine.store());
      const out: LocalImage[] = [];
      for (const img of images) {
        for (const ref of img.repoTags) {
          const colon = ref.lastIndexOf(':');
          const name = ref.slice(0, colon);
          const digest = img.repoDigests.find((d) => d.startsWith(name + '@'))?.split('@')[1];
          out.push({ name: familiar(name), tag: ref.slice(colon + 1), id: img.id, size: img.size, created: img.created?.toISOString(), layers: img.manifest.layers.length, digest });
        }
      }
      return out;
    },
    registryTags: cached(async (repo) => {
      const opts = await engine.registryOptions();
      return listTags(repo, { ...opts, limit: 500, signal: AbortSignal.timeout(TIMEOUT_MS) });
    }),
    resolveDigest: cached(async (ref) => {
      const r = parseReference(ref);
      const connector = await RegistryConnector.create(await engine.registryOptions());
      try {
        const client = new RepositoryClient(connector.session(r.registry), r.repository);
        const m = await client.getManifest(r.digest ?? r.tag ?? 'latest', AbortSignal.timeout(TIMEOUT_MS));
        return m.digest;
      } finally {
        await connector.close();
      }
    }),
  };
}
