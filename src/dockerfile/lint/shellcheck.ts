// ShellCheck over the shell-form RUN instructions: one `shellcheck` run per document, each RUN
// laid out on its own lines at its own columns so findings map straight back to the document.
import { spawn } from 'node:child_process';
import { Instruction, Run } from 'dockerfile-ast';
import { ParsedDockerfile, effective, isJsonForm } from '../parse';
import { Finding, Severity } from '../types';
import { ruleLink } from './rules';

export interface ShellcheckOptions {
  /** Executable; default `shellcheck` on PATH. */
  path?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Codes never reported (sourced files cannot be followed from a Dockerfile). */
  exclude?: string[];
}

interface Layout {
  script: string;
  /** Script line (0-based) → document line. */
  lineMap: number[];
}

/** Builds the script ShellCheck reads, or undefined when there is nothing to check. */
export function shellcheckScript(doc: ParsedDockerfile, fromLine = Infinity): Layout | undefined {
  if (doc.escape !== '\\') return undefined;
  const lines: string[] = [];
  const lineMap: number[] = [];
  const push = (text: string, docLine: number) => {
    lines.push(text);
    lineMap.push(docLine);
  };
  // Variables from ARG/ENV are set at build time.
  const names = new Set<string>();
  for (const i of doc.instructions) {
    const k = i.getKeyword();
    if (k === 'ARG' || k === 'ENV') for (const a of i.getArguments()) names.add(a.getValue().split('=')[0]);
  }
  for (const n of names) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) push(`export ${n}=x`, -1);
  let runs = 0;
  for (const outer of doc.instructions) {
    const ins: Instruction = effective(outer);
    if (ins.getKeyword() !== 'RUN' || isJsonForm(ins) || (ins as Run).getHeredocs().length) continue;
    if (outer.getRange().start.line >= fromLine) continue;
    const args = ins.getArguments();
    if (!args.length) continue;
    const start = args[0].getRange().start;
    const end = ins.getRange().end;
    for (let l = start.line; l <= end.line; l++) {
      let text = doc.lines[l] ?? '';
      if (l === start.line) text = ' '.repeat(start.character) + text.slice(start.character);
      if (l === end.line) text = text.slice(0, end.character);
      if (l > start.line && /^\s*#/.test(text)) text = ' '.repeat(text.length) + ' \\';
      push(text, l);
    }
    push('', -1);
    runs++;
  }
  return runs ? { script: lines.join('\n') + '\n', lineMap } : undefined;
}

function shellDialect(doc: ParsedDockerfile): string {
  let dialect = 'sh';
  for (const i of doc.instructions) {
    if (i.getKeyword() !== 'SHELL') continue;
    const t = i.getArgumentsContent() ?? '';
    dialect = /bash/.test(t) ? 'bash' : /ksh/.test(t) ? 'ksh' : /dash/.test(t) ? 'dash' : 'sh';
  }
  return dialect;
}

/** Document character index of a ShellCheck column (which counts a tab as up to 8 columns). */
function charIndex(line: string, column: number): number {
  let col = 1;
  for (let i = 0; i < line.length; i++) {
    if (col >= column) return i;
    col = line[i] === '\t' ? col + 8 - ((col - 1) % 8) : col + 1;
  }
  return line.length;
}

export async function runShellcheck(doc: ParsedDockerfile, opts: ShellcheckOptions = {}, fromLine = Infinity): Promise<Finding[]> {
  const layout = shellcheckScript(doc, fromLine);
  if (!layout) return [];
  const exclude = opts.exclude ?? ['SC1090', 'SC1091'];
  const args = ['-f', 'json1', '-s', shellDialect(doc), ...(exclude.length ? ['-e', exclude.map((c) => c.replace(/^SC/, '')).join(',')] : []), '-'];
  const out = await new Promise<string | undefined>((resolve) => {
    let child;
    try {
      child = spawn(opts.path ?? 'shellcheck', args, { stdio: ['pipe', 'pipe', 'ignore'] });
    } catch {
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    const done = (v: string | undefined) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(v);
    };
    const onAbort = () => {
      child.kill('SIGKILL');
      done(undefined);
    };
    const timer = setTimeout(onAbort, opts.timeoutMs ?? 10000);
    opts.signal?.addEventListener('abort', onAbort);
    child.on('error', () => done(undefined));
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.on('close', () => done(Buffer.concat(chunks).toString('utf8')));
    child.stdin.on('error', () => undefined);
    child.stdin.end(layout.script);
  });
  if (!out) return [];
  let parsed: { comments?: { line: number; endLine: number; column: number; endColumn: number; level: string; code: number; message: string }[] };
  try {
    parsed = JSON.parse(out);
  } catch {
    return [];
  }
  const findings: Finding[] = [];
  for (const c of parsed.comments ?? []) {
    const docLine = layout.lineMap[c.line - 1];
    const docEndLine = layout.lineMap[c.endLine - 1] ?? docLine;
    if (docLine === undefined || docLine < 0) continue;
    const code = `SC${c.code}`;
    const severity: Severity = c.level === 'error' ? 'error' : c.level === 'warning' ? 'warning' : c.level === 'info' ? 'info' : 'style';
    const endLine = docEndLine < 0 ? docLine : docEndLine;
    findings.push({
      code,
      severity,
      message: c.message,
      range: {
        start: { line: docLine, character: charIndex(doc.lines[docLine] ?? '', c.column) },
        end: { line: endLine, character: charIndex(doc.lines[endLine] ?? '', c.endColumn) },
      },
      link: ruleLink(code),
    });
  }
  return findings;
}
