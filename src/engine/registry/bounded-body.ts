// Reads a small response body (a manifest, a token, an error) with a ceiling: a registry or
// token server that sends gigabytes where kilobytes belong must not exhaust our memory.
import { LadingError } from '../errors';
import { HttpResponse } from './transport';

/** docker's limit for manifests and manifest lists. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Token responses and error bodies. */
export const MAX_SMALL_BODY_BYTES = 1024 * 1024;

export async function readBounded(body: HttpResponse['body'], max: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body) {
    size += (c as Buffer).length;
    if (size > max) {
      body.destroy();
      throw new LadingError(`${what} is larger than ${max} bytes`);
    }
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}
