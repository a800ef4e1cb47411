// `rmi` / `image rm`: untag and delete images with docker's rules; one error per failed argument.
import { removeImages } from '../../engine/ops/remove';
import { bool } from '../format/flags';
import { register } from './index';

register({
  name: 'rmi',
  aliases: ['image rm', 'image remove'],
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  description: 'Remove one or more images',
  flags: [
    { name: 'force', short: 'f', type: 'bool', description: 'Force removal of the image' },
    { name: 'no-prune', type: 'bool', description: 'Do not delete the blobs of removed images' },
  ],
  minArgs: 1,
  async run(ctx, p) {
    const r = await removeImages(await ctx.store(), p.args, { force: bool(p, 'force'), noPrune: bool(p, 'no-prune') }, { signal: ctx.signal });
    let failed = false;
    for (const res of r.results) {
      for (const item of res.items) ctx.stdout.write('untagged' in item ? `Untagged: ${item.untagged}\n` : `Deleted: ${item.deleted}\n`);
      if (res.error) {
        failed = true;
        ctx.stderr.write(`Error: ${res.error.message}\n`);
      }
    }
    return failed ? 1 : 0;
  },
});
