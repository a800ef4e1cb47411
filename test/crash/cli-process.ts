// The CLI as a child process the crash tests can watch and stop part-way.
import { spawn, ChildProcess } from 'node:child_process';
import { CLI } from '../helpers/cli';

/** Starts the CLI against `store`, output discarded. */
export function start(args: string[], store: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env, LADING_STORE: store }, stdio: 'ignore' });
}

/** Polls `cond`; fails when `child` ends first or after `timeoutMs`. */
export async function until(what: string, cond: () => boolean, child?: ChildProcess, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (child && child.exitCode !== null) throw new Error(`the command ended (exit ${child.exitCode}) before ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** How the child ended. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** The pid of a process that has already exited (what a killed writer leaves in temp names). */
export async function deadPid(): Promise<number> {
  const p = spawn(process.execPath, ['-e', '0']);
  await exited(p);
  return p.pid as number;
}

/** SIGKILLs the child (when still running) and waits until it is gone. */
export async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = exited(child);
  child.kill('SIGKILL');
  await gone;
}
