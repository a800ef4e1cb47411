// Conversions between the Dockerfile language's plain shapes and VS Code's classes.
import * as vscode from 'vscode';
import { Finding, Range, Severity, TextEdit } from '../../dockerfile/types';

export const toRange = (r: Range) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
export const fromRange = (r: vscode.Range): Range => ({ start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } });
export const toEdit = (e: TextEdit) => new vscode.TextEdit(toRange(e.range), e.newText);

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  style: vscode.DiagnosticSeverity.Hint,
  ignore: vscode.DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'lading';

export function toDiagnostic(f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), f.message, SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = f.link ? { value: f.code, target: vscode.Uri.parse(f.link) } : f.code;
  return d;
}

/** A diagnostic back as a finding (for code actions). */
export function fromDiagnostic(d: vscode.Diagnostic): Finding | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
  const severity: Severity = d.severity === vscode.DiagnosticSeverity.Error ? 'error' : d.severity === vscode.DiagnosticSeverity.Warning ? 'warning' : d.severity === vscode.DiagnosticSeverity.Information ? 'info' : 'style';
  return { code, severity, message: d.message, range: fromRange(d.range) };
}
