// Quick fixes where the change is mechanical, plus "ignore this rule" pragmas for any finding.
import { From, Instruction } from 'dockerfile-ast';
import { KNOWN_INSTRUCTIONS, ParsedDockerfile, effective, instructionAtLine } from './parse';
import { DockerfileServices, familiar } from './services';
import { Word, commandsNamed, shellOf, subcommandIndex } from './shell';
import { Finding, Range, TextEdit } from './types';

export interface CodeFix {
  title: string;
  edits: TextEdit[];
  /** The finding it fixes, when any. */
  code?: string;
  isPreferred?: boolean;
}

const at = (line: number, character: number) => ({ line, character });
const insertAt = (line: number, character: number, text: string): TextEdit => ({ range: { start: at(line, character), end: at(line, character) }, newText: text });

function overlaps(a: Range, b: Range): boolean {
  return !(a.end.line < b.start.line || (a.end.line === b.start.line && a.end.character < b.start.character) || b.end.line < a.start.line || (b.end.line === a.start.line && b.end.character < a.start.character));
}

/** Fixes for the findings that overlap `range`, and refactorings at the range. */
export async function codeFixes(doc: ParsedDockerfile, range: Range, findings: Finding[], services?: DockerfileServices): Promise<CodeFix[]> {
  const fixes: CodeFix[] = [];
  const ins = instructionAtLine(doc, range.start.line);
  for (const f of findings.filter((x) => overlaps(x.range, range))) {
    const target = instructionAtLine(doc, f.range.start.line);
    if (!target) continue;
    fixes.push(...(await fixesFor(doc, f, target, services)));
    fixes.push(ignoreFix(doc, f.code, target));
  }
  if (ins) {
    fixes.push(...caseFixes(doc, ins));
  }
  // One fix per title.
  const seen = new Set<string>();
  return fixes.filter((f) => (seen.has(f.title) ? false : (seen.add(f.title), true)));
}

