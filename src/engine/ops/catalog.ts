// `catalog HOST`: repositories of a registry, following Link-header pages.
import { LadingError } from '../errors';
import { MAX_LISTING_PAGE_BYTES, readJsonBounded } from '../registry/bounded-body';
import { failure } from '../registry/client';
import { RegistryConnector, RegistryOptions } from '../registry/connector';
import { normalizeRegistryName } from '../registry/hosts';
import { parseNextLink } from '../registry/paging';
import { header } from '../registry/transport';
import { OpContext } from './context';

export interface PagingOptions extends OpContext, RegistryOptions {
  /** Page size asked of the registry (`?n=`). */
  pageSize?: number;
  /** Stop after this many entries. */
  limit?: number;
  /** Called per page, so a UI can show results as they come. */
  onPage?: (items: string[]) => void;
}

export async function catalog(registry: string, opts: PagingOptions = {}): Promise<string[]> {
  const name = normalizeRegistryName(registry);
  if (!name) throw new LadingError('a registry host is required');
  const connector = await RegistryConnector.create(opts);
  try {
    const session = connector.session(name);
    const out: string[] = [];
    let next: string | undefined = `/v2/_catalog${opts.pageSize ? `?n=${opts.pageSize}` : ''}`;
    while (next && (opts.limit === undefined || out.length < opts.limit)) {
      const res = await session.request({ method: 'GET', path: next, scopes: ['registry:catalog:*'], signal: opts.signal });
      if (res.status !== 200) await failure(res, `catalog of ${name}`);
      const body = await readJsonBounded<{ repositories?: string[] | null } | null>(res, MAX_LISTING_PAGE_BYTES, `the registry's catalog of ${name}`);
      const page = Array.isArray(body?.repositories) ? body.repositories : [];
      out.push(...page);
      opts.onPage?.(page);
      next = parseNextLink(header(res, 'link'));
    }
    return opts.limit === undefined ? out : out.slice(0, opts.limit);
  } finally {
    await connector.close();
  }
}
