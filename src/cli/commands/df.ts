// `system df`: TYPE TOTAL ACTIVE SIZE RECLAIMABLE; `-v` lists images with shared/unique sizes.
import { diskUsage } from '../../engine/ops/df';
import { imageRows } from '../../engine/ops/images';
import { humanSize } from '../../engine/format/units';
import { bool, str } from '../format/flags';
import { dfHeaders, dfImageContext, dfImageHeaders, reclaimableText } from '../format/contexts';
import { renderFormatted } from '../format/table';
import { struct } from '../format/template';
import { register } from './index';

const DEFAULT = 'table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}';
const VERBOSE_IMAGES = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}';

register({
  name: 'system df',
  usage: '[OPTIONS]',
  description: 'Show disk usage of the image store',
  flags: [
    { name: 'format', type: 'string', description: "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template", valueName: 'string' },
    { name: 'verbose', short: 'v', type: 'bool', description: 'Show detailed information on space usage' },
  ],
  maxArgs: 0,
  async run(ctx, p) {
    const du = await diskUsage(await ctx.store(), { signal: ctx.signal });
    const format = str(p, 'format');
    if (bool(p, 'verbose')) {
      const now = new Date();
      const rows = du.images.flatMap((u) => imageRows(u.image, false).map((r) => dfImageContext(u, r.repository, r.tag, now)));
      ctx.stdout.write('Images space usage:\n\n');
      ctx.stdout.write(renderFormatted({ format: format ?? VERBOSE_IMAGES, defaultFormat: VERBOSE_IMAGES, headers: dfImageHeaders }, rows));
      return;
    }
    const row = struct({
      Type: 'Images',
      TotalCount: String(du.images.length),
      Active: String(du.active),
      Size: humanSize(du.totalSize, 4),
      Reclaimable: reclaimableText(du.reclaimable, du.totalSize),
    });
    ctx.stdout.write(renderFormatted({ format, defaultFormat: DEFAULT, headers: dfHeaders }, [row]));
  },
});
