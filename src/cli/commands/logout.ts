import { register } from './index';
import { registryOptions } from './registry-options';

register({
  name: 'logout',
  usage: '[SERVER]',
  description: 'Log out from a registry',
  flags: [],
  maxArgs: 1,
  async run(ctx, p) {
    const { logout } = await import('../../engine/ops/login');
    const res = await logout(p.args[0], registryOptions(ctx));
    if (!res.removed) ctx.stdout.write(`Not logged in to ${res.server}\n`);
    else ctx.stdout.write(`Removing login credentials for ${res.server}\n`);
  },
});
