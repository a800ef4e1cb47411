// `search TERM`: Docker Hub's v1 search API (or another index: `search host:port/term`).
import { LadingError } from '../errors';
import { MAX_SEARCH_BYTES, readJsonBounded } from '../registry/bounded-body';
import { failure } from '../registry/client';
import { RegistryConnector, RegistryOptions } from '../registry/connector';
import { OpContext } from './context';

export interface SearchResult {
  name: string;
  description: string;
  starCount: number;
  isOfficial: boolean;
  isAutomated: boolean;
}

export interface SearchOptions extends OpContext, RegistryOptions {
  /** Results wanted (docker's default 25, at most 100). */
  limit?: number;
  /** `stars=N`, `is-official=true`, `is-automated=true` */
  filters?: string[];
  /** Index to ask (`index.docker.io` by default, or LADING_SEARCH_INDEX). */
  index?: string;
}

const DEFAULT_INDEX = 'index.docker.io';

interface Filter {
  stars: number;
  official?: boolean;
  automated?: boolean;
}

export function parseSearchFilters(filters: string[]): Filter {
  const f: Filter = { stars: 0 };
  for (const raw of filters) {
    const eq = raw.indexOf('=');
    if (eq < 0) throw new LadingError(`bad format of filter (expected name=value): ${raw}`);
    const key = raw.slice(0, eq);
    const value = raw.slice(eq + 1);
    if (key === 'stars') {
      if (!/^\d+$/.test(value)) throw new LadingError(`invalid filter 'stars=${value}'`);
      f.stars = Math.max(f.stars, Number(value));
    } else if (key === 'is-official' || key === 'is-automated') {
      if (!/^(true|false)$/i.test(value)) throw new LadingError(`invalid filter '${key}=${value}'`);
      if (key === 'is-official') f.official = value.toLowerCase() === 'true';
      else f.automated = value.toLowerCase() === 'true';
    } else {
      throw new LadingError(`invalid filter '${key}'`);
    }
  }
  return f;
}

/** Splits `host:port/term` (docker searches that index) from a plain term. */
function splitTerm(term: string, fallback: string): { index: string; query: string } {
  const slash = term.indexOf('/');
  if (slash > 0) {
    const first = term.slice(0, slash);
    if (/[.:]/.test(first) || first === 'localhost') return { index: first, query: term.slice(slash + 1) };
  }
  return { index: fallback, query: term };
}

export async function search(term: string, opts: SearchOptions = {}): Promise<SearchResult[]> {
  const limit = opts.limit ?? 25;
  if (limit < 1 || limit > 100) throw new LadingError(`limit ${limit} is outside the range of [1, 100]`);
  const filter = parseSearchFilters(opts.filters ?? []);
  const env = opts.env ?? process.env;
  const { index, query } = splitTerm(term, opts.index ?? env.LADING_SEARCH_INDEX ?? DEFAULT_INDEX);
  const connector = await RegistryConnector.create(opts);
  try {
    const base = await connector.transport.baseUrl(index, opts.signal);
    const q = new URLSearchParams({ q: query, n: String(limit) });
    const res = await connector.transport.request({ method: 'GET', url: `${base}/v1/search?${q}`, signal: opts.signal });
    if (res.status !== 200) await failure(res, `search ${index}`);
    type Answer = { results?: { name: string; description?: string; star_count?: number; is_official?: boolean; is_automated?: boolean }[] } | null;
    const body = await readJsonBounded<Answer>(res, MAX_SEARCH_BYTES, `the answer of search index ${index}`);
    return (Array.isArray(body?.results) ? body.results : [])
      .map((r) => ({ name: r.name, description: r.description ?? '', starCount: r.star_count ?? 0, isOfficial: Boolean(r.is_official), isAutomated: Boolean(r.is_automated) }))
      .filter((r) => r.starCount >= filter.stars)
      .filter((r) => filter.official === undefined || r.isOfficial === filter.official)
      .filter((r) => filter.automated === undefined || r.isAutomated === filter.automated)
      .slice(0, limit);
  } finally {
    await connector.close();
  }
}
