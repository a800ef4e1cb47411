// The one parsed view of a Dockerfile every feature works from: dockerfile-ast's tree plus the
// stages, line offsets and a few lookups the features share.
import { DockerfileParser, Dockerfile, Instruction, From, Onbuild } from 'dockerfile-ast';
import { memoizeInstruction, rememberCostlyAnswers } from './ast-memo';
import { Position, Range } from './types';

export const KNOWN_INSTRUCTIONS = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
] as const;

export interface Stage {
  index: number;
  from: From;
  /** `AS name`, lower-cased as the builder compares it. */
  name?: string;
  instructions: Instruction[];
  range: Range;
}

export interface ParsedDockerfile {
  text: string;
  ast: Dockerfile;
  escape: string;
  instructions: Instruction[];
  /** Instructions before the first FROM (ARGs, or misplaced ones). */
  preamble: Instruction[];
  stages: Stage[];
  lines: string[];
  offsetAt(p: Position): number;
  positionAt(offset: number): Position;
}

rememberCostlyAnswers();

export function parseDockerfile(text: string): ParsedDockerfile {
  const ast = DockerfileParser.parse(text);
  const instructions = ast.getInstructions();
  for (const ins of instructions) memoizeInstruction(ins);
  // dockerfile-ast walks every instruction for its FROMs each time it resolves a variable.
  const froms = ast.getFROMs();
  (ast as { getFROMs(): From[] }).getFROMs = () => froms.slice();
  const lines = text.split(/\r?\n|\r/);
  const lineStarts: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
    if (c === 10 || c === 13) lineStarts.push(i + 1);
  }
  const stages: Stage[] = [];
  const preamble: Instruction[] = [];
  for (const ins of instructions) {
    if (ins.getKeyword() === 'FROM') {
      const from = ins as From;
      const name = from.getBuildStage() ?? undefined;
      stages.push({ index: stages.length, from, name: name?.toLowerCase(), instructions: [ins], range: ins.getRange() });
    } else if (stages.length === 0) preamble.push(ins);
    else {
      const s = stages[stages.length - 1];
      s.instructions.push(ins);
      s.range = { start: s.range.start, end: ins.getRange().end };
    }
  }
  const offsetAt = (p: Position) => {
    const ls = lineStarts[Math.min(Math.max(p.line, 0), lineStarts.length - 1)] ?? 0;
    return Math.min(ls + Math.max(p.character, 0), text.length);
  };
  const positionAt = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - lineStarts[lo] };
  };
  return { text, ast, escape: ast.getEscapeCharacter(), instructions, preamble, stages, lines, offsetAt, positionAt };
}

/** The instruction an ONBUILD wraps, or the instruction itself. */
export function effective(ins: Instruction): Instruction {
  if (ins.getKeyword() === 'ONBUILD') return (ins as Onbuild).getTriggerInstruction() ?? ins;
  return ins;
}

/** The instruction whose range holds the line. */
export function instructionAtLine(doc: ParsedDockerfile, line: number): Instruction | undefined {
  return doc.instructions.find((i) => i.getRange().start.line <= line && line <= i.getRange().end.line);
}

export function stageOfLine(doc: ParsedDockerfile, line: number): Stage | undefined {
  let found: Stage | undefined;
  for (const s of doc.stages) if (s.range.start.line <= line) found = s;
  return found;
}

/** Whether the arguments are written in JSON (exec) form. */
export function isJsonForm(ins: Instruction): boolean {
  // getArgumentsContent() (continuations and comment lines taken out) is costly; it starts where
  // the raw content does, except when the first argument begins with the escape character.
  const raw = ins.getRawArgumentsContent();
  if (raw === null) return false;
  if (raw.startsWith('[')) return true;
  if (!raw.startsWith((ins as unknown as { escapeChar: string }).escapeChar)) return false;
  const a = ins.getArgumentsContent();
  return a !== null && a.trimStart().startsWith('[');
}
