// Lading's own settings (~/.config/lading/config.json) plus docker's `registry-mirrors`,
// `insecure-registries` and transfer limits from /etc/docker/daemon.json, so a machine already
// set up for docker pulls through the same mirrors with the same limits.
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
  /** Layers downloaded at the same time (docker's max-concurrent-downloads, default 3). */
  maxConcurrentDownloads: number;
  /** Layers uploaded at the same time (docker's max-concurrent-uploads, default 5). */
  maxConcurrentUploads: number;
}

export const DEFAULT_DOWNLOADS = 3;
export const DEFAULT_UPLOADS = 5;

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
  // Our own file first, then docker's daemon.json keys of the same meaning, then docker's defaults.
  const count = (ours: unknown, docker: unknown, fallback: number) => {
    for (const v of [ours, docker]) if (Number.isInteger(v) && (v as number) > 0) return v as number;
    return fallback;
  };
  return {
    registryMirrors: [...strings(own.registryMirrors), ...strings(daemon['registry-mirrors'])],
    insecureRegistries: [...strings(own.insecureRegistries), ...strings(daemon['insecure-registries'])],
    caFile: typeof own.caFile === 'string' ? own.caFile : undefined,
    maxConcurrentDownloads: count(own.maxConcurrentDownloads, daemon['max-concurrent-downloads'], DEFAULT_DOWNLOADS),
    maxConcurrentUploads: count(own.maxConcurrentUploads, daemon['max-concurrent-uploads'], DEFAULT_UPLOADS),
  };
}
