// Shared shapes of the Dockerfile language functions: zero-based positions like the LSP and VS Code.
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** hadolint's severities; `ignore` switches a rule off. */
export type Severity = 'error' | 'warning' | 'info' | 'style' | 'ignore';

export const SEVERITY_ORDER: Record<Severity, number> = { error: 4, warning: 3, info: 2, style: 1, ignore: 0 };

export function isSeverity(s: unknown): s is Severity {
  return typeof s === 'string' && s in SEVERITY_ORDER;
}

export interface Finding {
  /** DL3008, SC2086, LD1001… */
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Documentation of the rule. */
  link?: string;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export function range(sl: number, sc: number, el: number, ec: number): Range {
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function contains(r: Range, p: Position): boolean {
  return comparePositions(r.start, p) <= 0 && comparePositions(p, r.end) <= 0;
}
