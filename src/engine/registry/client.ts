// Distribution API calls for one repository: manifests, blobs, uploads, tags.
import { Readable } from 'node:stream';
import { LadingError } from '../errors';
import { MediaType } from '../image/types';
import { sha256Digest } from '../store/blobs';
import { MAX_LISTING_PAGE_BYTES, MAX_MANIFEST_BYTES, readBounded, readJsonBounded, readPrefix } from './bounded-body';
import { parseNextLink } from './paging';
import { RegistryError, describeRegistryError } from './registry-errors';
import { RegistrySession, repositoryScope } from './session';
import { HttpResponse, header } from './transport';

export const MANIFEST_ACCEPT = [MediaType.ociIndex, MediaType.dockerManifestList, MediaType.ociManifest, MediaType.dockerManifest].join(', ');

export interface FetchedManifest {
  data: Buffer;
  mediaType: string;
  digest: string;
}

export interface BlobDownload {
  /** 206 when the Range was honoured. */
  status: number;
  body: HttpResponse['body'];
  /** Bytes skipped at the start (the Range offset that was honoured). */
  offset: number;
}

export async function failure(res: HttpResponse, what: string): Promise<never> {
  // Only a prefix: the message is at the start, and a huge error body must not be buffered.
  const text = await readPrefix(res.body);
  throw new RegistryError(res.status, `${what}: ${describeRegistryError(res.status, text)}`);
}

export class RepositoryClient {
  constructor(readonly session: RegistrySession, readonly repository: string, private readonly actions: 'pull' | 'pull,push' = 'pull') {}

  private get scopes(): string[] {
    return [repositoryScope(this.repository, this.actions)];
  }

  private path(rest: string): string {
    return `/v2/${this.repository}/${rest}`;
  }

  async getManifest(reference: string, signal?: AbortSignal): Promise<FetchedManifest> {
    const res = await this.session.request({ method: 'GET', path: this.path(`manifests/${reference}`), scopes: this.scopes, headers: { accept: MANIFEST_ACCEPT }, signal });
    if (res.status !== 200) {
      if (res.status === 404) {
        await res.body.dump();
        throw new RegistryError(404, `manifest for ${this.session.registry}/${this.repository}:${reference} not found: manifest unknown`);
      }
      await failure(res, `${this.session.registry}/${this.repository}:${reference}`);
    }
    const data = await readBounded(res.body, MAX_MANIFEST_BYTES, `the manifest of ${this.repository}:${reference}`, res);
    const digest = sha256Digest(data);
    if (reference.startsWith('sha256:') && reference !== digest) {
      throw new LadingError(`manifest digest mismatch: asked for ${reference}, got ${digest}`, 'EDIGEST');
    }
    // By tag there is nothing to check against but the digest the registry announces (as docker).
    const announced = header(res, 'docker-content-digest');
    if (announced?.startsWith('sha256:') && announced !== digest) {
      throw new LadingError(`manifest digest mismatch for ${this.repository}:${reference}: the registry announced ${announced}, the content is ${digest}`, 'EDIGEST');
    }
    let mediaType: string | undefined;
    try {
      mediaType = (JSON.parse(data.toString('utf8')) as { mediaType?: string }).mediaType;
    } catch {
      throw new LadingError(`the manifest of ${this.repository}:${reference} is not valid JSON`);
    }
    // Some clients push manifests without a top-level mediaType: the Content-Type then says.
    mediaType ??= (header(res, 'content-type') ?? '').split(';')[0].trim() || MediaType.ociManifest;
    return { data, mediaType, digest };
  }

  /**
   * The digest and media type the registry gives for a manifest, from a HEAD (which Docker Hub does
   * not count against its pull rate limit), or undefined when the answer does not name a digest.
   */
  async headManifest(reference: string, signal?: AbortSignal): Promise<{ digest: string; mediaType?: string } | undefined> {
    const res = await this.session.request({ method: 'HEAD', path: this.path(`manifests/${reference}`), scopes: this.scopes, headers: { accept: MANIFEST_ACCEPT }, signal });
    if (res.status === 401 || res.status === 403) return failure(res, `${this.session.registry}/${this.repository}:${reference}`);
    await res.body.dump();
    const digest = header(res, 'docker-content-digest');
    if (res.status !== 200 || !digest || !/^sha256:[a-f0-9]{64}$/.test(digest)) return undefined;
    return { digest, mediaType: (header(res, 'content-type') ?? '').split(';')[0].trim() || undefined };
  }

  /** The size of a blob the registry has, or undefined. */
  async blobSize(digest: string, signal?: AbortSignal): Promise<number | undefined> {
    const res = await this.session.request({ method: 'HEAD', path: this.path(`blobs/${digest}`), scopes: this.scopes, signal });
    if (res.status === 401 || res.status === 403) return failure(res, `${this.session.registry}/${this.repository}`);
    await res.body.dump();
    if (res.status === 200) return Number(header(res, 'content-length') ?? '0');
    return undefined;
  }

