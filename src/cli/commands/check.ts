// `system check`: verify every blob and every reference of the store (read-only).
import { register } from './index';

register({
  name: 'system check',
  usage: '',
  description: 'Verify the store: blob digests, index.json, referenced blobs present',
  flags: [],
  maxArgs: 0,
  async run(ctx) {
    const { checkStore } = await import('../../engine/ops/check');
    const r = await checkStore(await ctx.store(), { signal: ctx.signal });
    for (const problem of r.problems) ctx.stdout.write(`${problem}\n`);
    ctx.stdout.write(`${r.manifests} index entries, ${r.blobs} blobs checked: ${r.ok ? 'OK' : `${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`}\n`);
    return r.ok ? 0 : 1;
  },
});
