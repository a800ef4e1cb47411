// Bearer tokens from a registry's token server (docker's token spec and its OAuth2 variant).
// GET realm?service=&scope= with Basic credentials when known; POST grant_type=refresh_token
// when an identity token is known. Tokens are cached per scope set until they expire.
import { LadingError } from '../errors';
import { MAX_TOKEN_BYTES, readBounded, readPrefix } from './bounded-body';
import { Challenge } from './challenge';
import { Credential } from './credential-types';
import { describeRegistryError, RegistryError } from './registry-errors';
import { Transport, header } from './transport';

interface TokenResponse {
  token?: string;
  access_token?: string;
  expires_in?: number;
  refresh_token?: string;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

export function basicAuthorization(cred: Credential): string {
  return `Basic ${Buffer.from(`${cred.username ?? ''}:${cred.password ?? ''}`).toString('base64')}`;
}

export class TokenAuthority {
  private readonly cache = new Map<string, Promise<CachedToken>>();

  /** A refresh token the token server handed out during an OAuth2 password grant (login). */
  refreshToken?: string;

  /**
   * @param oauthPassword use docker login's OAuth2 password grant (POST, access_type=offline),
   *   falling back to GET when the token server does not speak OAuth2 (404/405)
   */
  constructor(
    private readonly transport: Transport,
    private readonly credential: () => Promise<Credential | undefined>,
    private readonly oauthPassword = false,
  ) {}

  private key(ch: Challenge, scopes: string[]): string {
    return `${ch.params.realm} ${ch.params.service ?? ''} ${[...new Set(scopes)].sort().join(' ')}`;
  }

  /** A token for these scopes; `fresh` bypasses the cache (after a 401). */
  async token(ch: Challenge, scopes: string[], signal?: AbortSignal, fresh = false): Promise<string> {
    const key = this.key(ch, scopes);
    const hit = this.cache.get(key);
    if (hit && !fresh) {
      const t = await hit.catch(() => undefined);
      if (t && t.expiresAt > Date.now() + 5000) return t.token;
    }
    const p = this.fetch(ch, scopes, signal);
    this.cache.set(key, p);
    p.catch(() => this.cache.delete(key));
    return (await p).token;
  }

  private async fetch(ch: Challenge, scopes: string[], signal?: AbortSignal): Promise<CachedToken> {
    const realm = ch.params.realm;
    if (!realm) throw new LadingError('the registry asked for a bearer token but named no token server (realm)');
    let realmUrl: URL;
    try {
      realmUrl = new URL(realm);
    } catch {
      throw new LadingError(`invalid token server address in the registry's challenge: ${realm}`);
    }
    const cred = await this.credential();
    const uniqueScopes = [...new Set(scopes)];
    const started = Date.now();
    let res;
    const post = (form: URLSearchParams) => {
      if (ch.params.service) form.set('service', ch.params.service);
      if (uniqueScopes.length) form.set('scope', uniqueScopes.join(' '));
      return this.transport.request({
        method: 'POST',
        url: realmUrl.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal,
      });
    };
    if (cred?.identityToken) {
      res = await post(new URLSearchParams({ grant_type: 'refresh_token', refresh_token: cred.identityToken, client_id: 'lading' }));
    } else if (this.oauthPassword && cred?.username && cred.password !== undefined) {
      res = await post(new URLSearchParams({ grant_type: 'password', username: cred.username, password: cred.password, client_id: 'lading', access_type: 'offline' }));
      if (res.status === 404 || res.status === 405) {
        await res.body.dump();
        res = undefined;
      }
    }
    if (!res) {
      if (ch.params.service) realmUrl.searchParams.set('service', ch.params.service);
      for (const s of uniqueScopes) realmUrl.searchParams.append('scope', s);
      const headers: Record<string, string> = {};
      if (cred?.username !== undefined && cred.password !== undefined) {
        realmUrl.searchParams.set('account', cred.username);
        headers.authorization = basicAuthorization(cred);
      }
      res = await this.transport.request({ method: 'GET', url: realmUrl.toString(), headers, signal });
    }
    if (res.status !== 200) {
      const why = describeRegistryError(res.status, await readPrefix(res.body));
      if (res.status === 401 || res.status === 403) throw new RegistryError(res.status, why.startsWith('unauthorized') || why.startsWith('denied') ? why : `unauthorized: ${why}`);
      throw new RegistryError(res.status, `token server ${realmUrl.host}: ${why}`);
    }
    const text = (await readBounded(res.body, MAX_TOKEN_BYTES, `the answer of token server ${realmUrl.host}`, res)).toString('utf8');
    let body: TokenResponse;
    try {
      body = JSON.parse(text) as TokenResponse;
    } catch {
      throw new LadingError(`token server ${realmUrl.host} returned invalid JSON (${header(res, 'content-type') ?? 'no content type'})`);
    }
    const token = body?.token ?? body?.access_token;
    if (!token) throw new LadingError(`token server ${realmUrl.host} returned no token`);
    if (body?.refresh_token) this.refreshToken = body.refresh_token;
    const lifetime = (body?.expires_in && body.expires_in > 0 ? body.expires_in : 60) * 1000;
    return { token, expiresAt: started + lifetime };
  }
}
