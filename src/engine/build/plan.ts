// The build plan: the Dockerfile's stages, which of them the target needs (FROM another stage,
// COPY --from), and each instruction's keyword, flags and argument text. RUN in a needed stage
// is refused here, before anything is pulled or written.
import { Instruction } from 'dockerfile-ast';
import { parseDockerfile } from '../../dockerfile/parse';
import { LadingError } from '../errors';
import { Vars, processWord } from './expand';

export interface PlannedInstruction {
  keyword: string;
  /** 1-based line of the instruction. */
  line: number;
  flags: Map<string, string | null>;
  /** Arguments, continuation lines joined and comment lines left out. */
  args: string;
  /** As docker's "Step n/m : …" shows it. */
  text: string;
}

export interface PlannedStage {
  index: number;
  name?: string;
  from: PlannedInstruction;
  instructions: PlannedInstruction[];
  /** Indexes of the stages this one reads (its FROM stage, COPY --from stages). */
  needs: number[];
}

export interface BuildPlan {
  file: string;
  escape: string;
  /** ARGs before the first FROM. */
  globalArgs: PlannedInstruction[];
  stages: PlannedStage[];
  /** Stage indexes to build, in order; the last is the target. */
  order: number[];
}

/** Argument text docker sees: continuations joined, comment lines inside them dropped. */
export function argumentText(ins: Instruction, escape: string): string {
  const raw = ins.getRawArgumentsContent() ?? '';
  const lines = raw.split(/\r?\n/);
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i];
    if (i > 0 && (/^\s*#/.test(l) || !l.trim())) continue;
    const m = new RegExp(`${escape === '\\' ? '\\\\' : '`'}\\s*$`).exec(l);
    if (m && i < lines.length - 1) l = l.slice(0, m.index);
    out += l;
  }
  return out.trim();
}

export function planInstruction(ins: Instruction, escape: string): PlannedInstruction {
  const flags = new Map<string, string | null>();
  const getFlags = (ins as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags;
  for (const f of getFlags?.call(ins) ?? []) flags.set(f.getName().toLowerCase(), f.getValue());
  const args = argumentText(ins, escape);
  const flagText = [...flags].map(([k, v]) => `--${k}${v === null ? '' : `=${v}`} `).join('');
  return { keyword: ins.getKeyword(), line: ins.getRange().start.line + 1, flags, args, text: `${ins.getKeyword()} ${flagText}${args}`.trim() };
}

function runError(file: string, line: number): LadingError {
  return new LadingError(`${file}:${line}: RUN needs a container runtime, which lading build does not have; build this file with docker/buildah, or move RUN into an earlier image`);
}

export function checkNoRun(file: string, ins: PlannedInstruction): void {
  if (ins.keyword === 'RUN') throw runError(file, ins.line);
}

/** Parses the Dockerfile and picks the stages `target` (default: the last) needs. */
export function makePlan(text: string, fileName: string, globalVars: Vars, target?: string): BuildPlan {
  const doc = parseDockerfile(text);
  const escape = doc.escape;
  if (!doc.stages.length) throw new LadingError(`${fileName}: no build stage in current context (a Dockerfile must have a FROM)`);
  for (const ins of doc.preamble) {
    if (ins.getKeyword() !== 'ARG') throw new LadingError(`${fileName}:${ins.getRange().start.line + 1}: ${ins.getKeyword()} before the first FROM; only ARG may come first`);
  }
  const stages: PlannedStage[] = doc.stages.map((s) => ({
    index: s.index,
    name: s.name,
    from: planInstruction(s.from, escape),
    instructions: s.instructions.slice(1).map((i) => planInstruction(i, escape)),
    needs: [],
  }));
  const byName = (ref: string, before: number): number | undefined => {
    const lower = ref.toLowerCase();
    const named = stages.findIndex((s, i) => i < before && s.name === lower);
    if (named >= 0) return named;
    if (/^\d+$/.test(ref) && Number(ref) < before) return Number(ref);
    return undefined;
  };
  for (const s of stages) {
    const base = processWord(s.from.args.split(/\s+/)[0] ?? '', globalVars, escape);
    const fromStage = byName(base, s.index);
    if (fromStage !== undefined) s.needs.push(fromStage);
    for (const ins of s.instructions) {
      const from = ins.flags.get('from');
      if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && from) {
        const idx = byName(processWord(from, globalVars, escape), s.index);
        if (idx !== undefined) s.needs.push(idx);
        else if (/^\d+$/.test(from)) throw new LadingError(`${fileName}:${ins.line}: invalid from flag value ${from}: refers to the current or a later stage`);
      }
    }
  }
  let targetIndex = stages.length - 1;
  if (target) {
    targetIndex = stages.findIndex((s) => s.name === target.toLowerCase());
    if (targetIndex < 0) throw new LadingError(`failed to reach build target ${target} in Dockerfile`);
  }
  const needed = new Set<number>();
  const visit = (i: number) => {
    if (needed.has(i)) return;
    needed.add(i);
    for (const n of stages[i].needs) visit(n);
  };
  visit(targetIndex);
  const order = [...needed].sort((a, b) => a - b);
  for (const i of order) for (const ins of stages[i].instructions) checkNoRun(fileName, ins);
  return { file: fileName, escape, globalArgs: doc.preamble.map((i) => planInstruction(i, escape)), stages, order };
}
