// `tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]`
import { tagImage } from '../../engine/ops/tag';
import { register } from './index';

register({
  name: 'tag',
  aliases: ['image tag'],
  usage: 'SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  description: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
  flags: [],
  minArgs: 2,
  maxArgs: 2,
  async run(ctx, p) {
    await tagImage(await ctx.store(), { source: p.args[0], target: p.args[1] }, { signal: ctx.signal });
  },
});
