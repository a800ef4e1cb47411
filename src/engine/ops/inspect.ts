// `image inspect`: docker's image JSON (API ≥ 1.44 shape, without GraphDriver: there is no
// storage driver, layers stay in the content store).
import { OpContext } from './context';
import { findImage } from './find-image';
import { familiarString, tryParseReference } from '../reference/reference';
import { StoredImage, listImages } from '../store/images';
import { Store } from '../store/store';
import { ContainerConfig } from '../image/types';
import { LadingError, NoSuchImageError } from '../errors';

export interface DockerImageInspect {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Parent: string;
  Comment: string;
  Created: string;
  DockerVersion: string;
  Author: string;
  Config: Record<string, unknown>;
  Architecture: string;
  Variant?: string;
  Os: string;
  OsVersion?: string;
  Size: number;
  RootFS: { Type: string; Layers: string[] };
  Metadata: { LastTagTime: string };
  /** Lading extra: the manifest this image was read from. */
  Descriptor: { mediaType: string; digest: string; size: number };
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

function familiar(full: string): string {
  const ref = tryParseReference(full);
  return ref ? familiarString(ref) : full;
}

/** docker's container-config block, with its always-present keys in docker's order. */
function dockerConfig(c: ContainerConfig | undefined): Record<string, unknown> {
  const cfg = c ?? {};
  const out: Record<string, unknown> = {
    Hostname: '',
    Domainname: '',
    User: cfg.User ?? '',
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
  };
  if (cfg.ExposedPorts) out.ExposedPorts = cfg.ExposedPorts;
  Object.assign(out, {
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: cfg.Env ?? null,
    Cmd: cfg.Cmd ?? null,
  });
  if (cfg.Healthcheck) out.Healthcheck = cfg.Healthcheck;
  if (cfg.ArgsEscaped) out.ArgsEscaped = cfg.ArgsEscaped;
  Object.assign(out, {
    Image: '',
    Volumes: cfg.Volumes ?? null,
    WorkingDir: cfg.WorkingDir ?? '',
    Entrypoint: cfg.Entrypoint ?? null,
    OnBuild: cfg.OnBuild ?? null,
    Labels: cfg.Labels ?? null,
  });
  if (cfg.StopSignal) out.StopSignal = cfg.StopSignal;
  if (cfg.Shell) out.Shell = cfg.Shell;
  return out;
}

export function toDockerInspect(img: StoredImage): DockerImageInspect {
  const c = img.config;
  const history = c.history ?? [];
  const out: DockerImageInspect = {
    Id: img.id,
    RepoTags: img.repoTags.map(familiar),
    RepoDigests: img.repoDigests.map(familiar),
    Parent: '',
    Comment: typeof c.comment === 'string' ? c.comment : history[history.length - 1]?.comment ?? '',
    Created: c.created ?? ZERO_TIME,
    DockerVersion: typeof c.docker_version === 'string' ? c.docker_version : '',
    Author: c.author ?? '',
    Config: dockerConfig(c.config),
    Architecture: c.architecture ?? '',
    Os: c.os ?? '',
    Size: img.size,
    RootFS: { Type: c.rootfs?.type ?? 'layers', Layers: c.rootfs?.diff_ids ?? [] },
    Metadata: { LastTagTime: ZERO_TIME },
    Descriptor: img.manifestDescriptor,
  };
  if (c.variant) out.Variant = c.variant;
  if (c['os.version']) out.OsVersion = c['os.version'];
  return out;
}

export interface InspectResult {
  images: DockerImageInspect[];
  /** One error per argument that did not resolve, in argument order. */
  errors: { ref: string; error: LadingError }[];
}

/** Inspects each argument; missing ones are reported, the others still returned (as docker). */
export async function inspectImages(store: Store, refs: string[], ctx: OpContext = {}): Promise<InspectResult> {
  void ctx;
  const all = await listImages(store);
  const result: InspectResult = { images: [], errors: [] };
  for (const ref of refs) {
    try {
      result.images.push(toDockerInspect(await findImage(store, ref, all)));
    } catch (e) {
      if (e instanceof LadingError) result.errors.push({ ref, error: e });
      else throw e;
    }
  }
  return result;
}

/** One image; throws `No such image` / the load error. */
export async function inspectImage(store: Store, ref: string, ctx: OpContext = {}): Promise<DockerImageInspect> {
  const r = await inspectImages(store, [ref], ctx);
  if (r.errors.length) throw r.errors[0].error;
  if (!r.images.length) throw new NoSuchImageError(ref);
  return r.images[0];
}
