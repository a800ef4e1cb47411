// docker's `--filter key=value` lists and the glob matching its `reference=` filter uses.
import { LadingError } from '../errors';
import { parseGoDuration } from '../format/units';

export type Filters = Map<string, string[]>;

/** Parses `key=value` strings; keys outside `allowed` are docker's "invalid filter" error. */
export function parseFilters(list: string[] | undefined, allowed: string[]): Filters {
  const out: Filters = new Map();
  for (const f of list ?? []) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new LadingError(`bad format of filter (expected name=value)`);
    const key = f.slice(0, eq).trim().toLowerCase();
    if (!allowed.includes(key)) throw new LadingError(`invalid filter '${key}'`);
    const vals = out.get(key) ?? [];
    vals.push(f.slice(eq + 1));
    out.set(key, vals);
  }
  return out;
}

/** `dangling=true|false` (docker also takes 1/0). */
export function danglingFilter(filters: Filters): boolean | undefined {
  const v = filters.get('dangling');
  if (!v) return undefined;
  const parsed = v.map((x) => {
    if (/^(true|1)$/i.test(x)) return true;
    if (/^(false|0)$/i.test(x)) return false;
    throw new LadingError(`invalid filter 'dangling=${x}'`);
  });
  if (new Set(parsed).size > 1) throw new LadingError('invalid filter: dangling=true and dangling=false both given');
  return parsed[0];
}

/** Go's path.Match: `*` and `?` stay inside one path segment, `[a-z]` classes, `\` escapes. */
export function globToRegExp(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]);
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw new LadingError(`invalid reference pattern "${pattern}": syntax error in pattern`);
      let cls = pattern.slice(i + 1, end);
      if (cls.startsWith('^')) cls = `^${cls.slice(1)}`;
      re += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += escapeRe(c);
  }
  return new RegExp(`${re}$`);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** `label=key` or `label=key=value` against a label map. */
export function labelMatches(labels: Record<string, string> | undefined, spec: string): boolean {
  const eq = spec.indexOf('=');
  const key = eq < 0 ? spec : spec.slice(0, eq);
  if (!labels || !(key in labels)) return false;
  return eq < 0 || labels[key] === spec.slice(eq + 1);
}

/** `until=24h` / `until=2024-01-02T00:00:00Z` / `until=1700000000`: the cut-off as a Date. */
export function parseUntil(value: string, now = new Date()): Date {
  const d = parseGoDuration(value);
  if (d !== undefined) return new Date(now.getTime() - d);
  if (/^\d+(\.\d+)?$/.test(value)) return new Date(Number(value) * 1000);
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(t)) throw new LadingError(`invalid filter 'until=${value}': not a duration or timestamp`);
  return new Date(t);
}
