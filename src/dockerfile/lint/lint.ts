// The linter's entry points: every rule family over one parsed document, then configuration,
// severity overrides and pragmas applied to the findings (ShellCheck's included).
import { ParsedDockerfile, parseDockerfile } from '../parse';
import { Finding, SEVERITY_ORDER, Severity, comparePositions } from '../types';
import { DEFAULT_RULE_SETTINGS, LintContext } from './context';
import { LintConfig, emptyConfig, overridesOf } from './config';
import { ignoredByPragma, readPragmas } from './pragmas';
import { checkBuilder } from './rules-builder';
import { checkInstructions } from './rules-instructions';
import { checkLabels } from './rules-labels';
import { checkPackages } from './rules-packages';
import { checkShellUsage } from './rules-shell';
import { checkStages } from './rules-stages';
import { ShellcheckOptions, runShellcheck } from './shellcheck';

export interface LintOptions {
  config?: LintConfig;
  /** Severity per code (from editor settings); wins over the config file. */
  severities?: Record<string, Severity>;
  /** Codes ignored in addition to the config's (e.g. `--ignore`). */
  ignore?: string[];
}

export interface AsyncLintOptions extends LintOptions {
  /** Run ShellCheck on RUN instructions when it is installed (default true). */
  shellcheck?: boolean | ShellcheckOptions;
}

const FAMILIES = [checkBuilder, checkStages, checkInstructions, checkPackages, checkShellUsage, checkLabels];

/** Findings of our rules, unfiltered (default severities). */
export function runRules(doc: ParsedDockerfile, config: LintConfig = emptyConfig()): Finding[] {
  const ctx = new LintContext(doc, {
    ...DEFAULT_RULE_SETTINGS,
    trustedRegistries: config.trustedRegistries,
    labelSchema: config.labelSchema,
    strictLabels: config.strictLabels,
  });
  for (const family of FAMILIES) family(ctx);
  return ctx.findings;
}

/** Applies severities, ignores and pragmas; sorts by position. */
export function finalize(doc: ParsedDockerfile, findings: Finding[], options: LintOptions = {}): Finding[] {
  const config = options.config ?? emptyConfig();
  const overrides: Record<string, Severity> = { ...overridesOf(config), ...options.severities };
  for (const code of options.ignore ?? []) overrides[code.toUpperCase()] = 'ignore';
  const pragmas = readPragmas(doc);
  const all = [...findings];
  for (const loc of pragmas.locations) all.push({ code: 'DL1001', severity: 'ignore', message: 'Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`.', range: loc, link: 'https://github.com/hadolint/hadolint/wiki/DL1001' });
  const out: Finding[] = [];
  for (const f of all) {
    const severity = overrides[f.code] ?? f.severity;
    if (severity === 'ignore') continue;
    if (!config.disableIgnorePragma && ignoredByPragma(pragmas, f.code, f.range.start.line)) continue;
    if (pragmas.nonPosixShellFrom !== undefined && f.range.start.line > pragmas.nonPosixShellFrom && (f.code === 'DL4006' || f.code.startsWith('SC'))) continue;
    out.push(severity === f.severity ? f : { ...f, severity });
  }
  return out.sort((a, b) => comparePositions(a.range.start, b.range.start) || a.code.localeCompare(b.code));
}

/** Lints Dockerfile text with our rules (no ShellCheck): synchronous, for typing feedback. */
export function lint(text: string | ParsedDockerfile, options: LintOptions = {}): Finding[] {
  const doc = typeof text === 'string' ? parseDockerfile(text) : text;
  return finalize(doc, runRules(doc, options.config), options);
}

/** Our rules plus ShellCheck on RUN (silently without it when `shellcheck` is not installed). */
export async function lintAsync(text: string | ParsedDockerfile, options: AsyncLintOptions = {}): Promise<Finding[]> {
  const doc = typeof text === 'string' ? parseDockerfile(text) : text;
  const findings = runRules(doc, options.config);
  if (options.shellcheck !== false) {
    const pragmas = readPragmas(doc);
    const sc = await runShellcheck(doc, typeof options.shellcheck === 'object' ? options.shellcheck : {}, pragmas.nonPosixShellFrom ?? Infinity);
    findings.push(...sc);
  }
  return finalize(doc, findings, options);
}

/** Whether any finding is at or above the threshold (hadolint's exit-code rule). */
export function failsThreshold(findings: Finding[], threshold: Severity | 'none'): boolean {
  if (threshold === 'none') return false;
  return findings.some((f) => SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[threshold] && f.severity !== 'ignore');
}
