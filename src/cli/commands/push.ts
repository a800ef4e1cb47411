import { flag } from '../command';
import { ProgressRenderer } from '../progress/renderer';
import { register } from './index';
import { registryOptions } from './registry-options';

register({
  name: 'push',
  aliases: ['image push'],
  usage: '[OPTIONS] NAME[:TAG]',
  description: 'Upload an image to a registry',
  flags: [
    { name: 'all-tags', short: 'a', type: 'bool', description: 'Push all tags of an image to the repository' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Suppress verbose output' },
  ],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, p) {
    const { push } = await import('../../engine/ops/push');
    const store = await ctx.store();
    const quiet = flag<boolean>(p, 'quiet');
    const renderer = new ProgressRenderer(ctx.stdout);
    const res = await push(store, p.args[0], {
      ...registryOptions(ctx),
      signal: ctx.signal,
      allTags: flag<boolean>(p, 'all-tags'),
      chunkSize: Number(ctx.env.LADING_PUSH_CHUNK_SIZE) || undefined,
      onProgress: quiet ? undefined : renderer.handle,
    });
    if (quiet) for (const t of res.pushed) ctx.stdout.write(`${t.reference}\n`);
  },
});
