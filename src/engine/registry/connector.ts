// Everything registry operations share for one run: settings, the HTTP transport, credentials,
// and one session per endpoint (Docker Hub mirrors first, then the registry itself).
import { LadingConfig, loadConfig } from '../config/config';
import { DEFAULT_REGISTRY } from '../reference/reference';
import { Credential, CredentialProvider } from './credential-types';
import { CredentialStore } from './credentials';
import { apiHost, normalizeRegistryName } from './hosts';
import { RegistrySession } from './session';
import { Transport, TransportOptions } from './transport';

export interface RegistryOptions {
  /** Environment for credential files and helpers (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Settings; loaded from the config files when absent. */
  config?: LadingConfig;
  /** Consulted before docker's and podman's credential files (VS Code SecretStorage). */
  credentials?: CredentialProvider;
  /** Receives one line per HTTP request (never headers or secrets). */
  debug?: (line: string) => void;
  /** Host name resolution (default: the system's); see TransportOptions.lookup. */
  lookup?: TransportOptions['lookup'];
}

export class RegistryConnector {
  private readonly sessions = new Map<string, RegistrySession>();

  private constructor(readonly config: LadingConfig, readonly transport: Transport, readonly credentials: CredentialStore) {}

  static async create(opts: RegistryOptions = {}): Promise<RegistryConnector> {
    const env = opts.env ?? process.env;
    const config = opts.config ?? (await loadConfig(env));
    const transport = new Transport({ insecureRegistries: config.insecureRegistries, caFile: config.caFile, debug: opts.debug, lookup: opts.lookup });
    return new RegistryConnector(config, transport, new CredentialStore(env, opts.credentials));
  }

  /** The session for the registry itself (pushes, logins, and the fallback of pulls). */
  session(registry: string, credential?: Credential, forLogin = false): RegistrySession {
    const name = normalizeRegistryName(registry);
    if (credential) return new RegistrySession(name, apiHost(name), this.transport, this.credentials, credential, forLogin);
    let s = this.sessions.get(name);
    if (!s) {
      s = new RegistrySession(name, apiHost(name), this.transport, this.credentials);
      this.sessions.set(name, s);
    }
    return s;
  }

  /** Pull endpoints in order: configured mirrors (Docker Hub only, as docker does), then upstream. */
  pullSessions(registry: string): RegistrySession[] {
    const name = normalizeRegistryName(registry);
    const out: RegistrySession[] = [];
    if (name === DEFAULT_REGISTRY) {
      for (const m of this.config.registryMirrors) {
        const key = `mirror ${m}`;
        let s = this.sessions.get(key);
        if (!s) {
          // A mirror gets the credentials stored for its own host, never Docker Hub's.
          s = new RegistrySession(normalizeRegistryName(m), m, this.transport, this.credentials);
          this.sessions.set(key, s);
        }
        out.push(s);
      }
    }
    out.push(this.session(name));
    return out;
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}
