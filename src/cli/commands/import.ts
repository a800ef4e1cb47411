// `import FILE|URL|- [REPOSITORY[:TAG]]`: a root file system tarball becomes an image.
import { str, strs } from '../format/flags';
import { register } from './index';

register({
  name: 'import',
  aliases: ['image import'],
  usage: '[OPTIONS] file|URL|- [REPOSITORY[:TAG]]',
  description: 'Import the contents from a tarball to create a filesystem image',
  flags: [
    { name: 'change', short: 'c', type: 'strings', description: 'Apply Dockerfile instruction to the created image', valueName: 'list' },
    { name: 'message', short: 'm', type: 'string', description: 'Set commit message for imported image', valueName: 'string' },
    { name: 'platform', type: 'string', description: 'Set platform (os/arch[/variant]); the host platform by default', valueName: 'string' },
  ],
  minArgs: 1,
  maxArgs: 2,
  async run(ctx, p) {
    const { importImage } = await import('../../engine/ops/import');
    const src = p.args[0];
    const result = await importImage(
      await ctx.store(),
      {
        source: src === '-' ? ctx.stdin : src,
        reference: p.args[1],
        changes: strs(p, 'change'),
        message: str(p, 'message'),
        platform: str(p, 'platform'),
      },
      { signal: ctx.signal },
    );
    ctx.stdout.write(`${result.id}\n`);
  },
});
