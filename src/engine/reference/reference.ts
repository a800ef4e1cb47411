// The distribution reference grammar (docker/distribution `reference`), with docker's
// normalisation: `busybox` → `docker.io/library/busybox:latest`.
import { LadingError } from '../errors';

export const DEFAULT_REGISTRY = 'docker.io';
export const DEFAULT_TAG = 'latest';
const LEGACY_REGISTRY = 'index.docker.io';
const OFFICIAL_NAMESPACE = 'library';

const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainName = `(?:${domainComponent}(?:\\.${domainComponent})*|${ipv6})`;
const domain = `${domainName}(?::[0-9]+)?`;
const tagRe = /^[\w][\w.-]{0,127}$/;
const digestRe = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const pathRe = new RegExp(`^${pathComponent}(?:/${pathComponent})*$`);
const domainRe = new RegExp(`^${domain}$`);
const sha256Re = /^sha256:[a-f0-9]{64}$/;
const hex64Re = /^[a-f0-9]{64}$/;
const NAME_TOTAL_LENGTH_MAX = 255;

/** A parsed, normalised image reference. */
export interface Reference {
  /** Registry host as written by the user, normalised (`docker.io` for Docker Hub). */
  readonly registry: string;
  /** Repository path inside the registry (`library/busybox`). */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

export function invalidReference(input: string, why?: string): LadingError {
  return new LadingError(`invalid reference format${why ? `: ${why}` : ''}: ${JSON.stringify(input)}`);
}

/**
 * Parses a reference the way `docker pull NAME` does. A reference with neither tag nor digest is
 * left without either: use {@link withDefaultTag} where docker would add `:latest`.
 */
export function parseReference(input: string): Reference {
  const s = input.trim();
  if (s === '') throw invalidReference(input, 'empty reference');
  if (hex64Re.test(s)) {
    throw new LadingError(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`);
  }
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!digestRe.test(digest)) throw invalidReference(input, 'invalid digest');
    if (digest.startsWith('sha256:') && !sha256Re.test(digest)) {
      throw invalidReference(input, 'invalid sha256 digest (want 64 lower-case hex characters)');
    }
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!tagRe.test(tag)) throw invalidReference(input, 'invalid tag');
  }
  const { registry, repository } = splitDomain(rest, input);
  if (registry.length + 1 + repository.length > NAME_TOTAL_LENGTH_MAX) {
    throw invalidReference(input, `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }
  return { registry, repository, tag, digest };
}

function splitDomain(name: string, input: string): { registry: string; repository: string } {
  if (name === '') throw invalidReference(input, 'missing repository name');
  const slash = name.indexOf('/');
  let registry = DEFAULT_REGISTRY;
  let remainder = name;
  if (slash >= 0) {
    const first = name.slice(0, slash);
    // docker: the first component is a registry host when it has a '.' or ':', is 'localhost',
    // or has upper-case letters (repository paths never do).
    if (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first) {
      if (!domainRe.test(first)) throw invalidReference(input, `invalid registry host "${first}"`);
      registry = first;
      remainder = name.slice(slash + 1);
    }
  }
  if (registry === LEGACY_REGISTRY) registry = DEFAULT_REGISTRY;
  if (remainder.toLowerCase() !== remainder) {
    throw invalidReference(input, `repository name (${remainder}) must be lowercase`);
  }
  if (registry === DEFAULT_REGISTRY && !remainder.includes('/')) remainder = `${OFFICIAL_NAMESPACE}/${remainder}`;
  if (!pathRe.test(remainder)) throw invalidReference(input, 'invalid repository name');
  return { registry, repository: remainder };
}

/** Adds docker's default `:latest` when the reference has neither tag nor digest. */
export function withDefaultTag(ref: Reference): Reference {
  return ref.tag || ref.digest ? ref : { ...ref, tag: DEFAULT_TAG };
}

/** Parses and adds `:latest` when needed: what `docker pull`, `tag` and `push` do. */
export function parseNormalizedTagged(input: string): Reference {
  return withDefaultTag(parseReference(input));
}

/** `docker.io/library/busybox` */
export function fullName(ref: Pick<Reference, 'registry' | 'repository'>): string {
  return `${ref.registry}/${ref.repository}`;
}

/** The fully qualified string: `docker.io/library/busybox:latest`, `host:5000/a@sha256:…`. */
export function formatReference(ref: Reference): string {
  return `${fullName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** docker's short form for display: `busybox`, `user/app`, `localhost:5000/app`. */
export function familiarName(ref: Pick<Reference, 'registry' | 'repository'>): string {
  if (ref.registry !== DEFAULT_REGISTRY) return fullName(ref);
  const prefix = `${OFFICIAL_NAMESPACE}/`;
  return ref.repository.startsWith(prefix) ? ref.repository.slice(prefix.length) : ref.repository;
}

/** docker's short string: `busybox:latest`, `localhost:5000/app@sha256:…`. */
export function familiarString(ref: Reference): string {
  return `${familiarName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** The repository part of a stored full reference, or undefined when it does not parse. */
export function tryParseReference(input: string): Reference | undefined {
  try {
    return parseReference(input);
  } catch {
    return undefined;
  }
}

/** Whether `s` looks like an image ID or ID prefix (hex, optionally `sha256:`). */
export function looksLikeImageId(s: string): boolean {
  return /^(sha256:)?[a-f0-9]{1,64}$/.test(s);
}

/** Whether the string is a canonical sha256 digest. */
export function isSha256Digest(s: string): boolean {
  return sha256Re.test(s);
}
