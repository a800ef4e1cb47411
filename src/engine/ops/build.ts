// `build`: builds an image from a Dockerfile that needs no container runtime (FROM, COPY, ADD,
// config instructions; RUN is refused before anything is written). Stages the target does not
// need are skipped. Layers and configs are leased while they are written; the image is tagged
// only once every stage has been built, in one index.json update.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { BuildContext } from '../build/context';
import { processWord, splitRawWords } from '../build/expand';
import { makePlan } from '../build/plan';
import { StageEnv, StageResult, StageBuilder } from '../build/stage';
import { OpContext } from './context';
import { findImage, imageBlobs } from './find-image';
import { targetReference } from './import';
import { leaseUnderLock, writeJsonBlob } from './layer-writer';
import { pull } from './pull';
import { LadingError, NoSuchImageError, throwIfAborted } from '../errors';
import { parsePlatform, platformMatches } from '../image/platform';
import { ImageConfig, Manifest, MediaType, formatPlatform, hostPlatform } from '../image/types';
import { RegistryOptions } from '../registry/connector';
import { addUntagged, setTag } from '../store/index-entries';
import { shortId } from '../store/images';
import { Store } from '../store/store';

export interface BuildOptions extends RegistryOptions {
  /** The build context folder. */
  context: string;
  /** Dockerfile path (default: CONTEXT/Dockerfile); relative paths are taken from the process's folder. */
  file?: string;
  /** Dockerfile text, instead of reading `file`. */
  dockerfileText?: string;
  tags?: string[];
  /** `--build-arg` values. */
  buildArgs?: Record<string, string>;
  target?: string;
  platform?: string;
  labels?: Record<string, string>;
  /** Always pull FROM images, even when the store has them. */
  pull?: boolean;
}

export interface BuildResult {
  /** `sha256:…` image ID. */
  id: string;
  /** Full references tagged. */
  tags: string[];
}

