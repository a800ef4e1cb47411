// What a rule family sees: the parsed document, the settings that shape some rules, and report().
import { Instruction } from 'dockerfile-ast';
import { ParsedDockerfile } from '../parse';
import { Word } from '../shell';
import { Finding, Range } from '../types';
import { RULE_BY_CODE, ruleLink } from './rules';

export interface RuleSettings {
  /** Registries FROM may use (DL3026); empty = any. */
  trustedRegistries: string[];
  /** Label name → type (text, url, hash, rfc3339, semver, spdx, email) for DL3049–DL3058. */
  labelSchema: Record<string, string>;
  /** DL3050: labels outside the schema are reported. */
  strictLabels: boolean;
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = { trustedRegistries: [], labelSchema: {}, strictLabels: false };

export class LintContext {
  readonly findings: Finding[] = [];
  constructor(
    readonly doc: ParsedDockerfile,
    readonly settings: RuleSettings,
  ) {}

  report(code: string, range: Range, message?: string): void {
    const meta = RULE_BY_CODE.get(code);
    this.findings.push({
      code,
      severity: meta?.severity ?? 'warning',
      message: message ?? meta?.description ?? code,
      range,
      link: ruleLink(code),
    });
  }

  /** The range of a shell word. */
  wordRange(w: Word): Range {
    return { start: this.doc.positionAt(w.start), end: this.doc.positionAt(w.end) };
  }

  /** The instruction keyword's range: where whole-instruction findings point. */
  keywordRange(ins: Instruction): Range {
    return ins.getInstructionRange();
  }

  /** The whole instruction, first line only when it spans several (keeps squiggles readable). */
  lineRange(ins: Instruction): Range {
    const r = ins.getRange();
    if (r.start.line === r.end.line) return r;
    const text = this.doc.lines[r.start.line] ?? '';
    return { start: r.start, end: { line: r.start.line, character: text.replace(/\s+$/, '').length } };
  }
}
