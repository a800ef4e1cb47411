// Inline pragmas: `# hadolint ignore=DL3008,SC2086` (next instruction), `# hadolint global
// ignore=…` (whole file), `# hadolint shell=powershell` (no POSIX-shell checks from there on).
import { ParsedDockerfile } from '../parse';
import { Range } from '../types';

export interface Pragmas {
  global: Set<string>;
  /** Instruction line ranges [start, end] and the codes ignored there. */
  local: { start: number; end: number; codes: Set<string> }[];
  /** Line from which a non-POSIX shell is declared, if any. */
  nonPosixShellFrom?: number;
  /** Where ignore pragmas are (for DL1001). */
  locations: Range[];
}

const PRAGMA = /^#\s*hadolint\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9,\s]+?)\s*$/i;
const SHELL = /^#\s*hadolint\s+shell\s*=\s*(\S+)/i;

export function readPragmas(doc: ParsedDockerfile): Pragmas {
  const out: Pragmas = { global: new Set(), local: [], locations: [] };
  // Raw lines, not the parser's comments: a pragma on the first line can look like a directive.
  for (let line = 0; line < doc.lines.length; line++) {
    const raw = doc.lines[line];
    if (!/^\s*#/.test(raw)) continue;
    const text = raw.trim();
    const m = PRAGMA.exec(text);
    if (m) {
      const codes = m[2].split(/[\s,]+/).filter(Boolean).map((s) => s.toUpperCase());
      out.locations.push({ start: { line, character: raw.length - raw.trimStart().length }, end: { line, character: raw.trimEnd().length } });
      if (m[1]) {
        for (const code of codes) out.global.add(code);
        continue;
      }
      const next = doc.instructions.find((i) => i.getRange().start.line > line);
      if (next) out.local.push({ start: next.getRange().start.line, end: next.getRange().end.line, codes: new Set(codes) });
      continue;
    }
    const s = SHELL.exec(text);
    if (s && !/^(sh|bash|ash|dash|ksh|zsh|\/bin\/\w*sh)$/.test(s[1]) && out.nonPosixShellFrom === undefined) out.nonPosixShellFrom = line;
  }
  return out;
}

export function ignoredByPragma(p: Pragmas, code: string, line: number): boolean {
  if (p.global.has(code)) return true;
  return p.local.some((l) => l.start <= line && line <= l.end && l.codes.has(code));
}
