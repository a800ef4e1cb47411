// `image efficiency IMAGE`: the wasted space dive reports (its summary lines, then the paths
// that waste the most), and dive's CI check as `--lowest-efficiency`.
import { humanSize } from '../../engine/format/units';
import { analyzeEfficiency, EfficiencyResult } from '../../engine/ops/efficiency';
import { LadingError } from '../../engine/errors';
import { bool, str } from '../format/flags';
import { tabwrite } from '../format/table';
import { register } from './index';

const DEFAULT_ROWS = 20;

/** dive's summary numbers print with 4 decimals; a percentage of a fraction. */
function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(4)} %`;
}

export function renderEfficiency(r: EfficiencyResult, all: boolean): string {
  const lines = [`efficiency: ${percent(r.efficiency)}`, `wastedBytes: ${r.wastedBytes} bytes (${humanSize(r.wastedBytes)})`, `userWastedPercent: ${percent(r.userWastedPercent)}`, ''];
  const shown = all ? r.paths : r.paths.slice(0, DEFAULT_ROWS);
  const table = ['COUNT\tWASTED\tPATH', ...shown.map((p) => `${p.count}\t${humanSize(p.wastedBytes)}\t${p.path}`)].join('\n');
  lines.push(tabwrite(table));
  // Say what was left out, so a short table is never mistaken for the whole story.
  if (shown.length < r.paths.length) lines.push(`(${r.paths.length - shown.length} more paths; --all lists them)`);
  return `${lines.join('\n')}\n`;
}

/** A threshold between 0 and 1, as dive's `lowestEfficiency` rule takes it. */
function parseThreshold(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new LadingError(`invalid argument "${v}" for "--lowest-efficiency" flag: expected a number from 0 to 1`);
  return n;
}

register({
  name: 'image efficiency',
  usage: '[OPTIONS] IMAGE',
  description: 'Show the space an image wastes on files that later layers overwrite or remove',
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: `Show every wasting path (default: the top ${DEFAULT_ROWS})` },
    { name: 'format', type: 'string', description: "Format output: 'table' (default) or 'json' (the whole result)", valueName: 'string' },
    { name: 'lowest-efficiency', type: 'string', description: 'Exit with status 1 when the efficiency is below this (0..1)', valueName: 'ratio' },
  ],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, p) {
    const format = str(p, 'format') ?? 'table';
    if (format !== 'table' && format !== 'json') throw new LadingError(`unsupported format "${format}": use "table" or "json"`);
    const thresholdText = str(p, 'lowest-efficiency');
    const threshold = thresholdText === undefined ? undefined : parseThreshold(thresholdText);
    const r = await analyzeEfficiency(await ctx.store(), p.args[0], { signal: ctx.signal });
    ctx.stdout.write(format === 'json' ? `${JSON.stringify(r)}\n` : renderEfficiency(r, bool(p, 'all')));
    if (threshold !== undefined && r.efficiency < threshold) {
      ctx.stderr.write(`image efficiency is too low (efficiency=${r.efficiency} < threshold=${threshold})\n`);
      return 1;
    }
    return 0;
  },
});
