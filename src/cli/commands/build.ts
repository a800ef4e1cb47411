// `build [OPTIONS] PATH`: builds an image from a Dockerfile, docker's classic-builder output.
import * as path from 'node:path';
import { LadingError } from '../../engine/errors';
import { bool, str, strs } from '../format/flags';
import { ProgressRenderer } from '../progress/renderer';
import { register } from './index';
import { registryOptions } from './registry-options';

function pairs(list: string[], what: string, env?: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq === 0) throw new LadingError(`invalid ${what} "${item}": the name is empty`);
    if (eq > 0) out[item.slice(0, eq)] = item.slice(eq + 1);
    else if (env) {
      // `--build-arg NAME` takes the value from the environment, and is left out when unset.
      if (env[item] !== undefined) out[item] = env[item] as string;
    } else out[item] = '';
  }
  return out;
}

register({
  name: 'build',
  aliases: ['image build', 'builder build'],
  usage: '[OPTIONS] PATH',
  description: 'Build an image from a Dockerfile (no RUN: there is no container runtime)',
  flags: [
    { name: 'tag', short: 't', type: 'strings', description: 'Name and optionally a tag in the "name:tag" format', valueName: 'list' },
    { name: 'file', short: 'f', type: 'string', description: 'Name of the Dockerfile (default: "PATH/Dockerfile")', valueName: 'string' },
    { name: 'build-arg', type: 'strings', description: 'Set build-time variables', valueName: 'list' },
    { name: 'target', type: 'string', description: 'Set the target build stage to build', valueName: 'string' },
    { name: 'platform', type: 'string', description: 'Set platform if server is multi-platform capable', valueName: 'string' },
    { name: 'label', type: 'strings', description: 'Set metadata for an image', valueName: 'list' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Suppress the build output and print image ID on success' },
    { name: 'pull', type: 'bool', description: 'Always attempt to pull a newer version of the image' },
    { name: 'no-cache', type: 'bool', description: 'Accepted for compatibility: lading build keeps no build cache' },
  ],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, p) {
    const { buildImage } = await import('../../engine/ops/build');
    const { shortId } = await import('../../engine/store/images');
    const { familiarString, parseReference } = await import('../../engine/reference/reference');
    const quiet = bool(p, 'quiet');
    const renderer = new ProgressRenderer(ctx.stdout);
    const contextDir = p.args[0];
    if (contextDir === '-' || /^[a-z]+:\/\//i.test(contextDir)) throw new LadingError('lading build takes a local folder as its context');
    const file = str(p, 'file');
    const result = await buildImage(
      await ctx.store(),
      {
        ...registryOptions(ctx),
        context: contextDir,
        file: file === undefined ? undefined : file === '-' ? undefined : path.resolve(file),
        dockerfileText: file === '-' ? await readAll(ctx.stdin) : undefined,
        tags: strs(p, 'tag'),
        buildArgs: pairs(strs(p, 'build-arg'), 'build-arg', ctx.env),
        target: str(p, 'target'),
        platform: str(p, 'platform'),
        labels: pairs(strs(p, 'label'), 'label'),
        pull: bool(p, 'pull'),
      },
      { signal: ctx.signal, onProgress: quiet ? undefined : renderer.handle },
    );
    if (quiet) {
      ctx.stdout.write(`${result.id}\n`);
      return;
    }
    ctx.stdout.write(`Successfully built ${shortId(result.id)}\n`);
    for (const t of result.tags) ctx.stdout.write(`Successfully tagged ${familiarString(parseReference(t))}\n`);
  },
});

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
