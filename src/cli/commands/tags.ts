import { flag } from '../command';
import { register } from './index';
import { registryOptions } from './registry-options';

register({
  name: 'tags',
  usage: '[OPTIONS] REPOSITORY',
  description: 'List the tags of a repository in its registry',
  flags: [
    { name: 'page-size', type: 'int', description: 'Tags asked per request', valueName: 'N' },
    { name: 'limit', type: 'int', description: 'Stop after N tags', valueName: 'N' },
  ],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, p) {
    const { listTags } = await import('../../engine/ops/tags');
    const limit = (flag<number>(p, 'limit') as number | undefined);
    let shown = 0;
    await listTags(p.args[0], {
      ...registryOptions(ctx),
      signal: ctx.signal,
      pageSize: (flag<number>(p, 'page-size') as number | undefined),
      limit,
      onPage: (tags) => {
        const take = limit === undefined ? tags : tags.slice(0, Math.max(0, limit - shown));
        shown += take.length;
        ctx.stdout.write(take.map((t) => `${t}\n`).join(''));
      },
    });
  },
});
