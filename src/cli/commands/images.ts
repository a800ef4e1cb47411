// `images` / `image ls`: REPOSITORY TAG IMAGE ID CREATED SIZE, docker's flags and formats.
import { imageRows, listImageSummaries } from '../../engine/ops/images';
import { bool, str, strs } from '../format/flags';
import { imageHeaders, imageRowContext } from '../format/contexts';
import { renderFormatted } from '../format/table';
import { register } from './index';

const DEFAULT = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}';
const WITH_DIGESTS = 'table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}';

register({
  name: 'images',
  aliases: ['image ls', 'image list'],
  usage: '[OPTIONS] [REPOSITORY[:TAG]]',
  description: 'List images',
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: 'Show all images (default hides dangling images)' },
    { name: 'digests', type: 'bool', description: 'Show digests' },
    { name: 'filter', short: 'f', type: 'strings', description: 'Filter output based on conditions provided (dangling, reference, before, since, label)', valueName: 'filter' },
    {
      name: 'format',
      type: 'string',
      description: "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template",
      valueName: 'string',
    },
    { name: 'no-trunc', type: 'bool', description: "Don't truncate output" },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only show image IDs' },
  ],
  maxArgs: 1,
  async run(ctx, p) {
    const filters = [...strs(p, 'filter')];
    if (p.args[0]) filters.push(`reference=${p.args[0]}`);
    const unreadable: string[] = [];
    const images = await listImageSummaries(await ctx.store(), { all: bool(p, 'all'), filters, onUnreadable: (d) => unreadable.push(d) }, { signal: ctx.signal });
    if (unreadable.length) {
      ctx.stderr.write(`WARNING: ${unreadable.length} image${unreadable.length === 1 ? '' : 's'} in the store cannot be read (damaged or missing blobs); run "lading system check"\n`);
    }
    const digests = bool(p, 'digests');
    const format = str(p, 'format');
    const quiet = bool(p, 'quiet');
    const spec = {
      // As docker: a custom --format wins over -q.
      format: quiet && (!format || format === 'table') ? '{{.ID}}' : format,
      defaultFormat: digests ? WITH_DIGESTS : DEFAULT,
      headers: imageHeaders,
    };
    const now = new Date();
    const rows = images.flatMap((img) => imageRows(img, digests || Boolean(format?.includes('.Digest'))));
    ctx.stdout.write(renderFormatted(spec, rows.map((r) => imageRowContext(r, { noTrunc: bool(p, 'no-trunc'), now }))));
  },
});
