// Retries with exponential backoff for what the best clients retry: 408, 429, 5xx, and dropped
// connections. Honour Retry-After (capped) so a rate-limited registry is not hammered.
import { CancelledError, LadingError, throwIfAborted } from '../errors';

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
}

/** Thrown for a response worth retrying; carries the server's suggested wait. */
export class RetryableStatusError extends LadingError {
  constructor(readonly status: number, message: string, readonly retryAfterMs?: number) {
    super(message, 'EHTTP');
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

const networkCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED', 'ERR_STREAM_PREMATURE_CLOSE']);

export function isNetworkError(e: unknown): boolean {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 4; depth++) {
    const code = (cur as NodeJS.ErrnoException).code;
    if (code && networkCodes.has(code)) return true;
    if ((cur as Error).message === 'terminated' || (cur as Error).name === 'SocketError') return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

export function isRetryable(e: unknown): boolean {
  return e instanceof RetryableStatusError || isNetworkError(e);
}

export function parseRetryAfter(v: string | string[] | undefined): number | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return undefined;
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : Math.max(0, t - Date.now());
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `fn` until it succeeds, fails with a non-retryable error, or attempts run out. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 4;
  const base = opts.baseDelayMs ?? 500;
  const max = opts.maxDelayMs ?? 10000;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(opts.signal);
    try {
      return await fn(attempt);
    } catch (e) {
      if (opts.signal?.aborted) throw new CancelledError();
      if (attempt >= attempts || !isRetryable(e)) throw e;
      const hinted = e instanceof RetryableStatusError ? e.retryAfterMs : undefined;
      await sleep(Math.min(max, hinted ?? base * 2 ** (attempt - 1)), opts.signal);
    }
  }
}
