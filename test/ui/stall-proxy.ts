// A loopback proxy in front of a registry that forwards everything but holds blob downloads
// open without sending a byte, so a pull stays in progress until it is cancelled.
import { startProxy } from '../fixtures/registry/proxy';

export interface StallProxy {
  host: string;
  /** Blob GETs received (and held). */
  stalled: number;
  stop(): Promise<void>;
}

export async function startStallProxy(target: string, stallDigests: string[]): Promise<StallProxy> {
  let stalled = 0;
  const proxy = await startProxy({
    target,
    intercept: (req) => {
      if (req.method !== 'GET' || !stallDigests.some((d) => (req.url ?? '').endsWith(`/blobs/${d}`))) return false;
      stalled++;
      return true; // never answered: held until stop()
    },
  });
  return {
    host: proxy.host,
    get stalled() {
      return stalled;
    },
    stop: proxy.stop,
  };
}
