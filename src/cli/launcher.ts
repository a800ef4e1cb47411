// The `lading` binary (dist/cli.js): loads the CLI bundle (dist/cli-main.js) through a V8 code
// cache, because compiling the ~0.9 MB bundle is most of the start-up time of a short command.
// Node 20 has no module compile cache, so this keeps one per bundle build and Node version under
// $XDG_CACHE_HOME/lading (else ~/.cache/lading). The cache is only an accelerator: any problem
// reading, using or writing it falls back to a plain compile, and V8 rejects stale or foreign data.
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

const bundle = path.join(__dirname, 'cli-main.js');

function cacheFile(source: string): string | undefined {
  if (process.env.LADING_NO_COMPILE_CACHE) return undefined;
  const base = process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : '');
  if (!base) return undefined;
  // One entry per installed bundle (the extension's and an npm install may both be in use) and
  // command: the cache holds the functions the run compiled, so `pull` gets pull's code, not
  // `version`'s. The name changes with the bundle text and the Node version: never stale.
  const key = `${entryPrefix()}${source.length.toString(36)}-${hash(source, 97)}-${process.version}-${process.arch}`;
  return path.join(base, 'lading', `${key}.v8cache`);
}

/** `cli-<bundle>-<command>-`: what names this bundle's entry for this command, whatever the build. */
function entryPrefix(): string {
  return `cli-${hash(bundle)}-${commandName()}-`;
}

/** The command word after the global flags, or `other`. */
function commandName(): string {
  const args = process.argv.slice(2);
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) i += args[i] === '--store' ? 2 : 1;
  return /^[a-z]{1,16}$/.test(args[i] ?? '') ? args[i] : 'other';
}

/** A cheap string hash (every `step`-th character): names cache files, guards nothing. */
function hash(s: string, step = 1): string {
  let h = 0;
  for (let i = 0; i < s.length; i += step) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36);
}

function load(): void {
  const source = fs.readFileSync(bundle, 'utf8');
  const file = cacheFile(source);
  let cachedData: Buffer | undefined;
  if (file) {
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(__dirname);
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, __dirname);
  mod.loaded = true;
  if (file && (!cachedData || script.cachedDataRejected)) {
    // Written once the command is done, so the cache also holds the functions it compiled.
    process.once('exit', () => saveCache(script, file));
  }
  (mod.exports as { start(): void }).start();
}

function saveCache(script: vm.Script, file: string): void {
  try {
    const data = script.createCachedData();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
    // This command's entries for earlier builds or Node versions are never read again.
    const mine = entryPrefix();
    for (const n of fs.readdirSync(path.dirname(file))) {
      if (n.startsWith(mine) && n.endsWith('.v8cache') && n !== path.basename(file)) fs.rmSync(path.join(path.dirname(file), n), { force: true });
    }
  } catch {
    // A read-only or full cache directory only costs speed.
  }
}

// Registry commands: undici parses HTTP with llhttp in WebAssembly. V8 compiles it with its
// baseline compiler (Liftoff), then recompiles the hot parser with TurboFan in the background;
// for a one-shot command that recompile costs more CPU than it saves (a body chunk is a single
// span for the parser). Changing a V8 flag also invalidates the code cache of Node's built-in
// modules loaded afterwards, so the ones these commands use are loaded first. The flags are the
// same on every run of a command, so this command's own code cache stays valid.
const REGISTRY_COMMANDS = new Set(['pull', 'push', 'login', 'search', 'tags', 'catalog']);
const BUILTINS_USED = ['stream', 'crypto', 'zlib', 'net', 'tls', 'http', 'http2', 'child_process', 'fs/promises', 'assert', 'diagnostics_channel', 'readline', 'string_decoder'];

function tuneForRegistryCommands(): void {
  if (!REGISTRY_COMMANDS.has(commandName())) return;
  try {
    for (const m of BUILTINS_USED) require(m);
    (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--liftoff-only');
  } catch {
    // Only speed depends on it.
  }
}

tuneForRegistryCommands();
load();
