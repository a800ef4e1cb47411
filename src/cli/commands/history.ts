// `history IMAGE`: IMAGE CREATED CREATED BY SIZE COMMENT, newest first.
import { imageHistory } from '../../engine/ops/history';
import { bool, str } from '../format/flags';
import { historyHeaders, historyRowContext } from '../format/contexts';
import { renderFormatted } from '../format/table';
import { register } from './index';

const DEFAULT = 'table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';

register({
  name: 'history',
  aliases: ['image history'],
  usage: '[OPTIONS] IMAGE',
  description: 'Show the history of an image',
  flags: [
    { name: 'format', type: 'string', description: "Format output using a custom template: 'table', 'table TEMPLATE', 'json', or a Go template", valueName: 'string' },
    { name: 'human', short: 'H', type: 'bool', default: true, description: 'Print sizes and dates in human readable format' },
    { name: 'no-trunc', type: 'bool', description: "Don't truncate output" },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only show image IDs' },
  ],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, p) {
    const rows = await imageHistory(await ctx.store(), p.args[0], { signal: ctx.signal });
    const now = new Date();
    const opts = { noTrunc: bool(p, 'no-trunc'), human: bool(p, 'human'), now };
    const format = str(p, 'format');
    const spec = { format: bool(p, 'quiet') && (!format || format === 'table') ? '{{.ID}}' : format, defaultFormat: DEFAULT, headers: historyHeaders };
    ctx.stdout.write(renderFormatted(spec, rows.map((r) => historyRowContext(r, opts))));
  },
});
