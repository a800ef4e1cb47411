// `login` / `logout`: check credentials against the registry, then store or erase them where
// docker keeps them (credential helper when configured, else config.json with mode 0600).
import { LadingError } from '../errors';
import { DEFAULT_REGISTRY } from '../reference/reference';
import { Credential } from '../registry/credential-types';
import { readPrefix } from '../registry/bounded-body';
import { credentialKey } from '../registry/credentials';
import { NetworkError } from '../registry/network-errors';
import { RegistryConnector, RegistryOptions } from '../registry/connector';
import { normalizeRegistryName } from '../registry/hosts';
import { describeRegistryError } from '../registry/registry-errors';
import { OpContext } from './context';

export interface LoginOptions extends OpContext, RegistryOptions {
  username: string;
  password: string;
  /** Check only; do not store (the extension keeps secrets in SecretStorage). */
  noStore?: boolean;
}

/** Verifies the credentials; returns where they were stored (a file or a helper name). */
export async function login(registry: string | undefined, opts: LoginOptions): Promise<{ registry: string; storedIn?: string; identityToken?: string }> {
  const name = normalizeRegistryName(registry || DEFAULT_REGISTRY);
  if (!opts.username) throw new LadingError('username is required');
  if (!opts.password) throw new LadingError('password is required');
  const { refreshToken } = await verifyCredential(name, { username: opts.username, password: opts.password }, opts);
  if (opts.noStore) return { registry: name, identityToken: refreshToken };
  // docker keeps the token server's refresh token instead of the password when it gets one
  const cred: Credential = refreshToken ? { username: opts.username, identityToken: refreshToken } : { username: opts.username, password: opts.password };
  const connector = await RegistryConnector.create(opts);
  try {
    return { registry: name, storedIn: await connector.credentials.store(name, cred) };
  } finally {
    await connector.close();
  }
}

/** Checks credentials against the registry; returns the refresh token an OAuth2 server issued. */
export async function verifyCredential(registry: string, cred: Credential, opts: RegistryOptions & OpContext = {}): Promise<{ refreshToken?: string }> {
  const connector = await RegistryConnector.create(opts);
  try {
    const session = connector.session(registry, cred, true);
    let res;
    try {
      res = await session.request({ method: 'GET', path: '/v2/', signal: opts.signal });
    } catch (e) {
      // An unreachable registry is no verdict on the credentials: keep its own code.
      if (e instanceof NetworkError) throw new LadingError(`login to ${registry} failed: ${e.message}`, e.code);
      if (e instanceof LadingError) throw new LadingError(`login to ${registry} failed: ${e.message}`, 'EAUTH');
      throw new LadingError(`login to ${registry} failed: ${(e as Error).message}`);
    }
    // /v2/ answers with a small JSON object: its body matters only as an error's message.
    if (res.status !== 200) throw new LadingError(`login to ${registry} failed: ${describeRegistryError(res.status, await readPrefix(res.body))}`, 'EAUTH');
    await res.body.dump();
    return { refreshToken: session.refreshToken };
  } finally {
    await connector.close();
  }
}

/** Removes stored credentials; returns the server address docker prints, and whether any existed. */
export async function logout(registry: string | undefined, opts: RegistryOptions = {}): Promise<{ server: string; removed: boolean }> {
  const name = normalizeRegistryName(registry || DEFAULT_REGISTRY);
  const connector = await RegistryConnector.create(opts);
  try {
    const removed = await connector.credentials.erase(name);
    return { server: credentialKey(name), removed };
  } finally {
    await connector.close();
  }
}
