// `image diff IMAGE1 IMAGE2`: what changed from the first image to the second, config then files,
// in container-diff's sections; `--format json` gives the whole result.
import { LadingError } from '../../engine/errors';
import { renderImageDiff } from '../../engine/format/image-diff-report';
import { diffImages } from '../../engine/ops/image-diff';
import { str } from '../format/flags';
import { register } from './index';

register({
  name: 'image diff',
  usage: '[OPTIONS] IMAGE1 IMAGE2',
  description: "Show how two images' configs and file systems differ",
  flags: [{ name: 'format', type: 'string', description: "Format output: 'text' (default) or 'json' (the whole result)", valueName: 'string' }],
  minArgs: 2,
  maxArgs: 2,
  async run(ctx, p) {
    const format = str(p, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new LadingError(`unsupported format "${format}": use "text" or "json"`);
    const d = await diffImages(await ctx.store(), p.args[0], p.args[1], { signal: ctx.signal });
    ctx.stdout.write(format === 'json' ? `${JSON.stringify(d)}\n` : renderImageDiff(d));
    return 0;
  },
});
