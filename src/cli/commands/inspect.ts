// `image inspect IMAGE…`: a JSON array of docker's image objects, or `--format` per image.
import { LadingError } from '../../engine/errors';
import { inspectImages } from '../../engine/ops/inspect';
import { str } from '../format/flags';
import { compileTemplate } from '../format/template';
import { register } from './index';

register({
  name: 'inspect',
  aliases: ['image inspect'],
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  description: 'Display detailed information on one or more images',
  flags: [
    { name: 'format', short: 'f', type: 'string', description: "Format output using a custom template: 'json', or a Go template", valueName: 'string' },
    { name: 'type', type: 'string', description: 'Only "image" is supported', valueName: 'string', hidden: true },
  ],
  minArgs: 1,
  async run(ctx, p) {
    const type = str(p, 'type');
    if (type && type !== 'image') throw new LadingError(`"${type}" is not a valid value for --type`);
    const format = str(p, 'format');
    const template = format && format !== 'json' ? compileTemplate(format.replace(/\\t/g, '\t').replace(/\\n/g, '\n')) : undefined;
    const result = await inspectImages(await ctx.store(), p.args, { signal: ctx.signal });
    if (template) {
      for (const img of result.images) ctx.stdout.write(`${template.execute(img)}\n`);
    } else if (result.images.length || !result.errors.length) {
      ctx.stdout.write(`${JSON.stringify(result.images, null, 4)}\n`);
    } else {
      ctx.stdout.write('[]\n');
    }
    for (const e of result.errors) ctx.stderr.write(`Error: ${e.error.message}\n`);
    return result.errors.length ? 1 : 0;
  },
});
