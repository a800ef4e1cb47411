// Builds one stage: FROM, then each instruction in order. Config instructions change the config
// and add an empty-layer history entry; COPY, ADD and WORKDIR (for a missing folder) add a layer.
// ONBUILD triggers of the base image run right after FROM.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { BuildContext } from './context';
import { ConfigState, DEFAULT_SHELL, applyConfigInstruction } from './config-instructions';
import { CopyTarget, SourceKind, contextItems, imageItems, wantsData } from './copy';
import { archiveItem, isLocalArchive, isUrl, urlItem } from './add';
import { chownNeedsNames, parseChmod, parseChown } from './chown';
import { Vars, expandOnly, processWord, splitRawWords } from './expand';
import { nopText, nopTextSingle } from './history-text';
import { FsTree, cleanPath, readImageFs, resolveInImage } from './image-fs';
import { LayerItem, finishItems, packItems } from './layer-items';
import { BuildPlan, PlannedInstruction, PlannedStage, checkNoRun, planInstruction } from './plan';
import { parseDockerfile } from '../../dockerfile/parse';
import { OpContext } from '../ops/context';
import { writeLayerFromTar } from '../ops/layer-writer';
import { LadingError } from '../errors';
import { parsePlatform } from '../image/platform';
import { Descriptor, ImageConfig, Platform } from '../image/types';
import { Lease } from '../store/lease';
import { Store } from '../store/store';

export interface StageResult {
  config: ImageConfig;
  layers: Descriptor[];
  /** Image ID of the base, for the FROM step's output (none for scratch). */
  id?: string;
}

export interface StageEnv {
  store: Store;
  lease: Lease;
  ctx: OpContext;
  context: BuildContext;
  plan: BuildPlan;
  platform: Platform;
  buildArgs: ReadonlyMap<string, string>;
  usedArgs: Set<string>;
  globalVars: ReadonlyMap<string, string>;
  /** Builder-provided ARG values (TARGETPLATFORM…), used when a stage declares them. */
  automaticArgs: ReadonlyMap<string, string>;
  results: Map<number, StageResult>;
  /** A private temp folder for downloads, removed when the build ends. */
  scratchDir(): Promise<string>;
  /** An image from the store, pulled when missing (leased). */
  image(name: string, platform?: string): Promise<StageResult>;
  step(text: string): void;
  stepDone(id: string | undefined): void;
  say(text: string): void;
}

const COPY_FLAGS = new Set(['from', 'chown', 'chmod', 'link']);

/** COPY/ADD arguments in JSON form (`["a b", "/dest/"]`), or undefined for the plain form. */
function jsonArgs(args: string): string[] | undefined {
  if (!args.trim().startsWith('[')) return undefined;
  try {
    const v = JSON.parse(args) as unknown;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  } catch {
    // not JSON: docker reads it as the plain form
  }
  return undefined;
}

function configId(config: ImageConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 12);
}

export class StageBuilder {
  private state!: ConfigState;
  private layers: Descriptor[] = [];
  private readonly args = new Map<string, string>();
  private fs?: FsTree;

  constructor(private readonly env: StageEnv, private readonly stage: PlannedStage) {}

  private get shell(): string[] {
    return this.state.image.config?.Shell ?? DEFAULT_SHELL;
  }

  private vars(): Vars {
    const v = new Map(this.args);
    for (const e of this.state.image.config?.Env ?? []) {
      const eq = e.indexOf('=');
      if (eq > 0) v.set(e.slice(0, eq), e.slice(eq + 1));
    }
    return v;
  }

  private history(createdBy: string, empty: boolean): void {
    const img = this.state.image;
    img.history = [...(img.history ?? []), { created: new Date().toISOString(), created_by: createdBy, ...(empty ? { empty_layer: true } : {}) }];
  }

  private where(ins: PlannedInstruction): string {
    return `${this.env.plan.file}:${ins.line}`;
  }

  async build(): Promise<StageResult> {
    const { env, stage } = this;
    env.step(stage.from.text);
    await this.located(stage.from, () => this.from());
    const triggers = this.state.image.config?.OnBuild ?? [];
    if (this.state.image.config) this.state.image.config.OnBuild = null;
    if (triggers.length) env.say(`# Executing ${triggers.length} build trigger${triggers.length === 1 ? '' : 's'}`);
    for (const t of triggers) {
      const doc = parseDockerfile(`FROM scratch\n${t}\n`);
      const ins = { ...planInstruction(doc.stages[0].instructions[1], doc.escape), line: stage.from.line };
      await this.located(ins, () => this.instruction(ins));
    }
    env.stepDone(this.baseId);
    for (const ins of stage.instructions) {
      env.step(ins.text);
      await this.located(ins, () => this.instruction(ins));
      env.stepDone(configId(this.state.image));
    }
    return { config: this.state.image, layers: this.layers };
  }

  private baseId?: string;

