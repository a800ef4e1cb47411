// `--platform os/arch[/variant]` parsing and matching, with docker's normalisations.
import { LadingError } from '../errors';
import { Platform, hostPlatform } from './types';

const archAliases: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm', i386: '386' };

export function parsePlatform(s: string): Platform {
  const parts = s.trim().toLowerCase().split('/');
  if (parts.length < 1 || parts.length > 3 || parts.some((p) => p === '')) {
    throw new LadingError(`invalid platform "${s}": want os/arch[/variant]`);
  }
  if (parts.length === 1) return normalizePlatform({ os: hostPlatform().os, architecture: parts[0] });
  return normalizePlatform({ os: parts[0], architecture: parts[1], variant: parts[2] });
}

export function normalizePlatform(p: Platform): Platform {
  let architecture = archAliases[p.architecture] ?? p.architecture;
  let variant = p.variant;
  if (p.architecture === 'armhf') variant = variant ?? 'v7';
  if (p.architecture === 'armel') variant = variant ?? 'v6';
  if (architecture === 'arm64' && variant === 'v8') variant = undefined;
  if (architecture === 'amd64' && variant === 'v1') variant = undefined;
  if (architecture === 'arm' && !variant) variant = 'v7';
  return { ...p, os: p.os, architecture, variant };
}

/** Whether a manifest-list entry's platform satisfies the wanted one. */
export function platformMatches(want: Platform, have: Platform | undefined): boolean {
  if (!have) return false;
  const w = normalizePlatform(want);
  const h = normalizePlatform(have);
  if (w.os !== h.os || w.architecture !== h.architecture) return false;
  return !w.variant || w.variant === h.variant;
}
