// What a CLI command is: a name, docker-compatible flags, and a run function over a context.
import { Readable } from 'node:stream';
import { Store } from '../engine/store/store';
import { FlagSpec, ParsedArgs } from './args';

export interface Output {
  write(s: string): void;
  readonly isTTY: boolean;
  /** Terminal width, when a terminal. */
  readonly columns?: number;
}

export interface CliContext {
  stdout: Output;
  stderr: Output;
  stdin: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Opens the store chosen by `--store` / `LADING_STORE` / the default location. */
  store(): Promise<Store>;
  /** Fires on Ctrl-C. */
  signal: AbortSignal;
  /** Raw binary output (save to stdout); defaults to process.stdout. */
  binaryStdout?: NodeJS.WritableStream;
}

export interface Command {
  /** Top-level name, e.g. `images`. */
  name: string;
  /** Other spellings: `image ls`, `image list`… (space separates group and subcommand). */
  aliases?: string[];
  /** Text after the name in usage, e.g. `[OPTIONS] IMAGE [IMAGE...]`. */
  usage: string;
  description: string;
  flags: FlagSpec[];
  minArgs?: number;
  maxArgs?: number;
  /** Returns the exit code (0 when undefined). */
  run(ctx: CliContext, parsed: ParsedArgs): Promise<number | void>;
}

/** Reads a flag typed by its spec. */
export function flag<T extends string | boolean | number | string[]>(p: ParsedArgs, name: string): T {
  return p.flags[name] as T;
}
