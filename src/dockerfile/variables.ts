// Variables: which are in scope on a line and what a reference resolves to.
import { PREDEFINED_ARGS } from './docs';
import { ParsedDockerfile, instructionAtLine } from './parse';
import { Position, Range, contains } from './types';

export interface VariableReference {
  name: string;
  range: Range;
  /** The value; null = declared without a value; undefined = not defined at this point. */
  value: string | null | undefined;
  /** `${NAME:-default}` modifier and its parameter. */
  modifier?: string;
  parameter?: string;
}

export function variableAt(doc: ParsedDockerfile, pos: Position): VariableReference | undefined {
  const ins = instructionAtLine(doc, pos.line);
  if (!ins) return undefined;
  for (const v of ins.getVariables()) {
    if (!contains(v.getRange(), pos)) continue;
    const name = v.getName();
    const line = ins.getRange().start.line;
    let value = doc.ast.resolveVariable(name, line);
    if (value === undefined && ins.getKeyword() === 'FROM') {
      const arg = doc.ast.getInitialARGs().flatMap((a) => a.getProperties()).find((p) => p.getName() === name);
      if (arg) value = arg.getValue();
    }
    return { name, range: v.getRange(), value, modifier: v.getModifier() ?? undefined, parameter: v.getSubstitutionParameter() ?? undefined };
  }
  return undefined;
}

/** Names usable on the line: ARG/ENV in scope (global ARGs on FROM lines) and the builder's. */
export function availableVariables(doc: ParsedDockerfile, line: number): string[] {
  const ins = instructionAtLine(doc, line);
  let names: string[];
  if (ins?.getKeyword() === 'FROM' || doc.stages.length === 0 || line < (doc.stages[0]?.range.start.line ?? 0)) {
    names = doc.ast.getInitialARGs().flatMap((a) => a.getProperties().map((p) => p.getName()));
  } else {
    names = doc.ast.getAvailableVariables(line);
  }
  return [...new Set([...names, ...PREDEFINED_ARGS])];
}
