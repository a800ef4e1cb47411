// Lading's own settings (~/.config/lading/config.json) plus docker's `registry-mirrors` from
// /etc/docker/daemon.json, so a machine already set up for docker pulls through the same mirrors.
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LadingError } from '../errors';

export interface LadingConfig {
  /** Mirrors of Docker Hub tried in order before registry-1.docker.io (`https://mirror.example`). */
  registryMirrors: string[];
  /** Hosts (`host:port`) reached over plain HTTP or with unverified TLS. */
  insecureRegistries: string[];
  /** Extra CA certificates (PEM) trusted for registries. */
  caFile?: string;
  /** Layers transferred at the same time (docker's default is 3). */
  maxConcurrentTransfers: number;
}

export const DEFAULT_CONCURRENCY = 3;

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LADING_CONFIG) return path.resolve(env.LADING_CONFIG);
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'lading', 'config.json');
}

export function dockerDaemonConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.LADING_DOCKER_DAEMON_CONFIG || '/etc/docker/daemon.json';
}

async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    throw new LadingError(`${file} is not valid JSON`);
  }
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<LadingConfig> {
  const own = (await readJson(configPath(env))) ?? {};
  const daemon = (await readJson(dockerDaemonConfigPath(env)).catch(() => undefined)) ?? {};
  const n = Number(own.maxConcurrentTransfers);
  return {
    registryMirrors: [...strings(own.registryMirrors), ...strings(daemon['registry-mirrors'])],
    insecureRegistries: [...strings(own.insecureRegistries), ...strings(daemon['insecure-registries'])],
    caFile: typeof own.caFile === 'string' ? own.caFile : undefined,
    maxConcurrentTransfers: Number.isInteger(n) && n > 0 ? n : DEFAULT_CONCURRENCY,
  };
}
