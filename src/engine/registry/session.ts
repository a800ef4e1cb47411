// One authenticated conversation with one registry endpoint: pings /v2/ once to learn the
// challenge, attaches Basic or Bearer authorization for the scopes a request needs, and on a 401
// retries once with the scopes the registry asked for (a wider token).
import { Readable } from 'node:stream';
import { Challenge, parseWwwAuthenticate } from './challenge';
import { Credential } from './credential-types';
import { CredentialStore } from './credentials';
import { RetryableStatusError, isRetryableStatus, parseRetryAfter } from './retry';
import { TokenAuthority, basicAuthorization } from './token-auth';
import { Headers, HttpResponse, Transport, header } from './transport';

export interface SessionRequest {
  method: string;
  /** Path under the endpoint (`/v2/…`) or an absolute URL (upload locations). */
  path: string;
  scopes?: string[];
  headers?: Headers;
  /** A body factory, so the request can be re-sent after an auth retry. */
  body?: () => Buffer | string | Readable;
  signal?: AbortSignal;
  /** Turn 408/429/5xx into RetryableStatusError (default true). */
  retryableStatus?: boolean;
}

export function repositoryScope(repository: string, actions: string): string {
  return `repository:${repository}:${actions}`;
}

export class RegistrySession {
  private challengePromise?: Promise<Challenge | undefined>;
  private credentialPromise?: Promise<Credential | undefined>;
  private readonly tokens: TokenAuthority;

  /**
   * @param registry the registry's name for credentials (`docker.io`, `localhost:5000`)
   * @param endpoint host:port or base URL that serves the API (`registry-1.docker.io`, a mirror)
   */
  constructor(
    readonly registry: string,
    readonly endpoint: string,
    readonly transport: Transport,
    private readonly credentials: CredentialStore,
    private readonly fixedCredential?: Credential,
    oauthPassword = false,
  ) {
    this.tokens = new TokenAuthority(transport, () => this.credential(), oauthPassword);
  }

  /** The refresh token a login obtained, to store instead of the password (docker's identitytoken). */
  get refreshToken(): string | undefined {
    return this.tokens.refreshToken;
  }

  credential(): Promise<Credential | undefined> {
    if (this.fixedCredential) return Promise.resolve(this.fixedCredential);
    return (this.credentialPromise ??= this.credentials.get(this.registry));
  }

  baseUrl(signal?: AbortSignal): Promise<string> {
    return this.transport.baseUrl(this.endpoint, signal);
  }

  /** GET /v2/: the challenge, or undefined when the registry needs no authentication. */
  async ping(signal?: AbortSignal): Promise<{ status: number; challenge?: Challenge }> {
    const base = await this.baseUrl(signal);
    const res = await this.transport.request({ method: 'GET', url: `${base}/v2/`, signal });
    await res.body.dump();
    // A challenge counts only from the endpoint itself, not from a host /v2/ redirected to.
    const ownAnswer = new URL(res.url).host === new URL(base).host;
    const challenge = ownAnswer ? pickChallenge(parseWwwAuthenticate(res.headers['www-authenticate'])) : undefined;
    return { status: res.status, challenge: res.status === 401 ? challenge : undefined };
  }

  private challenge(signal?: AbortSignal): Promise<Challenge | undefined> {
    if (!this.challengePromise) {
      this.challengePromise = this.ping(signal).then((p) => p.challenge);
      this.challengePromise.catch(() => (this.challengePromise = undefined));
    }
    return this.challengePromise;
  }

  private async authorization(ch: Challenge | undefined, scopes: string[], signal?: AbortSignal, fresh = false): Promise<string | undefined> {
    if (!ch) return undefined;
    if (ch.scheme === 'basic') {
      const cred = await this.credential();
      return cred?.password !== undefined ? basicAuthorization(cred) : undefined;
    }
    if (ch.scheme === 'bearer') return `Bearer ${await this.tokens.token(ch, scopes, signal, fresh)}`;
    return undefined;
  }

  /** Sends an authenticated request; the caller reads or dumps the body. */
  async request(req: SessionRequest): Promise<HttpResponse> {
    const base = await this.baseUrl(req.signal);
    const url = /^https?:\/\//.test(req.path) ? req.path : `${base}${req.path}`;
    let ch = await this.challenge(req.signal);
    let scopes = req.scopes ?? [];
    let res: HttpResponse | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const headers: Headers = { ...req.headers };
      const auth = await this.authorization(ch, scopes, req.signal, attempt > 0);
      // Credentials go only to the registry's own endpoint, not to absolute URLs on other hosts.
      if (auth && new URL(url).host === new URL(base).host) headers.authorization = auth;
      res = await this.transport.request({ method: req.method, url, headers, body: req.body?.(), signal: req.signal });
      // Only the registry's own 401 may name a token server: one from storage it redirected to
      // (another host) would otherwise receive the registry's credentials.
      if (res.status !== 401 || attempt > 0 || new URL(res.url).host !== new URL(base).host) break;
      const fresh = pickChallenge(parseWwwAuthenticate(res.headers['www-authenticate']));
      if (!fresh) break;
      await res.body.dump();
      ch = fresh;
      this.challengePromise = Promise.resolve(fresh);
      // The registry names the scope it wants (e.g. pull,push): ask for that, once.
      if (fresh.params.scope) scopes = [...new Set([...scopes, ...fresh.params.scope.split(' ')])];
    }
    const final = res as HttpResponse;
    if ((req.retryableStatus ?? true) && isRetryableStatus(final.status)) {
      await final.body.dump();
      throw new RetryableStatusError(final.status, `${req.method} ${new URL(url).pathname}: HTTP ${final.status}`, parseRetryAfter(header(final, 'retry-after')));
    }
    return final;
  }
}

function pickChallenge(list: Challenge[]): Challenge | undefined {
  return list.find((c) => c.scheme === 'bearer') ?? list.find((c) => c.scheme === 'basic');
}
