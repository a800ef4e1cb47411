// Rules about FROM, stages and cross-stage references.
import { Copy, Flag, Instruction, Onbuild } from 'dockerfile-ast';
import { effective } from '../parse';
import { LintContext } from './context';

/** Case-insensitive match of a registry against trusted entries; `*.example.com` wildcards. */
function registryTrusted(registry: string, trusted: string[]): boolean {
  return trusted.some((t) => {
    if (t.startsWith('*.')) return registry.endsWith(t.slice(1));
    return t.toLowerCase() === registry.toLowerCase();
  });
}

export function checkStages(ctx: LintContext): void {
  const { doc } = ctx;
  const seen = new Map<string, number>();
  for (const stage of doc.stages) {
    const from = stage.from;
    const image = from.getImageName();
    const imageRange = from.getImageRange();
    if (image && imageRange && !image.includes('$')) {
      const isStage = doc.stages.some((s) => s.index < stage.index && s.name === image.toLowerCase());
      const tag = from.getImageTag();
      const digest = from.getImageDigest();
      if (image !== 'scratch' && !isStage) {
        if (!tag && !digest) {
          ctx.report('DL3006', imageRange, `Always tag the version of an image explicitly: \`${image}\` has no tag (e.g. \`${image}:<version>\`).`);
        }
        if (tag === 'latest' && !digest) {
          ctx.report('DL3007', from.getImageTagRange() ?? imageRange, `Using \`latest\` is prone to errors if the image will ever update. Pin the version explicitly to a release tag.`);
        }
        if (ctx.settings.trustedRegistries.length) {
          const registry = from.getRegistry() ?? 'docker.io';
          if (!registryTrusted(registry, ctx.settings.trustedRegistries) && !(registry === 'docker.io' && registryTrusted('hub.docker.com', ctx.settings.trustedRegistries))) {
            ctx.report('DL3026', imageRange, `Use only an allowed registry in the FROM image: \`${registry}\` is not one of ${ctx.settings.trustedRegistries.join(', ')}.`);
          }
        }
      }
    }
    const platform = from.getPlatformFlag();
    if (platform && !(platform.getValue() ?? '').includes('$')) ctx.report('DL3029', platform.getRange());
    const nameRange = from.getBuildStageRange();
    if (stage.name && nameRange) {
      if (!stage.name.includes('$') && !/^[a-z][a-z0-9\-_.]*$/.test(stage.name)) {
        ctx.report('LD1007', nameRange, `Invalid stage name \`${from.getBuildStage()}\`: it must start with a letter and contain only letters, digits, \`-\`, \`_\` and \`.\`.`);
      }
      if (seen.has(stage.name)) {
        ctx.report('DL3024', nameRange, `FROM aliases (stage names) must be unique: \`${from.getBuildStage()}\` is already defined on line ${seen.get(stage.name)! + 1}.`);
      } else seen.set(stage.name, from.getRange().start.line);
    }
    for (const ins of stage.instructions) checkFromFlag(ctx, ins, stage.index);
  }
  checkOrder(ctx);
  for (const ins of doc.instructions) {
    const k = ins.getKeyword();
    if (k === 'MAINTAINER') ctx.report('DL4000', ctx.lineRange(ins), 'MAINTAINER is deprecated: use `LABEL org.opencontainers.image.authors="…"` instead.');
    if (k === 'ONBUILD') {
      const trigger = (ins as Onbuild).getTriggerWord()?.toUpperCase();
      const tr = (ins as Onbuild).getTriggerRange();
      if (trigger && tr && ['ONBUILD', 'FROM', 'MAINTAINER'].includes(trigger)) ctx.report('DL3043', tr, `\`${trigger}\` cannot be triggered from within \`ONBUILD\`.`);
    }
  }
  if (doc.stages.length === 0 && doc.instructions.length > 0) {
    ctx.report('LD1014', ctx.lineRange(doc.instructions[0]));
  }
}

function fromFlagOf(ins: Instruction): Flag | undefined {
  const e = effective(ins);
  return e.getKeyword() === 'COPY' ? ((e as Copy).getFromFlag() ?? undefined) : undefined;
}

function checkFromFlag(ctx: LintContext, ins: Instruction, stageIndex: number): void {
  const flag = fromFlagOf(ins);
  if (!flag) return;
  const value = flag.getValue() ?? '';
  const range = flag.getValueRange() ?? flag.getRange();
  const { doc } = ctx;
  if (value === '' || value.includes('$')) return;
  if (/^\d+$/.test(value)) {
    if (Number(value) >= stageIndex) ctx.report('LD1008', range, `\`--from=${value}\` refers to stage ${value}, which is not defined before this instruction (this is stage ${stageIndex}).`);
    return;
  }
  const name = value.toLowerCase();
  if (doc.stages[stageIndex]?.name === name) {
    ctx.report('DL3023', range, `COPY --from cannot reference its own FROM alias \`${value}\`.`);
    return;
  }
  const earlier = doc.stages.some((s) => s.index < stageIndex && s.name === name);
  if (earlier) return;
  const later = doc.stages.some((s) => s.index > stageIndex && s.name === name);
  if (later) {
    ctx.report('LD1008', range, `\`--from=${value}\` refers to stage \`${value}\`, which is defined after this instruction.`);
    return;
  }
  // An image reference (registry, path or tag) is fine; a bare word reads like a mistyped alias.
  if (!/[:/@.]/.test(value)) ctx.report('DL3022', range, `COPY --from should reference a previously defined FROM alias: no stage is named \`${value}\` (it will be pulled as an image).`);
}

function checkOrder(ctx: LintContext): void {
  for (const ins of ctx.doc.instructions) {
    const k = ins.getKeyword();
    if (k === 'FROM') return;
    if (k !== 'ARG') {
      ctx.report('DL3061', ctx.keywordRange(ins), `Invalid instruction order: \`${k}\` before the first \`FROM\`. A Dockerfile must begin with \`FROM\`, \`ARG\` or a comment.`);
      return;
    }
  }
}
