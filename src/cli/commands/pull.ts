import { flag } from '../command';
import { ProgressRenderer } from '../progress/renderer';
import { register } from './index';
import { registryOptions } from './registry-options';

register({
  name: 'pull',
  aliases: ['image pull'],
  usage: '[OPTIONS] NAME[:TAG|@DIGEST]',
  description: 'Download an image from a registry',
  flags: [
    { name: 'all-tags', short: 'a', type: 'bool', description: 'Download all tagged images in the repository' },
    { name: 'platform', type: 'string', description: 'Set platform if server is multi-platform capable', valueName: 'os/arch[/variant]' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Suppress verbose output' },
    { name: 'max-concurrent-downloads', type: 'int', description: 'Layers downloaded at the same time', valueName: 'N' },
  ],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, p) {
    const { pull } = await import('../../engine/ops/pull');
    const store = await ctx.store();
    const quiet = flag<boolean>(p, 'quiet');
    const renderer = new ProgressRenderer(ctx.stdout);
    const concurrency = (flag<number>(p, 'max-concurrent-downloads') as number | undefined);
    const res = await pull(store, p.args[0], {
      ...registryOptions(ctx),
      signal: ctx.signal,
      allTags: flag<boolean>(p, 'all-tags'),
      platform: (flag<string>(p, 'platform') as string | undefined),
      concurrency: concurrency && concurrency > 0 ? concurrency : undefined,
      onProgress: quiet ? undefined : renderer.handle,
    });
    if (quiet) for (const img of res.images) ctx.stdout.write(`${img.reference}\n`);
  },
});
