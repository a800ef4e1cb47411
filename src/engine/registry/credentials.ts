// Credential lookup in docker's order: DOCKER_CONFIG (or ~/.docker)/config.json — credHelpers,
// credsStore, then inline `auths` — then REGISTRY_AUTH_FILE or ${XDG_RUNTIME_DIR}/containers/auth.json.
// Writes keep other keys of config.json intact and replace the file atomically with mode 0600.
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LadingError } from '../errors';
import { DEFAULT_REGISTRY } from '../reference/reference';
import { atomicWriteFile } from '../util/fsutil';
import { helperErase, helperGet, helperStore } from './credential-helper';
import { Credential, CredentialProvider } from './credential-types';
import { DOCKER_HUB_AUTH_KEY, normalizeRegistryName } from './hosts';

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

interface DockerConfigFile {
  auths?: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [key: string]: unknown;
}

export function dockerConfigFile(env: NodeJS.ProcessEnv): string {
  const dir = env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker');
  return path.join(dir, 'config.json');
}

export function containersAuthFile(env: NodeJS.ProcessEnv): string | undefined {
  if (env.REGISTRY_AUTH_FILE) return env.REGISTRY_AUTH_FILE;
  if (env.XDG_RUNTIME_DIR) return path.join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json');
  return undefined;
}

/** The server address docker uses as the key for a registry. */
export function credentialKey(registry: string): string {
  const r = normalizeRegistryName(registry);
  return r === DEFAULT_REGISTRY ? DOCKER_HUB_AUTH_KEY : r;
}

async function readConfig(file: string): Promise<DockerConfigFile> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch {
    return {};
  }
  try {
    return (JSON.parse(text) as DockerConfigFile) ?? {};
  } catch {
    throw new LadingError(`${file} is not valid JSON`);
  }
}

function decodeEntry(e: AuthEntry): Credential | undefined {
  if (e.identitytoken) return { identityToken: e.identitytoken, username: e.username };
  if (e.auth) {
    const raw = Buffer.from(e.auth, 'base64').toString('utf8');
    const colon = raw.indexOf(':');
    if (colon < 0) return undefined;
    return { username: raw.slice(0, colon), password: raw.slice(colon + 1) };
  }
  if (e.username && e.password) return { username: e.username, password: e.password };
  return undefined;
}

/** Finds the `auths` entry for a registry, accepting keys written with a scheme or path. */
function findEntry(auths: Record<string, AuthEntry> | undefined, registry: string): AuthEntry | undefined {
  if (!auths) return undefined;
  const want = normalizeRegistryName(registry);
  for (const [key, entry] of Object.entries(auths)) {
    if (normalizeRegistryName(key) === want) return entry;
  }
  return undefined;
}

function helperFor(cfg: DockerConfigFile, registry: string): string | undefined {
  const want = normalizeRegistryName(registry);
  for (const [key, helper] of Object.entries(cfg.credHelpers ?? {})) {
    if (normalizeRegistryName(key) === want) return helper;
  }
  return cfg.credsStore || undefined;
}

export class CredentialStore {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env, private readonly provider?: CredentialProvider) {}

  async get(registry: string): Promise<Credential | undefined> {
    const name = normalizeRegistryName(registry);
    if (this.provider) {
      const c = await this.provider(name);
      if (c) return c;
    }
    const cfg = await readConfig(dockerConfigFile(this.env));
    const helper = helperFor(cfg, name);
    if (helper) {
      const c = await helperGet(helper, credentialKey(name), this.env);
      if (c) return c;
    } else {
      const e = findEntry(cfg.auths, name);
      const c = e && decodeEntry(e);
      if (c) return c;
    }
    const podmanFile = containersAuthFile(this.env);
    if (podmanFile) {
      const podman = await readConfig(podmanFile);
      const e = findEntry(podman.auths, name);
      const c = e && decodeEntry(e);
      if (c) return c;
    }
    return undefined;
  }

  /** Stores with the configured helper, else base64 in config.json. Returns where it went. */
  async store(registry: string, cred: Credential): Promise<string> {
    const file = dockerConfigFile(this.env);
    const cfg = await readConfig(file);
    const key = credentialKey(registry);
    const helper = helperFor(cfg, registry);
    if (helper) {
      await helperStore(helper, key, cred, this.env);
      // docker keeps an empty marker so `docker login` listings still show the registry
      cfg.auths = { ...cfg.auths, [key]: {} };
    } else {
      const entry: AuthEntry = cred.identityToken
        ? { auth: '', identitytoken: cred.identityToken }
        : { auth: Buffer.from(`${cred.username ?? ''}:${cred.password ?? ''}`).toString('base64') };
      cfg.auths = { ...dropKeys(cfg.auths, registry), [key]: entry };
    }
    await writePrivateFile(file, `${JSON.stringify(cfg, null, '\t')}\n`);
    return helper ? `docker-credential-${helper}` : file;
  }

  /** Removes the credentials from the helper and config.json; false when none were stored. */
  async erase(registry: string): Promise<boolean> {
    const file = dockerConfigFile(this.env);
    const cfg = await readConfig(file);
    const key = credentialKey(registry);
    let removed = false;
    const helper = helperFor(cfg, registry);
    if (helper) removed = (await helperErase(helper, key, this.env)) || removed;
    if (findEntry(cfg.auths, registry)) {
      cfg.auths = dropKeys(cfg.auths, registry);
      await writePrivateFile(file, `${JSON.stringify(cfg, null, '\t')}\n`);
      removed = true;
    }
    return removed;
  }
}

function dropKeys(auths: Record<string, AuthEntry> | undefined, registry: string): Record<string, AuthEntry> {
  const want = normalizeRegistryName(registry);
  const out: Record<string, AuthEntry> = {};
  for (const [k, v] of Object.entries(auths ?? {})) if (normalizeRegistryName(k) !== want) out[k] = v;
  return out;
}

/** Atomic replace with mode 0600: the file holds secrets. */
function writePrivateFile(file: string, data: string): Promise<void> {
  return atomicWriteFile(file, data, { mode: 0o600, dirMode: 0o700 });
}
