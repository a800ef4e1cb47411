import { flag } from '../command';
import { register } from './index';
import { registryOptions } from './registry-options';

register({
  name: 'catalog',
  usage: '[OPTIONS] REGISTRY',
  description: 'List the repositories of a registry',
  flags: [
    { name: 'page-size', type: 'int', description: 'Repositories asked per request', valueName: 'N' },
    { name: 'limit', type: 'int', description: 'Stop after N repositories', valueName: 'N' },
  ],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, p) {
    const { catalog } = await import('../../engine/ops/catalog');
    const limit = (flag<number>(p, 'limit') as number | undefined);
    let shown = 0;
    await catalog(p.args[0], {
      ...registryOptions(ctx),
      signal: ctx.signal,
      pageSize: (flag<number>(p, 'page-size') as number | undefined),
      limit,
      onPage: (names) => {
        const take = limit === undefined ? names : names.slice(0, Math.max(0, limit - shown));
        shown += take.length;
        ctx.stdout.write(take.map((n) => `${n}\n`).join(''));
      },
    });
  },
});
