// `lading lint`: hadolint-compatible Dockerfile linting with the same exit-code rule (1 when any
// finding is at or above the failure threshold; default `info`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LadingError } from '../../engine/errors';
import type { LintConfig, Threshold } from '../../dockerfile/lint/config';
import type { OutputFormat, FileFindings } from '../../dockerfile/lint/formats';
import { CliContext, flag } from '../command';
import { register } from './index';

declare const LADING_VERSION: string | undefined;

/** Editors on Windows may save a byte-order mark; the builder ignores it, so do we. */
const stripBom = (s: string) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

async function readInput(ctx: CliContext, file: string): Promise<string> {
  return stripBom(await readRaw(ctx, file));
}

async function readRaw(ctx: CliContext, file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const c of ctx.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LadingError(code === 'ENOENT' ? `${file}: no such file` : code === 'EISDIR' ? `${file}: is a directory` : `${file}: cannot read (${code})`);
  }
}

type ConfigModule = typeof import('../../dockerfile/lint/config');

function configFor({ emptyConfig, findConfigFile, loadConfigFile }: ConfigModule, file: string, explicit: string | undefined, env: NodeJS.ProcessEnv): LintConfig {
  if (explicit) return loadConfigFile(explicit);
  const start = file === '-' ? process.cwd() : path.dirname(path.resolve(file));
  const found = findConfigFile(start, env) ?? findConfigFile(process.cwd(), env);
  return found ? loadConfigFile(found) : emptyConfig();
}

register({
  name: 'lint',
  usage: '[OPTIONS] [DOCKERFILE...|-]',
  description: 'Lint Dockerfiles (hadolint rules, builder checks, ShellCheck)',
  flags: [
    { name: 'format', short: 'f', type: 'string', default: 'tty', valueName: 'FORMAT', description: 'Output format: tty, json, sarif, checkstyle, gnu' },
    { name: 'failure-threshold', short: 't', type: 'string', valueName: 'LEVEL', description: 'Exit 1 only for findings at or above LEVEL: error, warning, info, style, ignore, none (default info)' },
    { name: 'ignore', type: 'strings', valueName: 'RULE', description: 'Ignore a rule (repeatable), e.g. DL3008' },
    { name: 'config', short: 'c', type: 'string', valueName: 'FILE', description: 'Configuration file (.hadolint.yaml)' },
    { name: 'no-color', type: 'bool', description: 'Do not colour the tty output' },
    { name: 'no-shellcheck', type: 'bool', description: 'Do not run ShellCheck on RUN instructions' },
  ],
  async run(ctx, parsed) {
    // The linter and its parser load only for this command, not at every CLI start.
    const [configModule, { OUTPUT_FORMATS, formatCheckstyle, formatGnu, formatJson, formatSarif, formatTty }, { failsThreshold, lintAsync }, { isSeverity }] = await Promise.all([
      import('../../dockerfile/lint/config'),
      import('../../dockerfile/lint/formats'),
      import('../../dockerfile/lint/lint'),
      import('../../dockerfile/types'),
    ]);
    const format = flag<string>(parsed, 'format') as OutputFormat;
    if (!OUTPUT_FORMATS.includes(format)) throw new LadingError(`invalid format "${format}": use one of ${OUTPUT_FORMATS.join(', ')}`);
    const thresholdFlag = flag<string>(parsed, 'failure-threshold') as string | undefined;
    if (thresholdFlag !== undefined && thresholdFlag !== 'none' && !isSeverity(thresholdFlag)) {
      throw new LadingError(`invalid failure threshold "${thresholdFlag}": use error, warning, info, style, ignore or none`);
    }
    const files = parsed.args.length ? parsed.args : ['Dockerfile'];
    const ignore = flag<string[]>(parsed, 'ignore');
    const results: FileFindings[] = [];
    let failed = false;
    for (const file of files) {
      const text = await readInput(ctx, file);
      const config = configFor(configModule, file, flag<string>(parsed, 'config') as string | undefined, ctx.env);
      const findings = await lintAsync(text, { config, ignore, shellcheck: !flag<boolean>(parsed, 'no-shellcheck') && { signal: ctx.signal } });
      const threshold = (thresholdFlag ?? config.failureThreshold ?? 'info') as Threshold;
      if (failsThreshold(findings, threshold)) failed = true;
      results.push({ file, findings });
    }
    const color = format === 'tty' && ctx.stdout.isTTY && !flag<boolean>(parsed, 'no-color') && !ctx.env.NO_COLOR;
    const version = typeof LADING_VERSION === 'string' ? LADING_VERSION : 'dev';
    const text =
      format === 'json' ? formatJson(results)
      : format === 'sarif' ? formatSarif(results, version)
      : format === 'checkstyle' ? formatCheckstyle(results)
      : format === 'gnu' ? formatGnu(results)
      : formatTty(results, color);
    ctx.stdout.write(text);
    return failed ? 1 : 0;
  },
});
