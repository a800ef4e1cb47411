// undici's Agent and request API, loaded without the package's entry point. `require('undici')`
// also loads fetch, WebSocket, EventSource, cookies, cache stores and mocks (and, through them,
// Node's perf_hooks, worker_threads and its own bundled undici): about half of undici's load
// time, which a short `lading pull` pays on every run. These two files are what registries need.
// They are undici's own modules, so behaviour is unchanged; the registry tests fail loudly should
// a future undici move them.
import type { Agent as AgentClass, Dispatcher } from 'undici';

export const Agent = require('undici/lib/dispatcher/agent') as typeof AgentClass;
const apiRequest = require('undici/lib/api/api-request') as (this: Dispatcher, opts: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

export type Agent = AgentClass;

export interface CoreRequest {
  method: Dispatcher.HttpMethod;
  headers?: Record<string, string>;
  body?: Dispatcher.DispatchOptions['body'];
  signal?: AbortSignal;
  dispatcher: Dispatcher;
}

/** undici's `request(url, opts)` for an explicit dispatcher. */
export function request(url: URL, opts: CoreRequest): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = opts;
  return apiRequest.call(dispatcher, { ...rest, origin: url.origin, path: url.search ? `${url.pathname}${url.search}` : url.pathname });
}
