// Failures to reach a registry, worded as docker words them, on one line:
//   Get "https://nosuch.invalid/v2/": dial tcp: lookup nosuch.invalid: no such host
// instead of Node's and undici's own text ("getaddrinfo ENOTFOUND nosuch.invalid", "terminated").
// The original error stays the cause, so retries still recognise what is worth retrying.
import { LadingError } from '../errors';

export class NetworkError extends LadingError {
  constructor(message: string, override readonly cause: unknown) {
    super(message, 'ENETWORK');
  }
}

interface ErrorLike {
  code?: string;
  message?: string;
  cause?: unknown;
  errors?: unknown[];
}

/** The error, its causes, and the first of an AggregateError's (one per address tried). */
function* chain(e: unknown): Generator<ErrorLike> {
  let cur: unknown = e;
  for (let depth = 0; cur && typeof cur === 'object' && depth < 6; depth++) {
    const err = cur as ErrorLike;
    yield err;
    cur = err.cause ?? (Array.isArray(err.errors) ? err.errors[0] : undefined);
  }
}

const untrustedIssuer = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);

function firstLine(s: string | undefined): string {
  return (s ?? '').split('\n')[0].trim();
}

/** docker's words for one error code, or undefined when the code is not a network failure. */
function reasonFor(err: ErrorLike, url?: URL): string | undefined {
  const code = err.code ?? '';
  const at = url ? ` ${url.host}` : '';
  const name = url?.hostname ?? 'the registry host';
  switch (code) {
    case 'ENOTFOUND':
      return `dial tcp: lookup ${name}: no such host`;
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${name}: temporary failure in name resolution`;
    case 'ECONNREFUSED':
      return `dial tcp${at}: connect: connection refused`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `dial tcp${at}: i/o timeout`;
    case 'ENETUNREACH':
      return `dial tcp${at}: connect: network is unreachable`;
    case 'EHOSTUNREACH':
      return `dial tcp${at}: connect: no route to host`;
    case 'ECONNRESET':
      return 'read: connection reset by peer';
    case 'EPIPE':
      return 'write: broken pipe';
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return 'the server closed the connection';
    case 'UND_ERR_HEADERS_TIMEOUT':
      return 'timeout awaiting response headers';
    case 'UND_ERR_BODY_TIMEOUT':
      return 'timeout reading the response body';
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `tls: failed to verify certificate: x509: certificate is not valid for ${name}`;
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return 'http: server gave HTTP response to HTTPS client';
  }
  if (untrustedIssuer.has(code)) return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
  if (/^(CERT_|ERR_TLS_|ERR_SSL_)/.test(code) || code === 'EPROTO') return `tls: ${firstLine(err.message) || code}`;
  if (code.startsWith('UND_ERR_')) return firstLine(err.message) || code;
  return undefined;
}

/** The reason a request failed, in docker's words, or undefined when it is no network failure. */
export function networkReason(e: unknown, url?: URL): string | undefined {
  if (e instanceof LadingError) return undefined;
  for (const err of chain(e)) {
    const reason = reasonFor(err, url);
    if (reason) return reason;
  }
  return undefined;
}

/**
 * A failed request as one line, `Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect:
 * connection refused`, or the error unchanged when it is no network failure.
 * @param shownUrl the URL as it may appear in messages (without query strings)
 */
export function requestNetworkError(e: unknown, method: string, url: URL, shownUrl: string): unknown {
  const reason = networkReason(e, url);
  if (!reason) return e;
  const verb = method.charAt(0).toUpperCase() + method.slice(1).toLowerCase();
  return new NetworkError(`${verb} "${shownUrl}": ${reason}`, e);
}

/** A response body that broke off while `what` was being read, as one line. */
export function networkErrorWhileReading(e: unknown, what: string, url?: URL): unknown {
  if (e instanceof LadingError) return e;
  const reason = networkReason(e, url) ?? (isTerminated(e) ? 'the server closed the connection' : undefined);
  return reason ? new NetworkError(`reading ${what}: ${reason}`, e) : e;
}

/** undici ends a body that broke off with a bare "terminated", its cause saying why. */
function isTerminated(e: unknown): boolean {
  return (e as Error | undefined)?.message === 'terminated';
}
