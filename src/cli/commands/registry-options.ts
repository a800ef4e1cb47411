// Registry settings every registry command passes to the engine: the environment for
// credential files and helpers, and request tracing under LADING_DEBUG (never secrets).
import { RegistryOptions } from '../../engine/registry/connector';
import { CliContext } from '../command';

export function registryOptions(ctx: CliContext): RegistryOptions {
  return {
    env: ctx.env,
    debug: ctx.env.LADING_DEBUG ? (line) => ctx.stderr.write(`DEBUG ${line}\n`) : undefined,
  };
}