  /** Runs a step; a user error names the Dockerfile line (`Dockerfile:4: …`). */
  private async located(ins: PlannedInstruction, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (e) {
      if (e instanceof LadingError && !e.message.startsWith(`${this.env.plan.file}:`)) throw new LadingError(`${this.where(ins)}: ${e.message}`, e.code);
      throw e;
    }
  }

  private async from(): Promise<void> {
    const { env, stage } = this;
    const words = splitRawWords(stage.from.args, env.plan.escape);
    if (words.length !== 1 && !(words.length === 3 && words[1].toLowerCase() === 'as')) throw new LadingError('FROM requires either one or three arguments');
    const fromVars = new Map([...env.automaticArgs, ...env.globalVars]);
    const name = processWord(words[0], fromVars, env.plan.escape);
    if (!name) throw new LadingError(`base name (${words[0]}) should not be blank`);
    const platformFlag = stage.from.flags.get('platform');
    const platform = platformFlag ? processWord(platformFlag, fromVars, env.plan.escape) : undefined;
    let base: StageResult;
    const stageIndex = env.plan.stages.findIndex((s, i) => i < stage.index && s.name === name.toLowerCase());
    if (name.toLowerCase() === 'scratch') {
      const p = platform ? parsePlatform(platform) : env.platform;
      base = { config: { architecture: p.architecture, os: p.os, ...(p.variant ? { variant: p.variant } : {}), config: {}, rootfs: { type: 'layers', diff_ids: [] }, history: [] }, layers: [] };
    } else if (stageIndex >= 0) {
      base = env.results.get(stageIndex) as StageResult;
    } else {
      base = await env.image(name, platform);
    }
    this.baseId = base.id ?? (stageIndex >= 0 ? configId(base.config) : undefined);
    const config: ImageConfig = JSON.parse(JSON.stringify(base.config)) as ImageConfig;
    delete config.author;
    delete config.comment;
    config.config ??= {};
    this.state = { image: config, cmdSet: false };
    this.layers = [...base.layers];
  }

  private async instruction(ins: PlannedInstruction): Promise<void> {
    switch (ins.keyword) {
      case 'RUN':
        return checkNoRun(this.env.plan.file, ins);
      case 'FROM':
        throw new LadingError('FROM is not allowed here');
      case 'ARG':
        return this.arg(ins);
      case 'WORKDIR':
        return this.workdir(ins);
      case 'COPY':
      case 'ADD':
        return this.copy(ins);
      default: {
        const comment = applyConfigInstruction(this.state, ins, this.vars(), this.env.plan.escape);
        this.history(nopText(this.shell, comment), true);
      }
    }
  }

  private arg(ins: PlannedInstruction): void {
    const { env } = this;
    const parts: string[] = [];
    for (const w of splitRawWords(ins.args, env.plan.escape)) {
      const eq = w.indexOf('=');
      const name = eq >= 0 ? w.slice(0, eq) : w;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new LadingError(`ARG names can not be blank or contain invalid characters: "${name}"`);
      const fallback = eq >= 0 ? processWord(w.slice(eq + 1), this.vars(), env.plan.escape) : env.globalVars.get(name) ?? env.automaticArgs.get(name);
      env.usedArgs.add(name);
      const value = env.buildArgs.get(name) ?? fallback;
      if (value !== undefined) this.args.set(name, value);
      parts.push(eq >= 0 ? `${name}=${w.slice(eq + 1)}` : name);
    }
    if (!parts.length) throw new LadingError('ARG requires at least one argument');
    this.history(nopText(this.shell, `ARG ${parts.join(' ')}`), true);
  }

  private async fsTree(): Promise<FsTree> {
    this.fs ??= await readImageFs(this.env.store, this.layers);
    return this.fs;
  }

  private async isDir(p: string): Promise<boolean> {
    const tree = await this.fsTree();
    const real = resolveInImage(tree, p);
    return real === '' || tree.get(real)?.type === 'directory';
  }

  private async workdir(ins: PlannedInstruction): Promise<void> {
    const c = (this.state.image.config ??= {});
    if (!ins.args) throw new LadingError('WORKDIR requires exactly one argument');
    const dir = path.posix.resolve(c.WorkingDir || '/', processWord(ins.args, this.vars(), this.env.plan.escape));
    c.WorkingDir = dir;
    const exists = await this.isDir(dir);
    if (!exists) {
      const items = finishItems([{ path: cleanPath(dir), type: 'directory', mode: 0o755, uid: 0, gid: 0, mtime: new Date() }]);
      await this.addLayer(items, 'workdir');
    }
    this.history(nopTextSingle(this.shell, `WORKDIR ${dir}`), exists);
  }

