// The config half of an image comparison: the fields that decide how a container of the image
// runs. Env and Labels are compared key by key, so one changed variable reads as one row rather
// than two whole lists to tell apart by eye.
import { formatPlatform, ImageConfig } from '../image/types';

export interface ConfigChange {
  /** `Cmd`, `Entrypoint`, `WorkingDir`, `User`, `ExposedPorts`, `Platform`, `Env[NAME]`, `Labels[key]`. */
  field: string;
  /** The value in the first image; null when unset there. */
  before: string | null;
  /** The value in the second image; null when unset there. */
  after: string | null;
}

/** Exec form as docker inspect shows it; an empty list is as unset as a missing one. */
function list(v: string[] | null | undefined): string | null {
  return v && v.length ? JSON.stringify(v) : null;
}

function text(v: string | undefined): string | null {
  return v ? v : null;
}

function ports(v: Record<string, object> | undefined): string | null {
  const keys = Object.keys(v ?? {}).sort();
  return keys.length ? keys.join(', ') : null;
}

/** `NAME=value` entries by name; a later duplicate wins, as it does in a container. */
function envMap(env: string[] | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of env ?? []) {
    const eq = e.indexOf('=');
    if (eq === -1) m.set(e, '');
    else m.set(e.slice(0, eq), e.slice(eq + 1));
  }
  return m;
}

function keyed(field: string, a: Map<string, string>, b: Map<string, string>): ConfigChange[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: ConfigChange[] = [];
  for (const k of keys) {
    const before = a.get(k) ?? null;
    const after = b.get(k) ?? null;
    if (before !== after) out.push({ field: `${field}[${k}]`, before, after });
  }
  return out;
}

/** What differs between two image configs, in a fixed field order. */
export function diffConfigs(a: ImageConfig, b: ImageConfig): ConfigChange[] {
  const ca = a.config ?? {};
  const cb = b.config ?? {};
  const scalar: [string, string | null, string | null][] = [
    ['Platform', formatPlatform(a), formatPlatform(b)],
    ['Entrypoint', list(ca.Entrypoint), list(cb.Entrypoint)],
    ['Cmd', list(ca.Cmd), list(cb.Cmd)],
    ['WorkingDir', text(ca.WorkingDir), text(cb.WorkingDir)],
    ['User', text(ca.User), text(cb.User)],
    ['ExposedPorts', ports(ca.ExposedPorts), ports(cb.ExposedPorts)],
  ];
  const out: ConfigChange[] = scalar.filter(([, x, y]) => x !== y).map(([field, before, after]) => ({ field, before, after }));
  out.push(...keyed('Env', envMap(ca.Env), envMap(cb.Env)));
  out.push(...keyed('Labels', new Map(Object.entries(ca.Labels ?? {})), new Map(Object.entries(cb.Labels ?? {}))));
  return out;
}