export async function buildImage(store: Store, opts: BuildOptions, ctx: OpContext = {}): Promise<BuildResult> {
  const say = (text: string) => ctx.onProgress?.({ kind: 'message', text });
  const tags = (opts.tags ?? []).map((t) => targetReference(t) as string);
  const platform = opts.platform ? parsePlatform(opts.platform) : hostPlatform();
  const dockerfile = opts.file ?? path.join(opts.context, 'Dockerfile');
  const text = opts.dockerfileText ?? (await fsp.readFile(dockerfile, 'utf8').catch(() => {
    throw new LadingError(`failed to read Dockerfile: open ${dockerfile}: no such file or directory`);
  }));
  const context = await BuildContext.open(opts.context, opts.dockerfileText === undefined ? dockerfile : undefined);
  const buildArgs = new Map(Object.entries(opts.buildArgs ?? {}));
  const automaticArgs = new Map<string, string>([
    ['TARGETPLATFORM', formatPlatform(platform)],
    ['TARGETOS', platform.os],
    ['TARGETARCH', platform.architecture],
    ['TARGETVARIANT', platform.variant ?? ''],
    ['BUILDPLATFORM', formatPlatform(hostPlatform())],
    ['BUILDOS', hostPlatform().os],
    ['BUILDARCH', hostPlatform().architecture],
    ['BUILDVARIANT', ''],
  ]);
  // ARGs before the first FROM: defaults, overridden by --build-arg, usable in FROM lines.
  const globalVars = new Map<string, string>();
  const usedArgs = new Set<string>();
  const prePlan = makePlan(text, path.basename(dockerfile), globalVars, opts.target);
  const escape = prePlan.escape;
  for (const ins of prePlan.globalArgs) {
    for (const w of splitRawWords(ins.args, escape)) {
      const eq = w.indexOf('=');
      const name = eq >= 0 ? w.slice(0, eq) : w;
      usedArgs.add(name);
      const value = buildArgs.get(name) ?? (eq >= 0 ? processWord(w.slice(eq + 1), globalVars, escape) : automaticArgs.get(name));
      if (value !== undefined) globalVars.set(name, value);
    }
  }
  const plan = makePlan(text, path.basename(dockerfile), globalVars, opts.target);
  const total = plan.order.reduce((n, i) => n + 1 + plan.stages[i].instructions.length, 0);
  let stepNo = 0;
  const lease = store.lease();
  let scratch: string | undefined;
  // In the store, not the system temp folder: a build killed mid-download leaves its folder
  // where the next build (or gc) finds it by its dead pid.
  const scratchDir = async () => (scratch ??= await store.scratchDir('build'));
  await store.removeDeadScratch('build').catch(() => undefined);
  try {
    const image = async (name: string, wantPlatform?: string): Promise<StageResult> => {
      throwIfAborted(ctx.signal);
      const want = wantPlatform ? parsePlatform(wantPlatform) : platform;
      let found;
      if (!opts.pull) {
        try {
          found = await findImage(store, name);
          if ((wantPlatform || opts.platform) && !platformMatches(want, { os: found.config.os, architecture: found.config.architecture, variant: found.config.variant })) found = undefined;
        } catch (e) {
          if (!(e instanceof NoSuchImageError)) throw e;
        }
      }
      if (!found) {
        const res = await pull(store, name, { ...opts, signal: ctx.signal, onProgress: ctx.onProgress, platform: want });
        found = await findImage(store, res.images[0].id);
      }
      await leaseUnderLock(store, lease, ...imageBlobs(found));
      return { config: found.config, layers: found.manifest.layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })), id: shortId(found.id) };
    };
    const results = new Map<number, StageResult>();
    const env: StageEnv = {
      store,
      lease,
      ctx,
      context,
      plan,
      platform,
      buildArgs,
      usedArgs,
      globalVars,
      automaticArgs,
      results,
      image,
      scratchDir,
      step: (t) => say(`Step ${++stepNo}/${total} : ${t}`),
      stepDone: (id) => say(id ? ` ---> ${id}` : ' --->'),
      say,
    };
    for (const i of plan.order) {
      throwIfAborted(ctx.signal);
      results.set(i, await new StageBuilder(env, plan.stages[i]).build());
    }
    // docker's predefined proxy ARGs never count as unused.
    const predefined = /^(HTTP_PROXY|HTTPS_PROXY|FTP_PROXY|NO_PROXY|ALL_PROXY)$/i;
    const unused = [...buildArgs.keys()].filter((k) => !usedArgs.has(k) && !predefined.test(k));
    if (unused.length) say(`[Warning] One or more build-args [${unused.join(' ')}] were not consumed`);
    const final = results.get(plan.order[plan.order.length - 1]) as StageResult;
    const config: ImageConfig = { ...final.config, created: new Date().toISOString() };
    if (opts.labels && Object.keys(opts.labels).length) config.config = { ...config.config, Labels: { ...(config.config?.Labels ?? {}), ...opts.labels } };
    const configDesc = await writeJsonBlob(store, lease, MediaType.ociConfig, config);
    const manifest: Manifest = { schemaVersion: 2, mediaType: MediaType.ociManifest, config: configDesc, layers: final.layers };
    for (const l of manifest.layers) if (!(await store.blobs.has(l.digest))) throw new LadingError(`layer ${l.digest} is missing from the store`);
    const manifestDesc = await writeJsonBlob(store, lease, MediaType.ociManifest, manifest);
    throwIfAborted(ctx.signal);
    await store.updateIndex((index) => (tags.length ? tags.reduce((ix, t) => setTag(ix, manifestDesc, t), index) : addUntagged(index, manifestDesc)), { signal: ctx.signal });
    return { id: configDesc.digest, tags };
  } finally {
    lease.release();
    if (scratch) await fsp.rm(scratch, { recursive: true, force: true });
  }
}
