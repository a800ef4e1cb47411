// A loopback proxy in front of a registry that forwards everything but holds blob downloads
// open without sending a byte, so a pull stays in progress until it is cancelled.
import * as http from 'node:http';
import * as net from 'node:net';

export interface StallProxy {
  host: string;
  /** Blob GETs received (and held). */
  stalled: number;
  stop(): Promise<void>;
}

export async function startStallProxy(target: string, stallDigests: string[]): Promise<StallProxy> {
  const [targetHost, targetPort] = target.split(':');
  const held = new Set<http.ServerResponse>();
  const sockets = new Set<net.Socket>();
  const state = { stalled: 0 };
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && stallDigests.some((d) => (req.url ?? '').endsWith(`/blobs/${d}`))) {
      state.stalled++;
      held.add(res);
      return;
    }
    const up = http.request({ host: targetHost, port: Number(targetPort), method: req.method, path: req.url, headers: { ...req.headers, host: target } }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    get stalled() {
      return state.stalled;
    },
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
