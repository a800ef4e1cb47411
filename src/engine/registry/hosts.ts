// Registry host names: Docker Hub aliases, loopback detection, and the keys credentials use.
import { DEFAULT_REGISTRY } from '../reference/reference';

export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
/** The key docker stores Docker Hub credentials under in config.json. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';

/** The host that serves the registry API for a reference's registry name. */
export function apiHost(registry: string): string {
  return registry === DEFAULT_REGISTRY || registry === 'index.docker.io' ? DOCKER_HUB_API_HOST : registry;
}

/** docker.io, index.docker.io, registry-1.docker.io → docker.io; other hosts as written. */
export function normalizeRegistryName(host: string): string {
  // A mirror URL may carry user:password@: never part of the name (which messages show).
  let h = host.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').replace(/^.*@/, '');
  h = h.toLowerCase();
  if (h === 'index.docker.io' || h === DOCKER_HUB_API_HOST || h === '') return DEFAULT_REGISTRY;
  return h;
}

export function hostnameOf(hostPort: string): string {
  if (hostPort.startsWith('[')) return hostPort.slice(1, hostPort.indexOf(']'));
  const parts = hostPort.split(':');
  return parts.length === 2 ? parts[0] : hostPort;
}

/**
 * localhost, 127.0.0.0/8, ::1: the only hosts that may use plain HTTP without configuration.
 * Not `*.localhost`: outside /etc/hosts such names go to DNS, which may answer any address.
 */
export function isLoopbackHost(hostPort: string): boolean {
  const h = hostnameOf(hostPort).toLowerCase();
  return h === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1';
}