  async getBlob(digest: string, offset: number, signal?: AbortSignal): Promise<BlobDownload> {
    const headers: Record<string, string> = {};
    if (offset > 0) headers.range = `bytes=${offset}-`;
    const res = await this.session.request({ method: 'GET', path: this.path(`blobs/${digest}`), scopes: this.scopes, headers, signal });
    if (res.status === 206 && offset > 0) {
      const start = /bytes (\d+)-/.exec(header(res, 'content-range') ?? '');
      if (start && Number(start[1]) === offset) return { status: 206, body: res.body, offset };
    }
    if (res.status === 200 || res.status === 206) {
      if (res.status === 206) {
        // A range we did not ask for: unusable, start over.
        await res.body.dump();
        return this.getBlob(digest, 0, signal);
      }
      return { status: 200, body: res.body, offset: 0 };
    }
    if (res.status === 416 && offset > 0) {
      await res.body.dump();
      return this.getBlob(digest, 0, signal);
    }
    return failure(res, `blob ${digest}`);
  }

  /** Cross-repository mount; true when the registry linked the blob without an upload. */
  async mount(digest: string, from: string, signal?: AbortSignal): Promise<{ mounted: boolean; location?: string }> {
    const scopes = [...this.scopes, repositoryScope(from, 'pull')];
    const q = new URLSearchParams({ mount: digest, from });
    const res = await this.session.request({ method: 'POST', path: `${this.path('blobs/uploads/')}?${q}`, scopes, headers: { 'content-length': '0' }, signal });
    await res.body.dump();
    if (res.status === 201) return { mounted: true };
    if (res.status === 202) return { mounted: false, location: await this.absolute(header(res, 'location')) };
    return { mounted: false };
  }

  async startUpload(signal?: AbortSignal): Promise<{ location: string; chunkMin: number }> {
    const res = await this.session.request({ method: 'POST', path: this.path('blobs/uploads/'), scopes: this.scopes, headers: { 'content-length': '0' }, signal });
    if (res.status !== 202) await failure(res, `${this.session.registry}/${this.repository}`);
    await res.body.dump();
    return { location: await this.absolute(header(res, 'location')), chunkMin: Number(header(res, 'oci-chunk-min-length') ?? '0') || 0 };
  }

  async absolute(location: string | undefined): Promise<string> {
    if (!location) throw new LadingError('the registry started an upload without a Location');
    return new URL(location, `${await this.session.baseUrl()}/`).toString();
  }

  /** Completes an upload with the whole blob in one PUT (or with an empty body after PATCHes). */
  async putUpload(location: string, digest: string, size: number, body: (() => Readable | Buffer) | undefined, signal?: AbortSignal): Promise<HttpResponse> {
    const url = new URL(location);
    url.searchParams.set('digest', digest);
    return this.session.request({
      method: 'PUT',
      path: url.toString(),
      scopes: this.scopes,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(body ? size : 0) },
      body: body ?? (() => Buffer.alloc(0)),
      signal,
    });
  }

  async patchUpload(location: string, chunk: Buffer, start: number, signal?: AbortSignal): Promise<string> {
    const res = await this.session.request({
      method: 'PATCH',
      path: location,
      scopes: this.scopes,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(chunk.length), 'content-range': `${start}-${start + chunk.length - 1}` },
      body: () => chunk,
      signal,
    });
    if (res.status !== 202) await failure(res, 'chunked upload');
    await res.body.dump();
    return this.absolute(header(res, 'location') ?? location);
  }

  async putManifest(reference: string, data: Buffer, mediaType: string, signal?: AbortSignal): Promise<string> {
    const res = await this.session.request({
      method: 'PUT',
      path: this.path(`manifests/${reference}`),
      scopes: this.scopes,
      headers: { 'content-type': mediaType },
      body: () => data,
      signal,
    });
    if (res.status !== 201 && res.status !== 200) await failure(res, `${this.session.registry}/${this.repository}:${reference}`);
    await res.body.dump();
    return header(res, 'docker-content-digest') ?? sha256Digest(data);
  }

  /** One page of tags; `next` is the path of the following page, from the Link header. */
  async tagsPage(pathOrUrl: string | undefined, n: number | undefined, signal?: AbortSignal): Promise<{ tags: string[]; next?: string }> {
    const first = `${this.path('tags/list')}${n ? `?n=${n}` : ''}`;
    const res = await this.session.request({ method: 'GET', path: pathOrUrl ?? first, scopes: this.scopes, signal });
    if (res.status !== 200) await failure(res, `${this.session.registry}/${this.repository}`);
    const body = await readJsonBounded<{ tags?: string[] | null }>(res, MAX_LISTING_PAGE_BYTES, `the registry's tag list for ${this.session.registry}/${this.repository}`);
    return { tags: Array.isArray(body?.tags) ? body.tags : [], next: parseNextLink(header(res, 'link')) };
  }
}
