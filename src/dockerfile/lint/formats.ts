// Output formats of `lading lint`, matching hadolint's: tty, json, sarif, checkstyle, gnu.
import { Finding } from '../types';
import { RULE_BY_CODE, ruleLink } from './rules';

export type OutputFormat = 'tty' | 'json' | 'sarif' | 'checkstyle' | 'gnu';
export const OUTPUT_FORMATS: OutputFormat[] = ['tty', 'json', 'sarif', 'checkstyle', 'gnu'];

export interface FileFindings {
  file: string;
  findings: Finding[];
}

const COLORS: Record<string, string> = { error: '\x1b[91m', warning: '\x1b[93m', info: '\x1b[92m', style: '\x1b[94m' };

export function formatTty(results: FileFindings[], color: boolean): string {
  const out: string[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      const level = color ? `${COLORS[f.severity] ?? ''}${f.severity}\x1b[0m` : f.severity;
      const code = color ? `\x1b[1m${f.code}\x1b[0m` : f.code;
      out.push(`${r.file}:${f.range.start.line + 1} ${code} ${level}: ${f.message}`);
    }
  }
  return out.length ? out.join('\n') + '\n' : '';
}

export function formatJson(results: FileFindings[]): string {
  const rows = results.flatMap((r) =>
    r.findings.map((f) => ({ code: f.code, column: f.range.start.character + 1, file: r.file, level: f.severity, line: f.range.start.line + 1, message: f.message })),
  );
  return JSON.stringify(rows) + '\n';
}

export function formatGnu(results: FileFindings[]): string {
  return results
    .flatMap((r) => r.findings.map((f) => `lading:${r.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.code} ${f.severity}: ${f.message}\n`))
    .join('');
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function formatCheckstyle(results: FileFindings[]): string {
  const lines = ["<?xml version='1.0' encoding='UTF-8'?>", "<checkstyle version='4.3'>"];
  for (const r of results) {
    lines.push(`<file name='${xml(r.file)}'>`);
    for (const f of r.findings) {
      lines.push(`<error line='${f.range.start.line + 1}' column='${f.range.start.character + 1}' severity='${f.severity}' message='${xml(f.message)}' source='${xml(f.code)}'/>`);
    }
    lines.push('</file>');
  }
  lines.push('</checkstyle>');
  return lines.join('\n') + '\n';
}

export function formatSarif(results: FileFindings[], version: string): string {
  const codes = [...new Set(results.flatMap((r) => r.findings.map((f) => f.code)))].sort();
  const level = (s: string) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'lading',
            version,
            informationUri: 'https://github.com/hadolint/hadolint',
            rules: codes.map((code) => ({
              id: code,
              shortDescription: { text: RULE_BY_CODE.get(code)?.description ?? code },
              helpUri: ruleLink(code),
            })),
          },
        },
        results: results.flatMap((r) =>
          r.findings.map((f) => ({
            ruleId: f.code,
            level: level(f.severity),
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: r.file },
                  region: { startLine: f.range.start.line + 1, startColumn: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
