import { LadingError } from '../../engine/errors';
import type { ArchiveLayout } from '../../engine/ops/save';
import { flag } from '../command';
import { register } from './index';

register({
  name: 'save',
  aliases: ['image save'],
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  description: 'Save one or more images to a tar archive (streamed to STDOUT by default)',
  flags: [
    { name: 'output', short: 'o', type: 'string', description: 'Write to a file, instead of STDOUT', valueName: 'string' },
    { name: 'format', type: 'string', description: 'Archive layout: "docker" (Docker 25+ and legacy readers) or "oci"', default: 'docker', valueName: 'string' },
    { name: 'gzip', type: 'bool', description: 'Compress the archive with gzip (implied by -o NAME.tar.gz or NAME.tgz)' },
  ],
  minArgs: 1,
  async run(ctx, parsed) {
    const { save } = await import('../../engine/ops/save');
    const output = (flag<string>(parsed, 'output') as string | undefined);
    const format = flag<string>(parsed, 'format');
    if (format !== 'docker' && format !== 'oci') throw new LadingError(`invalid --format "${format}": want "docker" or "oci"`);
    const gzip = flag<boolean>(parsed, 'gzip') || (output !== undefined && /\.(tar\.gz|tgz)$/i.test(output));
    if (output === undefined && ctx.stdout.isTTY) {
      throw new LadingError('cowardly refusing to save to a terminal. Use the -o flag or redirect');
    }
    const store = await ctx.store();
    const dest = output ?? ctx.binaryStdout ?? process.stdout;
    await save(store, parsed.args, dest, { format: format as ArchiveLayout, gzip, signal: ctx.signal });
  },
});

