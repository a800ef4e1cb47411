// Registry settings for engine calls: the engine's own configuration (config.json, docker's
// daemon.json) plus the VS Code settings, and credentials from SecretStorage first, then docker's
// and podman's files (the engine falls back to those itself).
import * as vscode from 'vscode';
import { loadConfig } from '../engine/config/config';
import { Credential } from '../engine/registry/credential-types';
import { RegistryOptions } from '../engine/registry/connector';
import { readSettings } from './config';

const SECRET_PREFIX = 'lading.credential:';

export class CredentialSecrets {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(registry: string): Promise<Credential | undefined> {
    const raw = await this.secrets.get(SECRET_PREFIX + registry);
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as Credential;
    } catch {
      return undefined;
    }
  }

  async set(registry: string, cred: Credential): Promise<void> {
    await this.secrets.store(SECRET_PREFIX + registry, JSON.stringify(cred));
  }

  async delete(registry: string): Promise<boolean> {
    const had = (await this.secrets.get(SECRET_PREFIX + registry)) !== undefined;
    await this.secrets.delete(SECRET_PREFIX + registry);
    return had;
  }
}

export async function registryOptions(secrets: CredentialSecrets, log?: (line: string) => void): Promise<RegistryOptions> {
  const base = await loadConfig();
  const s = readSettings();
  const unique = (xs: string[]) => [...new Set(xs.filter(Boolean))];
  const userSet = (key: string) => vscode.workspace.getConfiguration('lading').inspect(key)?.globalValue !== undefined;
  return {
    config: {
      ...base,
      registryMirrors: unique([...s.registryMirrors, ...base.registryMirrors]),
      insecureRegistries: unique([...s.insecureRegistries, ...base.insecureRegistries]),
      // A limit the user set in VS Code wins; otherwise the config files' (or docker's default).
      maxConcurrentDownloads: userSet('maxConcurrentDownloads') ? s.maxConcurrentDownloads : base.maxConcurrentDownloads,
      maxConcurrentUploads: userSet('maxConcurrentUploads') ? s.maxConcurrentUploads : base.maxConcurrentUploads,
    },
    credentials: (registry) => secrets.get(registry),
    debug: log,
  };
}
