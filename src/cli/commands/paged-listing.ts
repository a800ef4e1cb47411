// `catalog` and `tags`: one name per line, printed page by page as the registry answers, with
// --page-size (`?n=`) and --limit. Both commands differ only in what they list.
import type { PagingOptions } from '../../engine/ops/catalog';
import { flag } from '../command';
import { register } from './index';
import { registryOptions } from './registry-options';

export interface PagedListing {
  name: string;
  usage: string;
  description: string;
  /** Plural of what is listed, for the flag help ("repositories", "tags"). */
  noun: string;
  /** Loaded on use, so other commands never load the registry client. */
  list: () => Promise<(target: string, opts: PagingOptions) => Promise<unknown>>;
}

export function registerPagedListing(l: PagedListing): void {
  register({
    name: l.name,
    usage: l.usage,
    description: l.description,
    flags: [
      { name: 'page-size', type: 'int', description: `${l.noun[0].toUpperCase()}${l.noun.slice(1)} asked per request`, valueName: 'N' },
      { name: 'limit', type: 'int', description: `Stop after N ${l.noun}`, valueName: 'N' },
    ],
    minArgs: 1,
    maxArgs: 1,
    async run(ctx, p) {
      const list = await l.list();
      const limit = flag<number>(p, 'limit') as number | undefined;
      let shown = 0;
      await list(p.args[0], {
        ...registryOptions(ctx),
        signal: ctx.signal,
        pageSize: flag<number>(p, 'page-size') as number | undefined,
        limit,
        onPage: (names) => {
          const take = limit === undefined ? names : names.slice(0, Math.max(0, limit - shown));
          shown += take.length;
          ctx.stdout.write(take.map((n) => `${n}\n`).join(''));
        },
      });
    },
  });
}
