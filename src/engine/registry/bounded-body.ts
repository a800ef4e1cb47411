// Reads the small bodies a registry client needs whole (manifests, tokens, tag and catalog pages,
// search results, error messages) with a ceiling: a registry or token server that sends
// gigabytes where kilobytes belong must not exhaust our memory. Layers and configs are streamed
// to disk with their digest checked instead, and never go through here.
import { LadingError } from '../errors';
import { networkErrorWhileReading } from './network-errors';
import { HttpResponse, header } from './transport';

type Body = HttpResponse['body'];

const MiB = 1024 * 1024;

/** docker's limit for manifests and manifest lists. */
export const MAX_MANIFEST_BYTES = 4 * MiB;
/**
 * Token server answers: a JWT is a few KiB; the largest seen in practice (cloud registries with
 * long scope claims) stay well under 100 KiB, so 1 MiB leaves room without trusting the server.
 */
export const MAX_TOKEN_BYTES = 1 * MiB;
/**
 * One page of `/v2/<name>/tags/list` or `/v2/_catalog`. Many registries ignore `?n=` and answer
 * every tag at once: 100 000 tags of ~60 bytes is 6 MiB, so 8 MiB, beyond which a listing is
 * rather a registry misbehaving than a repository anyone pages through.
 */
export const MAX_LISTING_PAGE_BYTES = 8 * MiB;
/** `/v1/search`: at most 100 results of a few hundred bytes each. */
export const MAX_SEARCH_BYTES = 1 * MiB;
/** Error bodies are read only for their message: the first 64 KiB hold any useful one. */
export const ERROR_PREFIX_BYTES = 64 * 1024;

/** `4 MiB`, `64 KiB`, `100 bytes`: how limits appear in messages. */
export function formatLimit(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function tooLarge(what: string, max: number): LadingError {
  return new LadingError(`${what} is larger than ${formatLimit(max)}`, 'ETOOLARGE');
}

/**
 * The whole body, or a one-line error as soon as it passes `max` bytes (at once when the
 * Content-Length already says so): the rest is never read, and the connection is dropped.
 * `what` names the body in messages: "the registry's tag list for busybox".
 */
export async function readBounded(body: Body, max: number, what: string, res?: Pick<HttpResponse, 'headers'>): Promise<Buffer> {
  const announced = res ? Number(header(res, 'content-length')) : NaN;
  if (announced > max) {
    body.destroy();
    throw tooLarge(what, max);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const c of body) {
      size += (c as Buffer).length;
      if (size > max) {
        body.destroy();
        throw tooLarge(what, max);
      }
      chunks.push(c as Buffer);
    }
  } catch (e) {
    throw networkErrorWhileReading(e, what);
  }
  return Buffer.concat(chunks);
}

/** A bounded body parsed as JSON; invalid JSON is a one-line error naming `what`. */
export async function readJsonBounded<T>(res: Pick<HttpResponse, 'headers' | 'body'>, max: number, what: string): Promise<T> {
  const data = await readBounded(res.body, max, what, res);
  try {
    return JSON.parse(data.toString('utf8')) as T;
  } catch {
    throw new LadingError(`${what} is not valid JSON`);
  }
}

/**
 * At most the first `max` bytes of a body, for an error message: never fails, and drops the
 * connection instead of reading on past the prefix.
 */
export async function readPrefix(body: Body, max = ERROR_PREFIX_BYTES): Promise<string> {
  if (body.bodyUsed) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const c of body) {
      const b = c as Buffer;
      chunks.push(b.subarray(0, max - size));
      size += b.length;
      if (size >= max) {
        body.destroy();
        break;
      }
    }
  } catch {
    // a body that broke off still gave us what arrived, which is all a message needs
  }
  return Buffer.concat(chunks).toString('utf8');
}
