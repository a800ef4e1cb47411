// docker's credential helper protocol: `docker-credential-<name> get|store|erase`, talking JSON
// over stdin/stdout. Secrets pass only through pipes, never through arguments or logs.
import { spawn } from 'node:child_process';
import { LadingError } from '../errors';
import { Credential } from './credential-types';

interface HelperResult {
  code: number;
  stdout: string;
  /** Never shown: helpers may print what they were given (secrets) or their own tokens there. */
  stderr: string;
}

function run(helper: string, action: string, input: string, env: NodeJS.ProcessEnv): Promise<HelperResult> {
  return new Promise((resolve, reject) => {
    const program = `docker-credential-${helper}`;
    const child = spawn(program, [action], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(new LadingError(e.code === 'ENOENT' ? `credential helper ${program} not found in PATH` : `credential helper ${program}: ${e.message}`));
    });
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** Helpers report a missing entry on either stream. */
function isNotFound(r: HelperResult): boolean {
  return /credentials not found/i.test(r.stdout) || /credentials not found/i.test(r.stderr);
}

export async function helperGet(helper: string, serverUrl: string, env: NodeJS.ProcessEnv): Promise<Credential | undefined> {
  const r = await run(helper, 'get', serverUrl, env);
  if (r.code !== 0) {
    if (isNotFound(r)) return undefined;
    throw new LadingError(`credential helper docker-credential-${helper} failed to get credentials for ${serverUrl}${reason(r.stdout)}`);
  }
  let v: { Username?: string; Secret?: string };
  try {
    v = JSON.parse(r.stdout) as typeof v;
  } catch {
    throw new LadingError(`credential helper docker-credential-${helper} returned invalid JSON`);
  }
  if (!v.Secret) return undefined;
  // docker's convention: the user name "<token>" marks an identity (refresh) token.
  if (v.Username === '<token>') return { identityToken: v.Secret };
  return { username: v.Username ?? '', password: v.Secret };
}

export async function helperStore(helper: string, serverUrl: string, cred: Credential, env: NodeJS.ProcessEnv): Promise<void> {
  const body = JSON.stringify({
    ServerURL: serverUrl,
    Username: cred.identityToken ? '<token>' : cred.username,
    Secret: cred.identityToken ?? cred.password,
  });
  const r = await run(helper, 'store', body, env);
  if (r.code !== 0) throw new LadingError(`credential helper docker-credential-${helper} failed to store credentials${reason(r.stdout, cred.identityToken ?? cred.password)}`);
}

export async function helperErase(helper: string, serverUrl: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const r = await run(helper, 'erase', serverUrl, env);
  if (r.code !== 0) {
    if (isNotFound(r)) return false;
    throw new LadingError(`credential helper docker-credential-${helper} failed to erase credentials${reason(r.stdout)}`);
  }
  return true;
}

/** The helper's own one-line reason (stdout, as docker reads it), with the secret masked should it be echoed. */
function reason(stdout: string, secret?: string): string {
  let line = stdout.trim().split('\n')[0] ?? '';
  if (secret) line = line.split(secret).join('****');
  return line ? `: ${line}` : '';
}
