import { LadingError } from '../../engine/errors';
import { CliContext, flag } from '../command';
import { register } from './index';
import { registryOptions } from './registry-options';

async function readAll(ctx: CliContext): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of ctx.stdin) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function prompt(ctx: CliContext, question: string): Promise<string> {
  ctx.stdout.write(question);
  // A line from stdin; terminal echo control is out of scope for a pipe-friendly CLI.
  const line = await new Promise<string>((resolve) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        ctx.stdin.off('data', onData);
        ctx.stdin.pause();
        resolve(buf.slice(0, nl).replace(/\r$/, ''));
      }
    };
    ctx.stdin.on('data', onData);
    ctx.stdin.once('end', () => resolve(buf));
  });
  return line;
}

register({
  name: 'login',
  usage: '[OPTIONS] [SERVER]',
  description: 'Log in to a registry',
  flags: [
    { name: 'username', short: 'u', type: 'string', description: 'Username' },
    { name: 'password', short: 'p', type: 'string', description: 'Password' },
    { name: 'password-stdin', type: 'bool', description: 'Take the password from stdin' },
  ],
  maxArgs: 1,
  async run(ctx, p) {
    const { login } = await import('../../engine/ops/login');
    let username = (flag<string>(p, 'username') as string | undefined);
    let password = (flag<string>(p, 'password') as string | undefined);
    const fromStdin = flag<boolean>(p, 'password-stdin');
    if (password !== undefined) {
      ctx.stderr.write('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
      if (fromStdin) throw new LadingError('--password and --password-stdin are mutually exclusive');
    }
    if (fromStdin) {
      if (!username) throw new LadingError('Must provide --username with --password-stdin');
      password = await readAll(ctx);
    }
    if (!username) username = (await prompt(ctx, 'Username: ')).trim();
    if (!password) password = await prompt(ctx, 'Password: ');
    if (!username) throw new LadingError('Username is required');
    if (!password) throw new LadingError('Password is required');
    const res = await login(p.args[0], { ...registryOptions(ctx), signal: ctx.signal, username, password });
    if (res.storedIn?.endsWith('.json')) {
      ctx.stdout.write(`WARNING! Your password will be stored unencrypted in ${res.storedIn}.\nConfigure a credential helper to remove this warning.\n\n`);
    }
    ctx.stdout.write('Login Succeeded\n');
  },
});
