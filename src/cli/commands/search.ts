import { flag } from '../command';
import { register } from './index';
import { registryOptions } from './registry-options';
import { ellipsis, renderTemplate, tabulate } from './registry-table';

register({
  name: 'search',
  usage: '[OPTIONS] TERM',
  description: 'Search Docker Hub for images',
  flags: [
    { name: 'filter', short: 'f', type: 'strings', description: 'Filter output based on conditions provided' },
    { name: 'format', type: 'string', description: 'Pretty-print search using a Go template' },
    { name: 'limit', type: 'int', description: 'Max number of search results', default: 25 },
    { name: 'no-trunc', type: 'bool', description: "Don't truncate output" },
  ],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, p) {
    const { search } = await import('../../engine/ops/search');
    const results = await search(p.args[0], {
      ...registryOptions(ctx),
      signal: ctx.signal,
      limit: flag<number>(p, 'limit'),
      filters: flag<string[]>(p, 'filter'),
    });
    const noTrunc = flag<boolean>(p, 'no-trunc');
    const describe = (d: string) => (noTrunc ? d : ellipsis(d.replace(/\s*\n\s*/g, ' '), 45));
    const format = (flag<string>(p, 'format') as string | undefined);
    if (format) {
      const items = results.map((r) => ({ Name: r.name, Description: describe(r.description), StarCount: r.starCount, IsOfficial: r.isOfficial, IsAutomated: r.isAutomated }));
      ctx.stdout.write(renderTemplate(format, items, { Name: 'NAME', Description: 'DESCRIPTION', StarCount: 'STARS', IsOfficial: 'OFFICIAL', IsAutomated: 'AUTOMATED' }));
      return;
    }
    const rows = [['NAME', 'DESCRIPTION', 'STARS', 'OFFICIAL']];
    for (const r of results) rows.push([r.name, describe(r.description), String(r.starCount), r.isOfficial ? '[OK]' : '']);
    ctx.stdout.write(tabulate(rows));
  },
});
