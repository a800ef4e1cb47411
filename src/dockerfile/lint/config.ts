// hadolint's configuration file (.hadolint.yaml): parsing and finding it the way hadolint does.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import yaml from 'js-yaml';
import { LadingError } from '../../engine/errors';
import { Severity, isSeverity } from '../types';

export type Threshold = Severity | 'none';

export interface LintConfig {
  ignored: string[];
  override: { error: string[]; warning: string[]; info: string[]; style: string[] };
  trustedRegistries: string[];
  failureThreshold?: Threshold;
  labelSchema: Record<string, string>;
  strictLabels: boolean;
  disableIgnorePragma: boolean;
}

export function emptyConfig(): LintConfig {
  return { ignored: [], override: { error: [], warning: [], info: [], style: [] }, trustedRegistries: [], labelSchema: {}, strictLabels: false, disableIgnorePragma: false };
}

const LABEL_TYPES = ['text', 'url', 'hash', 'rfc3339', 'semver', 'spdx', 'email'];

function stringList(v: unknown, key: string, file: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new LadingError(`${file}: \`${key}\` must be a list of strings`);
  return v;
}

/** Parses the YAML text of a hadolint configuration. */
export function parseConfig(text: string, file = '.hadolint.yaml'): LintConfig {
  let raw: unknown;
  try {
    raw = yaml.load(text);
  } catch (e) {
    throw new LadingError(`${file}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const cfg = emptyConfig();
  if (raw === undefined || raw === null) return cfg;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new LadingError(`${file}: expected a mapping at the top level`);
  const o = raw as Record<string, unknown>;
  cfg.ignored = stringList(o.ignored, 'ignored', file);
  cfg.trustedRegistries = stringList(o.trustedRegistries, 'trustedRegistries', file);
  if (o.override !== undefined && o.override !== null) {
    if (typeof o.override !== 'object') throw new LadingError(`${file}: \`override\` must be a mapping`);
    const ov = o.override as Record<string, unknown>;
    for (const level of ['error', 'warning', 'info', 'style'] as const) cfg.override[level] = stringList(ov[level], `override.${level}`, file);
  }
  const threshold = o['failure-threshold'];
  if (threshold !== undefined) {
    if (threshold !== 'none' && !isSeverity(threshold)) throw new LadingError(`${file}: \`failure-threshold\` must be one of error, warning, info, style, ignore, none`);
    cfg.failureThreshold = threshold as Threshold;
  }
  const schema = o['label-schema'];
  if (schema !== undefined && schema !== null) {
    if (typeof schema !== 'object') throw new LadingError(`${file}: \`label-schema\` must be a mapping`);
    for (const [k, v] of Object.entries(schema as Record<string, unknown>)) {
      if (typeof v !== 'string' || !LABEL_TYPES.includes(v)) throw new LadingError(`${file}: label-schema \`${k}\` must be one of ${LABEL_TYPES.join(', ')}`);
      cfg.labelSchema[k] = v;
    }
  }
  cfg.strictLabels = o['strict-labels'] === true;
  cfg.disableIgnorePragma = o['disable-ignore-pragma'] === true;
  return cfg;
}

/**
 * Finds the configuration hadolint would use: `.hadolint.yaml`/`.hadolint.yml` in `startDir` or
 * a parent, then $XDG_CONFIG_HOME/hadolint.yaml, ~/.config/hadolint.yaml, ~/.hadolint.yaml.
 */
export function findConfigFile(startDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    for (const name of ['.hadolint.yaml', '.hadolint.yml']) {
      const f = path.join(dir, name);
      if (isFile(f)) return f;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const home = env.HOME ?? os.homedir();
  const xdg = env.XDG_CONFIG_HOME || path.join(home, '.config');
  for (const f of [path.join(xdg, 'hadolint.yaml'), path.join(xdg, 'hadolint.yml'), path.join(home, '.hadolint', 'hadolint.yaml'), path.join(home, '.hadolint.yaml')]) {
    if (isFile(f)) return f;
  }
  return undefined;
}

function isFile(f: string): boolean {
  try {
    return fs.statSync(f).isFile();
  } catch {
    return false;
  }
}

export function loadConfigFile(file: string): LintConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new LadingError(`cannot read config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseConfig(text, file);
}

/** Severity overrides from a config as one map (code → severity). */
export function overridesOf(cfg: LintConfig): Record<string, Severity> {
  const out: Record<string, Severity> = {};
  for (const level of ['style', 'info', 'warning', 'error'] as const) for (const code of cfg.override[level]) out[code] = level;
  for (const code of cfg.ignored) out[code] = 'ignore';
  return out;
}
