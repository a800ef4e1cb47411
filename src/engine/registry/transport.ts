// HTTP for registries, over undici. TLS is verified (plus an optional CA file); plain HTTP and
// unverified TLS only for loopback hosts and configured insecure registries. Redirects are
// followed by hand so that Authorization never reaches another host (blob storage, CDNs).
import type { LookupFunction } from 'node:net';
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { Agent, request } from './undici-core';
import { CancelledError, LadingError } from '../errors';
import { isLoopbackHost, normalizeRegistryName } from './hosts';
import { requestNetworkError } from './network-errors';

export type Headers = Record<string, string>;

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Headers;
  body?: Buffer | string | Readable;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
  /** The URL that answered, after redirects. */
  url: string;
}

export interface TransportOptions {
  insecureRegistries?: string[];
  caFile?: string;
  /**
   * Resolves host names (default: the system's resolver), as /etc/hosts would: a registry's
   * name can be pointed at another address while TLS still checks the certificate for that name.
   */
  lookup?: LookupFunction;
  /** Receives one line per request (method, URL, status); never headers or bodies. */
  debug?: (line: string) => void;
}

export function header(res: Pick<HttpResponse, 'headers'>, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

const MAX_REDIRECTS = 10;

export class Transport {
  private readonly verified: Agent;
  private readonly unverified: Agent;
  private readonly insecure: Set<string>;
  private readonly schemes = new Map<string, Promise<string>>();

  constructor(private readonly opts: TransportOptions = {}) {
    let ca: string[] | undefined;
    if (opts.caFile) {
      try {
        ca = [...tls.rootCertificates, readFileSync(opts.caFile, 'utf8')];
      } catch (e) {
        throw new LadingError(`cannot read CA file ${opts.caFile}: ${(e as Error).message}`);
      }
    }
    const common = { keepAliveTimeout: 10000, connections: 16, pipelining: 1, bodyTimeout: 120000, headersTimeout: 60000 };
    const lookup = opts.lookup ? { lookup: opts.lookup } : {};
    this.verified = new Agent({ ...common, connect: { ca, rejectUnauthorized: true, ...lookup } });
    this.unverified = new Agent({ ...common, connect: { rejectUnauthorized: false, ...lookup } });
    this.insecure = new Set((opts.insecureRegistries ?? []).map(normalizeRegistryName));
  }

  /** Whether `host` may be reached without verified TLS. */
  mayBeInsecure(host: string): boolean {
    return isLoopbackHost(host) || this.insecure.has(normalizeRegistryName(host));
  }

  /**
   * `https://host` or, for loopback and insecure hosts that do not speak TLS, `http://host`
   * (docker's order: HTTPS first). Explicit URLs (mirrors) are kept as given.
   */
  baseUrl(hostOrUrl: string, signal?: AbortSignal): Promise<string> {
    if (/^https?:\/\//.test(hostOrUrl)) {
      const u = new URL(hostOrUrl);
      if (u.protocol === 'http:' && !this.mayBeInsecure(u.host)) {
        return Promise.reject(new LadingError(`refusing plain HTTP to ${u.host}: add it to insecureRegistries to allow it`));
      }
      return Promise.resolve(hostOrUrl.replace(/\/+$/, ''));
    }
    if (!this.mayBeInsecure(hostOrUrl)) return Promise.resolve(`https://${hostOrUrl}`);
    let p = this.schemes.get(hostOrUrl);
    if (!p) {
      p = this.probe(hostOrUrl, signal);
      this.schemes.set(hostOrUrl, p);
      p.catch(() => this.schemes.delete(hostOrUrl));
    }
    return p;
  }

  private async probe(host: string, signal?: AbortSignal): Promise<string> {
    try {
      const res = await this.once({ method: 'GET', url: `https://${host}/v2/`, signal });
      await res.body.dump();
      return `https://${host}`;
    } catch (e) {
      if (signal?.aborted) throw new CancelledError();
      return `http://${host}`;
    }
  }

  private dispatcherFor(url: URL): Agent {
    return url.protocol === 'https:' && this.mayBeInsecure(url.host) ? this.unverified : this.verified;
  }

  private async once(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    if (url.protocol === 'http:' && !this.mayBeInsecure(url.host)) {
      throw new LadingError(`refusing plain HTTP to ${url.host}: add it to insecureRegistries to allow it`);
    }
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body,
        signal: req.signal,
        dispatcher: this.dispatcherFor(url),
      });
    } catch (e) {
      if (req.signal?.aborted) throw new CancelledError();
      this.opts.debug?.(`${req.method} ${redactUrl(url)} -> ${((e as Error).message || String(e)).split('\n')[0]}`);
      throw requestNetworkError(e, req.method, url, redactUrl(url));
    }
    this.opts.debug?.(`${req.method} ${redactUrl(url)} -> ${res.statusCode}`);
    return { status: res.statusCode, headers: res.headers, body: res.body, url: url.toString() };
  }

  /** Sends a request, following redirects; Authorization is dropped once the host changes. */
  async request(req: HttpRequest): Promise<HttpResponse> {
    let current = { ...req, headers: { ...req.headers } };
    const origin = new URL(req.url);
    for (let hops = 0; ; hops++) {
      const res = await this.once(current);
      const location = header(res, 'location');
      if (![301, 302, 303, 307, 308].includes(res.status) || !location || current.method === 'POST' || current.method === 'PUT' || current.method === 'PATCH') {
        return res;
      }
      await res.body.dump();
      if (hops >= MAX_REDIRECTS) throw new LadingError(`too many redirects from ${redactUrl(origin)}`);
      const next = new URL(location, current.url);
      const headers = { ...current.headers };
      if (next.host !== origin.host || next.protocol !== origin.protocol) {
        for (const k of Object.keys(headers)) if (k.toLowerCase() === 'authorization') delete headers[k];
      }
      const method = res.status === 303 ? 'GET' : current.method;
      current = { ...current, url: next.toString(), headers, method };
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.verified.close(), this.unverified.close()]);
  }
}

/** URL for logs: without query strings (pre-signed storage URLs carry credentials there). */
export function redactUrl(u: URL): string {
  return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
}
