// Image data for the Dockerfile language features (completion of FROM images and tags, hover,
// "pin to digest" fixes), backed by the store and the registries. Registry answers are cached
// for a few minutes and failures return nothing, so typing never waits on an unreachable host.
import { DockerfileServices, LocalImage } from '../dockerfile/services';
import { familiarName, parseReference } from '../engine/reference/reference';
import { ImagesProvider } from './images/images-provider';
import { network } from './network-loader';
import { LadingServices } from './services';

const TTL_MS = 5 * 60_000;
const NETWORK_TIMEOUT_MS = 5_000;

function cached<T>(fn: (key: string) => Promise<T>, fallback: T): (key: string) => Promise<T> {
  const memo = new Map<string, { at: number; value: Promise<T> }>();
  return (key) => {
    const hit = memo.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
    const value = fn(key).catch(() => fallback);
    memo.set(key, { at: Date.now(), value });
    return value;
  };
}

export function dockerfileServices(services: LadingServices, images: ImagesProvider): DockerfileServices {
  return {
    async localImages(): Promise<LocalImage[]> {
      const all = await images.loadImages().catch(() => []);
      return all.flatMap((img) =>
        img.repoTags.map((t) => {
          const ref = parseReference(t);
          const digest = img.repoDigests.find((d) => d.startsWith(`${t.slice(0, t.lastIndexOf(':'))}@`));
          return {
            name: familiarName(ref),
            tag: ref.tag ?? 'latest',
            id: img.id,
            size: img.size,
            created: img.created?.toISOString(),
            layers: img.manifest.layers.length,
            digest: digest?.slice(digest.indexOf('@') + 1),
          };
        }),
      );
    },
    registryTags: cached(async (repo: string) => {
      const { listTags } = network();
      return listTags(repo, { ...(await services.registryOptions()), limit: 200, signal: AbortSignal.timeout(NETWORK_TIMEOUT_MS) });
    }, [] as string[]),
    resolveDigest: cached(async (reference: string) => {
      const { RegistryConnector, RepositoryClient } = network();
      const ref = parseReference(reference);
      const connector = await RegistryConnector.create(await services.registryOptions());
      try {
        const client = new RepositoryClient(connector.session(ref.registry), ref.repository);
        return (await client.getManifest(ref.digest ?? ref.tag ?? 'latest', AbortSignal.timeout(NETWORK_TIMEOUT_MS))).digest;
      } finally {
        await connector.close();
      }
    }, undefined as string | undefined),
  };
}
