// The `lading` command line: docker's image commands over the Lading store, no daemon.
import { LadingError, isLadingError } from '../engine/errors';
import { Store, defaultStoreRoot } from '../engine/store/store';
import { FlagSpec, parseArgs } from './args';
import { CliContext, Command } from './command';
import { commands } from './commands/index';
import './all-commands';

const globalFlags: FlagSpec[] = [
  { name: 'store', type: 'string', description: 'Location of the image store', valueName: 'DIR' },
  { name: 'help', short: 'h', type: 'bool', description: 'Print usage' },
  { name: 'version', short: 'v', type: 'bool', description: 'Print version information and quit' },
];

function findCommand(words: string[]): { cmd: Command; used: number } | undefined {
  for (const c of commands) {
    for (const spelling of [c.name, ...(c.aliases ?? [])]) {
      const parts = spelling.split(' ');
      if (parts.every((p, i) => words[i] === p)) return { cmd: c, used: parts.length };
    }
  }
  return undefined;
}

function usageOf(cmd: Command, spelling = cmd.name): string {
  const lines = [`Usage:  lading ${spelling} ${cmd.usage}`.trimEnd(), '', cmd.description];
  if (cmd.aliases?.length) lines.push('', 'Aliases:', `  ${[cmd.name, ...cmd.aliases].join(', ')}`);
  const visible = cmd.flags.filter((f) => !f.hidden);
  if (visible.length) {
    lines.push('', 'Options:');
    for (const f of visible) {
      const names = `${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.type === 'bool' ? '' : ` ${f.valueName ?? f.type}`}`;
      lines.push(`  ${names.padEnd(28)} ${f.description}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// docker's management commands: `lading image` alone (or with --help) lists what is under it.
const GROUPS: Record<string, string> = { image: 'Manage images', system: 'Manage the image store', builder: 'Manage builds' };

function mainUsage(): string {
  const lines = ['Usage:  lading [OPTIONS] COMMAND', '', 'Container images without a daemon', '', 'Commands:'];
  for (const c of commands) lines.push(`  ${c.name.padEnd(12)} ${c.description}`);
  lines.push('', 'Management Commands:');
  for (const [g, d] of Object.entries(GROUPS).sort()) lines.push(`  ${g.padEnd(12)} ${d}`);
  lines.push('', 'Global Options:');
  for (const f of globalFlags) lines.push(`  ${`${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.type === 'bool' ? '' : ` ${f.valueName}`}`.padEnd(28)} ${f.description}`);
  lines.push('', "Run 'lading COMMAND --help' for more information on a command.");
  return `${lines.join('\n')}\n`;
}

function groupUsage(group: string): string | undefined {
  const rows: string[] = [];
  for (const c of commands) {
    const sub = [c.name, ...(c.aliases ?? [])].find((s) => s.startsWith(`${group} `));
    if (sub) rows.push(`  ${sub.slice(group.length + 1).padEnd(12)} ${c.description}`);
  }
  if (!rows.length) return undefined;
  rows.sort();
  return `${[`Usage:  lading ${group} COMMAND`, '', GROUPS[group] ?? '', '', 'Commands:', ...rows, '', `Run 'lading ${group} COMMAND --help' for more information on a command.`].join('\n')}\n`;
}

/** Runs one CLI invocation; returns the exit code. Used by the binary and by tests. */
export async function runCli(argv: string[], base: Omit<CliContext, 'store'> & { storeRoot?: string }): Promise<number> {
  // Global flags come before the command name.
  let i = 0;
  let storeRoot = base.storeRoot;
  while (i < argv.length && argv[i].startsWith('-')) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      base.stdout.write(mainUsage());
      return 0;
    }
    if (a === '--version' || a === '-v') return runCli(['version'], base);
    if (a === '--store') storeRoot = argv[++i];
    else if (a.startsWith('--store=')) storeRoot = a.slice('--store='.length);
    else {
      base.stderr.write(`unknown flag: ${a}\nSee 'lading --help'.\n`);
      return 125;
    }
    i++;
  }
  const words = argv.slice(i);
  if (words.length === 0) {
    base.stdout.write(mainUsage());
    return 0;
  }
  const found = findCommand(words);
  const group = !found && (words.length === 1 || ['-h', '--help'].includes(words[1])) ? groupUsage(words[0]) : undefined;
  if (group) {
    base.stdout.write(group);
    return 0;
  }
  if (!found) {
    base.stderr.write(`lading: '${words.join(' ')}' is not a lading command.\nSee 'lading --help'\n`);
    return 1;
  }
  const { cmd, used } = found;
  const spelling = words.slice(0, used).join(' ');
  const rest = words.slice(used);
  if (rest.includes('--help') || rest.includes('-h') && !cmd.flags.some((f) => f.short === 'h')) {
    base.stdout.write(usageOf(cmd, spelling));
    return 0;
  }
  let storePromise: Promise<Store> | undefined;
  const ctx: CliContext = {
    ...base,
    store: () => (storePromise ??= Store.open(storeRoot ?? defaultStoreRoot(base.env))),
  };
  try {
    const parsed = parseArgs(rest, cmd.flags);
    if (cmd.minArgs !== undefined && parsed.args.length < cmd.minArgs) {
      throw new LadingError(`"lading ${spelling}" requires ${cmd.maxArgs === cmd.minArgs ? 'exactly' : 'at least'} ${cmd.minArgs} argument${cmd.minArgs === 1 ? '' : 's'}.\nSee 'lading ${spelling} --help'.\n\n${usageOf(cmd, spelling).split('\n')[0]}`);
    }
    if (cmd.maxArgs !== undefined && parsed.args.length > cmd.maxArgs) {
      throw new LadingError(`"lading ${spelling}" accepts ${cmd.maxArgs === 0 ? 'no arguments' : `at most ${cmd.maxArgs} argument${cmd.maxArgs === 1 ? '' : 's'}`}.\nSee 'lading ${spelling} --help'.`);
    }
    return (await cmd.run(ctx, parsed)) ?? 0;
  } catch (e) {
    base.stderr.write(`Error: ${describeError(e)}\n`);
    if (base.env.LADING_DEBUG && e instanceof Error && e.stack) base.stderr.write(`${e.stack}\n`);
    return 1;
  }
}

/** One line for the user; bugs keep their message but never print a stack unless LADING_DEBUG. */
export function describeError(e: unknown): string {
  if (isLadingError(e)) return e.message;
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOSPC') return e.message;
    return e.message || String(e);
  }
  return String(e);
}

function output(stream: NodeJS.WriteStream) {
  return {
    write: (s: string) => void stream.write(s),
    get isTTY() {
      return Boolean(stream.isTTY);
    },
    get columns() {
      return stream.columns;
    },
  };
}

async function main(): Promise<void> {
  // A command whose work never settles must not look like a success when Node runs out of
  // things to do: the exit code stays 1 until the command has returned.
  process.exitCode = 1;
  // SIGINT and SIGTERM cancel the command, which removes what it had half-written; it then
  // exits with the shell's code for the signal (130, 143). A second signal exits at once.
  const ac = new AbortController();
  let stoppedWith: number | undefined;
  const stopOn = (code: number) => () => {
    if (stoppedWith !== undefined) process.exit(code);
    stoppedWith = code;
    ac.abort();
  };
  process.on('SIGINT', stopOn(130));
  process.on('SIGTERM', stopOn(143));
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  // An error thrown outside the command's promise (a library callback) is still one line.
  const fatal = (e: unknown) => {
    process.stderr.write(`Error: ${describeError(e)}\n`);
    if (process.env.LADING_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  const code = await runCli(process.argv.slice(2), {
    stdout: output(process.stdout),
    stderr: output(process.stderr),
    stdin: process.stdin,
    env: process.env,
    signal: ac.signal,
    binaryStdout: process.stdout,
  });
  process.exitCode = stoppedWith !== undefined && code !== 0 ? stoppedWith : code;
}

/** Runs the binary: called by the launcher (dist/cli.js), or directly when this is the main module. */
export function start(): void {
  main().catch((e) => {
    process.stderr.write(`Error: ${describeError(e)}\n`);
    process.exitCode = 1;
  });
}

if (require.main === module) start();
