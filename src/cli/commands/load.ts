import { createReadStream, promises as fsp } from 'node:fs';
import { Readable } from 'node:stream';
import { LadingError } from '../../engine/errors';
import { familiarString, parseReference } from '../../engine/reference/reference';
import { flag } from '../command';
import { register } from './index';

register({
  name: 'load',
  aliases: ['image load'],
  usage: '[OPTIONS]',
  description: 'Load an image from a tar archive or STDIN',
  flags: [
    { name: 'input', short: 'i', type: 'string', description: 'Read from tar archive file, instead of STDIN', valueName: 'string' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Suppress the load output' },
  ],
  maxArgs: 0,
  async run(ctx, parsed) {
    const { load } = await import('../../engine/ops/load');
    const input = (flag<string>(parsed, 'input') as string | undefined);
    let source: Readable;
    if (input !== undefined) {
      const st = await fsp.stat(input).catch(() => undefined);
      if (!st) throw new LadingError(`open ${input}: no such file or directory`);
      if (st.isDirectory()) throw new LadingError(`${input} is a directory, not an archive`);
      source = createReadStream(input, { highWaterMark: 1 << 20 });
    } else {
      if (ctx.stdin.isTTY) throw new LadingError('requested load from stdin, but stdin is empty');
      source = ctx.stdin;
    }
    const store = await ctx.store();
    const result = await load(store, source, { signal: ctx.signal }).catch((e: unknown) => {
      if (input === undefined && e instanceof LadingError && / is empty$/.test(e.message)) throw new LadingError('requested load from stdin, but stdin is empty');
      throw e;
    });
    if (flag<boolean>(parsed, 'quiet')) return;
    for (const m of result.moved) {
      ctx.stdout.write(`The image ${familiarString(parseReference(m.name))} already exists, renaming the old one with ID ${m.previousId} to empty string\n`);
    }
    for (const img of result.images) {
      if (img.names.length === 0) ctx.stdout.write(`Loaded image ID: ${img.id}\n`);
      for (const n of img.names) ctx.stdout.write(`Loaded image: ${familiarString(parseReference(n))}\n`);
    }
  },
});