/** Inserts `# hadolint ignore=CODE` above the instruction, or extends the pragma already there. */
export function ignoreFix(doc: ParsedDockerfile, code: string, ins: Instruction): CodeFix {
  const line = ins.getRange().start.line;
  const above = doc.lines[line - 1] ?? '';
  const m = /^(\s*#\s*hadolint\s+ignore\s*=\s*)([A-Za-z0-9,\s]*?)\s*$/.exec(above);
  if (line > 0 && m) {
    return { title: `Ignore ${code} for this instruction`, code, edits: [insertAt(line - 1, m[1].length + m[2].length, `,${code}`)] };
  }
  const indent = /^\s*/.exec(doc.lines[line] ?? '')![0];
  return { title: `Ignore ${code} for this instruction`, code, edits: [insertAt(line, 0, `${indent}# hadolint ignore=${code}\n`)] };
}

function caseFixes(doc: ParsedDockerfile, ins: Instruction): CodeFix[] {
  const out: CodeFix[] = [];
  const kw = ins.getInstruction();
  if (kw !== kw.toUpperCase() && (KNOWN_INSTRUCTIONS as readonly string[]).includes(kw.toUpperCase())) {
    out.push({ title: `Uppercase \`${kw}\``, edits: [{ range: ins.getInstructionRange(), newText: kw.toUpperCase() }] });
  }
  if (ins.getKeyword() === 'FROM') {
    const args = ins.getArguments();
    if (args.length === 3 && args[1].getValue() !== 'AS' && args[1].getValue().toUpperCase() === 'AS') {
      out.push({ title: `Change \`${args[1].getValue()}\` to \`AS\``, edits: [{ range: args[1].getRange(), newText: 'AS' }] });
    }
  }
  return out;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

function wordAfter(doc: ParsedDockerfile, ins: Instruction, program: string[], sub: string[]): Word | undefined {
  const c = commandsNamed(shellOf(doc, ins), ...program).find((x) => subcommandIndex(x, ...sub) > 0);
  return c ? c.words[subcommandIndex(c, ...sub)] : undefined;
}

async function fixesFor(doc: ParsedDockerfile, f: Finding, outer: Instruction, services?: DockerfileServices): Promise<CodeFix[]> {
  const ins = effective(outer);
  const pos = (offset: number) => doc.positionAt(offset);
  const insertAfterWord = (w: Word | undefined, text: string, title: string): CodeFix[] => {
    if (!w) return [];
    const p = pos(w.end);
    return [{ title, code: f.code, isPreferred: true, edits: [insertAt(p.line, p.character, text)] }];
  };
  switch (f.code) {
    case 'LD1001': {
      const kw = ins.getKeyword();
      const best = KNOWN_INSTRUCTIONS.map((k) => [k, editDistance(kw, k)] as const).sort((a, b) => a[1] - b[1])[0];
      if (best && best[1] <= 2) return [{ title: `Change to \`${best[0]}\``, code: f.code, isPreferred: true, edits: [{ range: ins.getInstructionRange(), newText: best[0] }] }];
      return [];
    }
    case 'DL3015':
      return insertAfterWord(wordAfter(doc, ins, ['apt-get'], ['install']), ' --no-install-recommends', 'Add `--no-install-recommends`');
    case 'DL3014':
      return insertAfterWord(wordAfter(doc, ins, ['apt-get'], ['install']), ' -y', 'Add `-y`');
    case 'DL3019':
      return insertAfterWord(wordAfter(doc, ins, ['apk'], ['add']), ' --no-cache', 'Add `--no-cache`');
    case 'DL3042': {
      const c = commandsNamed(shellOf(doc, ins), 'pip', 'pip3', 'python', 'python3').find((x) => x.words.some((w) => w.value === 'install'));
      return insertAfterWord(c?.words.find((w) => w.value === 'install'), ' --no-cache-dir', 'Add `--no-cache-dir`');
    }
    case 'DL3027': {
      const c = commandsNamed(shellOf(doc, ins), 'apt')[0];
      return c ? [{ title: 'Use `apt-get`', code: f.code, isPreferred: true, edits: [{ range: { start: pos(c.words[0].start), end: pos(c.words[0].end) }, newText: 'apt-get' }] }] : [];
    }
    case 'DL3009': {
      const end = ins.getRange().end;
      return [{ title: 'Remove the apt lists at the end of the RUN', code: f.code, edits: [insertAt(end.line, end.character, ' \\\n    && rm -rf /var/lib/apt/lists/*')] }];
    }
    case 'DL3020':
      return [{ title: 'Use COPY', code: f.code, isPreferred: true, edits: [{ range: ins.getInstructionRange(), newText: 'COPY' }] }];
    case 'DL3021': {
      return [{ title: 'Add a trailing `/` to the destination', code: f.code, isPreferred: true, edits: [insertAt(f.range.end.line, f.range.end.character, '/')] }];
    }
    case 'DL4000': {
      const args = ins.getArgumentsContent() ?? '';
      return [{ title: 'Use `LABEL org.opencontainers.image.authors`', code: f.code, edits: [{ range: ins.getRange(), newText: `LABEL org.opencontainers.image.authors=${JSON.stringify(args.trim())}` }] }];
    }
    case 'DL3003':
      return workdirFix(doc, ins, f.code);
    case 'DL3025':
      return jsonFormFix(doc, ins, f.code);
    case 'LD1004': {
      const r = ins.getArgumentsRange();
      const content = ins.getArgumentsContent() ?? '';
      if (!r || ins.getRange().start.line !== ins.getRange().end.line || !/^\[\s*'/.test(content)) return [];
      return [{ title: 'Use double quotes in the JSON form', code: f.code, isPreferred: true, edits: [{ range: r, newText: content.replace(/'([^'"]*)'/g, '"$1"') }] }];
    }
    case 'DL3006':
    case 'DL3007':
      return pinDigestFix(ins as From, f.code, services);
  }
  return [];
}

/** `RUN cd /dir && cmd` → `WORKDIR /dir` + `RUN cmd`. */
function workdirFix(doc: ParsedDockerfile, ins: Instruction, code: string): CodeFix[] {
  const script = shellOf(doc, ins);
  const c = script?.commands[0];
  if (!script || !c || c.words[0]?.value !== 'cd' || c.words.length !== 2 || c.next !== '&&' || ins.getKeyword() !== 'RUN') return [];
  const dir = c.words[1].value;
  if (!dir.startsWith('/')) return [];
  const rest = script.commands[1];
  if (!rest) return [];
  const indent = /^\s*/.exec(doc.lines[ins.getRange().start.line] ?? '')![0];
  const argsStart = doc.positionAt(script.start);
  const restStart = doc.positionAt(rest.words[0].start);
  return [
    {
      title: `Use \`WORKDIR ${dir}\` instead of \`cd\``,
      code,
      edits: [
        insertAt(ins.getRange().start.line, 0, `${indent}WORKDIR ${dir}\n`),
        { range: { start: argsStart, end: restStart }, newText: '' },
      ],
    },
  ];
}

/** `CMD node app.js` → `CMD ["node", "app.js"]` when the command is plain words. */
function jsonFormFix(doc: ParsedDockerfile, ins: Instruction, code: string): CodeFix[] {
  const script = shellOf(doc, ins);
  if (!script || script.commands.length !== 1 || script.commands[0].next) return [];
  const text = doc.text.slice(script.start, script.end);
  if (/[$`*?&|;<>(){}]/.test(text)) return [];
  const words = script.commands[0].words.map((w) => w.value);
  const r = ins.getArgumentsRange();
  if (!r) return [];
  return [{ title: 'Convert to JSON (exec) form', code, isPreferred: true, edits: [{ range: r, newText: `[${words.map((w) => JSON.stringify(w)).join(', ')}]` }] }];
}

async function pinDigestFix(from: From, code: string, services?: DockerfileServices): Promise<CodeFix[]> {
  if (!services?.resolveDigest || from.getKeyword() !== 'FROM') return [];
  const name = from.getImageName();
  const range = from.getImageRange();
  if (!name || !range || from.getImageDigest()) return [];
  const tag = from.getImageTag() ?? 'latest';
  const ref = `${familiar(name)}:${tag}`;
  const digest = await services.resolveDigest(ref).catch(() => undefined);
  if (!digest || !/^sha256:[0-9a-f]{64}$/.test(digest)) return [];
  return [{ title: `Pin \`${ref}\` to ${digest.slice(0, 19)}…`, code, edits: [{ range, newText: `${name}:${tag}@${digest}` }] }];
}
