// Document formatting: upper-case instructions (and `AS`), one indentation for continuation
// lines, no trailing whitespace. Heredoc bodies are left exactly as written. Idempotent.
import { Copy, Instruction, Onbuild, Run } from 'dockerfile-ast';
import { ParsedDockerfile } from './parse';
import { TextEdit } from './types';

export interface FormatOptions {
  /** Indentation of continuation lines (default four spaces). */
  indent?: string;
}

/** Heredoc body and terminator lines, which must not change. */
function verbatimLines(doc: ParsedDockerfile): Set<number> {
  const out = new Set<number>();
  for (const outer of doc.instructions) {
    const ins = outer.getKeyword() === 'ONBUILD' ? ((outer as Onbuild).getTriggerInstruction() ?? outer) : outer;
    if (ins.getKeyword() !== 'RUN' && ins.getKeyword() !== 'COPY') continue;
    for (const h of (ins as Run | Copy).getHeredocs()) {
      const start = h.getStartRange().start.line + 1;
      const end = h.getDelimiterRange()?.end.line ?? ins.getRange().end.line;
      for (let l = start; l <= end; l++) out.add(l);
    }
  }
  return out;
}

export function formatText(doc: ParsedDockerfile, options: FormatOptions = {}): string {
  const indent = options.indent ?? '    ';
  const lines = [...doc.lines];
  const verbatim = verbatimLines(doc);
  const upper = (ins: Instruction) => {
    const r = ins.getInstructionRange();
    if (r.start.line !== r.end.line) return;
    const l = lines[r.start.line];
    lines[r.start.line] = l.slice(0, r.start.character) + l.slice(r.start.character, r.end.character).toUpperCase() + l.slice(r.end.character);
  };
  for (const ins of doc.instructions) {
    const start = ins.getRange().start.line;
    const end = ins.getRange().end.line;
    upper(ins);
    if (ins.getKeyword() === 'ONBUILD') {
      const t = (ins as Onbuild).getTriggerInstruction();
      if (t) upper(t);
    }
    if (ins.getKeyword() === 'FROM') {
      const args = ins.getArguments();
      const as = args[1];
      if (args.length === 3 && as.getValue().toUpperCase() === 'AS' && as.getRange().start.line === as.getRange().end.line) {
        const r = as.getRange();
        const l = lines[r.start.line];
        lines[r.start.line] = l.slice(0, r.start.character) + 'AS' + l.slice(r.end.character);
      }
    }
    // The instruction starts at column 0.
    if (!verbatim.has(start)) lines[start] = lines[start].replace(/^[ \t]+/, '');
    for (let l = start + 1; l <= end; l++) {
      if (verbatim.has(l)) continue;
      const text = lines[l];
      if (text.trim() === '') continue;
      lines[l] = indent + text.replace(/^[ \t]+/, '');
    }
  }
  for (let l = 0; l < lines.length; l++) if (!verbatim.has(l)) lines[l] = lines[l].replace(/[ \t]+$/, '');
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  return lines.join(eol);
}

/** The formatting as line edits (only changed lines). */
export function formatEdits(doc: ParsedDockerfile, options: FormatOptions = {}): TextEdit[] {
  const formatted = formatText(doc, options).split(/\r?\n/);
  const edits: TextEdit[] = [];
  for (let l = 0; l < doc.lines.length; l++) {
    if (formatted[l] !== doc.lines[l]) edits.push({ range: { start: { line: l, character: 0 }, end: { line: l, character: doc.lines[l].length } }, newText: formatted[l] });
  }
  return edits;
}