  private async copy(ins: PlannedInstruction): Promise<void> {
    const { env } = this;
    const vars = this.vars();
    const esc = env.plan.escape;
    for (const k of ins.flags.keys()) if (!COPY_FLAGS.has(k)) throw new LadingError(`${ins.keyword} --${k} is not supported by lading build`);
    const flag = (k: string) => {
      const v = ins.flags.get(k);
      return v === undefined || v === null ? undefined : processWord(v, vars, esc);
    };
    const json = jsonArgs(ins.args);
    const words = json ? json.map((w) => expandOnly(w, vars)) : splitRawWords(ins.args, esc).map((w) => processWord(w, vars, esc));
    if (words.length < 2) throw new LadingError(`${ins.keyword} requires at least two arguments, but got ${words.length}`);
    if (words.some((w) => w.startsWith('<<'))) throw new LadingError(`${ins.keyword} with a here-document is not supported by lading build`);
    const sources = words.slice(0, -1);
    const rawDest = words[words.length - 1];
    const c = this.state.image.config ?? {};
    let dest = rawDest.startsWith('/') ? rawDest : path.posix.join(c.WorkingDir || '/', rawDest);
    if ((rawDest.endsWith('/') || rawDest === '.' || rawDest.endsWith('/.')) && !dest.endsWith('/')) dest += '/';
    const chownValue = flag('chown');
    let chown;
    if (chownValue) {
      const names = chownNeedsNames(chownValue)
        ? await readImageFs(env.store, this.layers, (p) => p === 'etc/passwd' || p === 'etc/group').then((t) => ({ passwd: t.get('etc/passwd')?.data?.toString('utf8'), group: t.get('etc/group')?.data?.toString('utf8') }))
        : {};
      chown = parseChown(chownValue, names);
    }
    const chmodValue = flag('chmod');
    const target: CopyTarget = { dest, destIsDir: () => this.isDir(dest), chown, chmod: chmodValue ? parseChmod(chmodValue) : undefined, several: sources.length > 1 };
    const from = flag('from');
    let items: LayerItem[] = [];
    let kind: SourceKind | 'multi' = 'file';
    if (from) {
      if (ins.keyword === 'ADD') throw new LadingError('ADD --from is not supported; use COPY --from');
      const idx = env.plan.stages.findIndex((s, i) => i < this.stage.index && (s.name === from.toLowerCase() || String(i) === from));
      const source = idx >= 0 ? (env.results.get(idx) as StageResult) : await env.image(from);
      let tree = await readImageFs(env.store, source.layers, wantsData(sources));
      // A source reached through a symlink needs its target's content too.
      const resolved = sources.map((s) => resolveInImage(tree, s));
      if (resolved.some((r, i) => r !== cleanPath(path.posix.normalize(`/${sources[i]}`)))) tree = await readImageFs(env.store, source.layers, wantsData([...sources, ...resolved]));
      ({ items, kind } = await imageItems(tree, sources, target, ins.keyword, from));
    } else {
      for (const s of sources) {
        if (ins.keyword === 'ADD' && isUrl(s)) {
          if (sources.length > 1 && !dest.endsWith('/')) throw new LadingError('When using ADD with more than one source file, the destination must be a directory and end with a /');
          items.push(await urlItem(s, target, env.ctx, await env.scratchDir()));
          continue;
        }
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) throw new LadingError(`${ins.keyword} ${s}: only http and https URLs are supported`);
        const resolved = await env.context.resolve(s);
        if (ins.keyword === 'ADD' && resolved.length === 1 && resolved[0].root.stat.isFile() && (await isLocalArchive(resolved[0].root.abs))) {
          items.push(archiveItem(resolved[0].root.abs, target));
          continue;
        }
        const got = await contextItems(env.context, [s], target, ins.keyword);
        items.push(...got.items);
        kind = sources.length > 1 ? 'multi' : got.kind;
      }
      if (sources.length > 1) kind = 'multi';
    }
    const layer = await this.addLayer(finishItems(items), ins.keyword.toLowerCase());
    const hash = layer.replace(/^sha256:/, '');
    this.history(nopTextSingle(this.shell, `${ins.keyword} ${kind}:${hash} in ${dest} `), false);
  }

  /** Writes the items as a layer; returns its DiffID. */
  private async addLayer(items: LayerItem[], label: string): Promise<string> {
    const { env } = this;
    const written = await writeLayerFromTar(env.store, env.lease, packItems(items), env.ctx, { label });
    this.layers.push(written.descriptor);
    const img = this.state.image;
    img.rootfs = { type: 'layers', diff_ids: [...(img.rootfs?.diff_ids ?? []), written.diffId] };
    // Keep the file system view current without reading the layers again (archives: re-read).
    if (this.fs && items.some((i) => i.type === 'archive')) this.fs = undefined;
    for (const i of this.fs ? items : []) {
      if (i.type !== 'directory' && this.fs?.get(i.path)?.type === 'directory') for (const k of [...this.fs.keys()]) if (k.startsWith(`${i.path}/`)) this.fs.delete(k);
      this.fs?.set(i.path, { path: i.path, type: i.type === 'archive' ? 'other' : i.type, mode: i.mode, uid: i.uid, gid: i.gid, mtime: i.mtime, linkname: i.linkname });
    }
    return written.diffId;
  }
}
