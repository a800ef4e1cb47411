import { register } from './index';

declare const LADING_VERSION: string | undefined;

register({
  name: 'version',
  usage: '',
  description: 'Show the Lading version information',
  flags: [],
  maxArgs: 0,
  async run(ctx) {
    const version = typeof LADING_VERSION === 'string' ? LADING_VERSION : 'dev';
    ctx.stdout.write(`Lading version ${version}\nNode ${process.version} ${process.platform}/${process.arch}\n`);
  },
});
