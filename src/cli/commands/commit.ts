// `commit IMAGE FOLDER|TAR [REPOSITORY[:TAG]]`: adds a folder or tar as a new layer on IMAGE.
import { str, strs } from '../format/flags';
import { register } from './index';

register({
  name: 'commit',
  aliases: ['image commit'],
  usage: '[OPTIONS] IMAGE FOLDER|TAR|- [REPOSITORY[:TAG]]',
  description: 'Create a new image: IMAGE plus a folder or tar archive as its new top layer',
  flags: [
    { name: 'author', short: 'a', type: 'string', description: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")', valueName: 'string' },
    { name: 'change', short: 'c', type: 'strings', description: 'Apply Dockerfile instruction to the created image', valueName: 'list' },
    { name: 'message', short: 'm', type: 'string', description: 'Commit message', valueName: 'string' },
  ],
  minArgs: 2,
  maxArgs: 3,
  async run(ctx, p) {
    const { commitImage } = await import('../../engine/ops/commit');
    const src = p.args[1];
    const result = await commitImage(
      await ctx.store(),
      {
        image: p.args[0],
        source: src === '-' ? ctx.stdin : src,
        reference: p.args[2],
        changes: strs(p, 'change'),
        message: str(p, 'message'),
        author: str(p, 'author'),
      },
      { signal: ctx.signal },
    );
    ctx.stdout.write(`${result.id}\n`);
  },
});
