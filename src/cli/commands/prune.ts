// `image prune` and `system prune`: confirmation (unless -f), then docker's report.
import { humanSize } from '../../engine/format/units';
import { pruneImages, PruneResult } from '../../engine/ops/prune';
import { CliContext } from '../command';
import { bool, strs } from '../format/flags';
import { register } from './index';

/** Asks on stdout and reads one line of stdin; anything but y/yes (or no input) means no. */
export async function confirm(ctx: CliContext, warning: string): Promise<boolean> {
  ctx.stdout.write(`${warning}\nAre you sure you want to continue? [y/N] `);
  let line = '';
  for await (const chunk of ctx.stdin) {
    line += Buffer.from(chunk as Uint8Array).toString('utf8');
    if (line.includes('\n')) break;
  }
  if (!ctx.stdin.isTTY) ctx.stdout.write('\n');
  return /^\s*y(es)?\s*$/i.test(line.split('\n')[0]);
}

function report(ctx: CliContext, r: PruneResult): void {
  if (r.items.length) {
    ctx.stdout.write('Deleted Images:\n');
    for (const item of r.items) ctx.stdout.write('untagged' in item ? `untagged: ${item.untagged}\n` : `deleted: ${item.deleted}\n`);
    ctx.stdout.write('\n');
  }
  ctx.stdout.write(`Total reclaimed space: ${humanSize(r.reclaimed, 4)}\n`);
}

const filterFlag = { name: 'filter', type: 'strings' as const, description: 'Provide filter values (e.g. "until=24h", "label=key=value")', valueName: 'filter' };
const forceFlag = { name: 'force', short: 'f', type: 'bool' as const, description: 'Do not prompt for confirmation' };

register({
  name: 'image prune',
  usage: '[OPTIONS]',
  description: 'Remove unused images (dangling ones; every image with -a: no container keeps one in use here)',
  flags: [{ name: 'all', short: 'a', type: 'bool', description: 'Remove all images, not just dangling ones (there are no containers to keep one in use)' }, filterFlag, forceFlag],
  maxArgs: 0,
  async run(ctx, p) {
    const all = bool(p, 'all');
    const warning = all ? 'WARNING! This will remove all images.' : 'WARNING! This will remove all dangling images.';
    if (!bool(p, 'force') && !(await confirm(ctx, warning))) return 0;
    report(ctx, await pruneImages(await ctx.store(), { all, filters: strs(p, 'filter') }, { signal: ctx.signal }));
  },
});

register({
  name: 'system prune',
  usage: '[OPTIONS]',
  description: 'Remove dangling images (all with -a) and unreferenced blobs',
  flags: [{ name: 'all', short: 'a', type: 'bool', description: 'Remove all images, not just dangling ones' }, filterFlag, forceFlag],
  maxArgs: 0,
  async run(ctx, p) {
    const all = bool(p, 'all');
    const warning = `WARNING! This will remove:\n  - ${all ? 'all images' : 'all dangling images'}\n  - all blobs no image references\n`;
    if (!bool(p, 'force') && !(await confirm(ctx, warning))) return 0;
    report(ctx, await pruneImages(await ctx.store(), { all, filters: strs(p, 'filter') }, { signal: ctx.signal }));
  },
});
