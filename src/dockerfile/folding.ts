// Folding: stages, multi-line instructions, heredocs and runs of comment lines.
import { Copy, Run } from 'dockerfile-ast';
import { ParsedDockerfile, effective } from './parse';

export interface Fold {
  start: number;
  end: number;
  kind?: 'comment' | 'region';
}

export function foldingRanges(doc: ParsedDockerfile): Fold[] {
  const out: Fold[] = [];
  for (const s of doc.stages) if (s.range.end.line > s.range.start.line) out.push({ start: s.range.start.line, end: s.range.end.line, kind: 'region' });
  for (const outer of doc.instructions) {
    const r = outer.getRange();
    if (r.end.line > r.start.line) out.push({ start: r.start.line, end: r.end.line });
    const ins = effective(outer);
    if (ins.getKeyword() === 'RUN' || ins.getKeyword() === 'COPY') {
      for (const h of (ins as Run | Copy).getHeredocs()) {
        const start = h.getStartRange().start.line;
        const end = h.getDelimiterRange()?.end.line ?? r.end.line;
        if (end > start && !(start === r.start.line && end === r.end.line)) out.push({ start, end });
      }
    }
  }
  let first = -1;
  for (let l = 0; l <= doc.lines.length; l++) {
    const isComment = l < doc.lines.length && /^\s*#/.test(doc.lines[l]);
    if (isComment && first < 0) first = l;
    if (!isComment && first >= 0) {
      if (l - 1 > first) out.push({ start: first, end: l - 1, kind: 'comment' });
      first = -1;
    }
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}
