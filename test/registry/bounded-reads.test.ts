// Every registry answer the client reads whole has a ceiling. A loopback server streams far more
// than the limit (with backpressure, so it writes only what the client takes) and counts what it
// managed to send: the client must fail with one line and drop the connection long before the
// end, rather than buffer the lot.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const MiB = 1024 * 1024;

interface Streamed {
  /** Bytes handed to the socket before the client went away. */
  sent: number;
  /** Whether the whole body was written (the client read it all). */
  completed: boolean;
  /** Resolves once the response is closed, whichever side closed it. */
  closed: Promise<void>;
}

/** Writes `prefix`, then `total` bytes of filler, then `suffix`, as fast as the client reads. */
function streamHuge(res: http.ServerResponse, total: number, prefix: string, suffix: string): Streamed {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const out: Streamed = { sent: 0, completed: false, closed: new Promise((r) => res.once('close', () => r())) };
  res.write(prefix);
  const pump = () => {
    while (out.sent < total && !res.destroyed) {
      out.sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) {
      out.completed = true;
      res.end(suffix);
    }
  };
  pump();
  return out;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, host: string) => void;

async function serve(handler: Handler): Promise<{ host: string; close(): Promise<void> }> {
  let host = '';
  const server = http.createServer((req, res) => handler(req, res, host));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

function homeEnv(): NodeJS.ProcessEnv {
  const home = tempDir('lading-home-');
  return {
    HOME: home,
    DOCKER_CONFIG: path.join(home, '.docker'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    LADING_CONFIG: path.join(home, 'none.json'),
    LADING_DOCKER_DAEMON_CONFIG: path.join(home, 'none.json'),
    REGISTRY_AUTH_FILE: '',
    XDG_RUNTIME_DIR: '',
  };
}

/** Exactly one `Error: …` line on stderr, exit 1, and no stack trace. */
function assertOneLineError(r: { code: number; stderr: string; stdout: string }, expected: string): void {
  assert.equal(r.code, 1, r.stdout);
  assert.equal(r.stderr, `Error: ${expected}\n`);
}

/** A registry answer far larger than its limit, and the one line the client must fail with. */
interface Oversized {
  title: string;
  /** Filler bytes the server is ready to send. */
  total: number;
  /** Answers a request: the huge one through `huge` (which streams `total` bytes), others itself. */
  answer(req: http.IncomingMessage, res: http.ServerResponse, host: string, huge: (res: http.ServerResponse, prefix: string, suffix: string) => void): void;
  args(host: string): string[];
  input?: string;
  error(host: string): string;
}

const ping = (req: http.IncomingMessage, res: http.ServerResponse) => req.url === '/v2/' && (res.end('{}'), true);

const cases: Oversized[] = [
  {
    title: 'stops reading a tag list larger than 8 MiB and says so in one line',
    total: 64 * MiB,
    answer: (req, res, _host, huge) => {
      if (ping(req, res)) return;
      if (!req.url?.startsWith('/v2/test/img/tags/list')) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      huge(res, '{"name":"test/img","tags":["', '"]}');
    },
    args: (host) => ['tags', `${host}/test/img`],
    error: (host) => `the registry's tag list for ${host}/test/img is larger than 8 MiB`,
  },
  {
    title: 'stops reading a catalog page larger than 8 MiB and says so in one line',
    total: 64 * MiB,
    answer: (req, res, _host, huge) => {
      if (ping(req, res)) return;
      if (!req.url?.startsWith('/v2/_catalog')) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      huge(res, '{"repositories":["', '"]}');
    },
    args: (host) => ['catalog', host],
    error: (host) => `the registry's catalog of ${host} is larger than 8 MiB`,
  },
  {
    title: 'refuses search results whose Content-Length exceeds 1 MiB without reading them',
    total: 16 * MiB,
    answer: (req, res, _host, huge) => {
      if (!req.url?.startsWith('/v1/search')) return void res.writeHead(404).end();
      const [prefix, suffix] = ['{"results":[{"name":"', '"}]}'];
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(prefix.length + 16 * MiB + suffix.length) });
      huge(res, prefix, suffix);
    },
    args: (host) => ['search', `${host}/busy`],
    error: (host) => `the answer of search index ${host} is larger than 1 MiB`,
  },
  {
    title: 'stops reading a token server answer larger than 1 MiB and says so in one line',
    total: 16 * MiB,
    answer: (req, res, host, huge) => {
      if (req.url?.startsWith('/token')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return huge(res, '{"token":"', '"}');
      }
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="test"`, 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
    },
    args: (host) => ['tags', `${host}/test/img`],
    error: (host) => `the answer of token server ${host} is larger than 1 MiB`,
  },
  {
    title: 'reads only the start of a huge error body: the login check fails in one line',
    total: 64 * MiB,
    answer: (req, res, _host, huge) => {
      if (!req.headers.authorization) return void res.writeHead(401, { 'www-authenticate': 'Basic realm="test"', 'content-length': '0' }).end();
      // Not JSON once cut short, so the message can only come from the status.
      res.writeHead(401, { 'content-type': 'application/json' });
      huge(res, '{"errors":[{"code":"UNAUTHORIZED","message":"', '"}]}');
    },
    args: (host) => ['login', '-u', 'someone', '--password-stdin', host],
    input: 'secret\n',
    error: (host) => `login to ${host} failed: unauthorized: authentication required`,
  },
  {
    title: 'reads only the start of a huge error body from a registry API call',
    total: 64 * MiB,
    answer: (req, res, _host, huge) => {
      if (ping(req, res)) return;
      res.writeHead(403, { 'content-type': 'application/json' });
      huge(res, '{"errors":[{"code":"DENIED","message":"', '"}]}');
    },
    args: (host) => ['tags', `${host}/test/img`],
    error: (host) => `${host}/test/img: denied: requested access to the resource is denied`,
  },
];

describe('registry: bounded reads of registry answers', function () {
  this.timeout(60000);

  for (const c of cases) {
    it(c.title, async () => {
      const answers: Streamed[] = [];
      const reg = await serve((req, res, host) => c.answer(req, res, host, (r, prefix, suffix) => answers.push(streamHuge(r, c.total, prefix, suffix))));
      try {
        const r = await lading(c.args(reg.host), { env: homeEnv(), input: c.input });
        assertOneLineError(r, c.error(reg.host));
        assert.ok(answers.length > 0, 'the oversized answer was asked for');
        // The client dropped each connection long before the end instead of buffering it.
        for (const a of answers) {
          await a.closed;
          assert.equal(a.completed, false);
          assert.ok(a.sent < c.total / 2, `the server sent ${a.sent} bytes`);
        }
      } finally {
        await reg.close();
      }
    });
  }

  it('a tag list that breaks off mid-answer is one line naming what was being read', async () => {
    const reg = await serve((req, res) => {
      if (ping(req, res)) return;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"tags":["a', () => res.destroy());
    });
    try {
      const r = await lading(['tags', `${reg.host}/test/img`], { env: homeEnv() });
      assertOneLineError(r, `reading the registry's tag list for ${reg.host}/test/img: the server closed the connection`);
    } finally {
      await reg.close();
    }
  });
});
