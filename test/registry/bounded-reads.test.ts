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

describe('registry: bounded reads of registry answers', function () {
  this.timeout(60000);

  it('stops reading a tag list larger than 8 MiB and says so in one line', async () => {
    let streamed: Streamed | undefined;
    const total = 64 * MiB;
    const reg = await serve((req, res) => {
      if (req.url === '/v2/') return res.end('{}');
      if (req.url?.startsWith('/v2/test/img/tags/list')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        streamed = streamHuge(res, total, '{"name":"test/img","tags":["', '"]}');
        return;
      }
      res.writeHead(404).end();
    });
    try {
      const r = await lading(['tags', `${reg.host}/test/img`], { env: homeEnv() });
      assertOneLineError(r, `the registry's tag list for ${reg.host}/test/img is larger than 8 MiB`);
      assert.ok(streamed, 'the tag list was asked for');
      await streamed.closed;
      assert.equal(streamed.completed, false);
      assert.ok(streamed.sent < total / 2, `the server sent ${streamed.sent} bytes`);
    } finally {
      await reg.close();
    }
  });

  it('stops reading a catalog page larger than 8 MiB and says so in one line', async () => {
    let streamed: Streamed | undefined;
    const total = 64 * MiB;
    const reg = await serve((req, res) => {
      if (req.url === '/v2/') return res.end('{}');
      if (req.url?.startsWith('/v2/_catalog')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        streamed = streamHuge(res, total, '{"repositories":["', '"]}');
        return;
      }
      res.writeHead(404).end();
    });
    try {
      const r = await lading(['catalog', reg.host], { env: homeEnv() });
      assertOneLineError(r, `the registry's catalog of ${reg.host} is larger than 8 MiB`);
      assert.ok(streamed, 'the catalog was asked for');
      await streamed.closed;
      assert.equal(streamed.completed, false);
      assert.ok(streamed.sent < total / 2, `the server sent ${streamed.sent} bytes`);
    } finally {
      await reg.close();
    }
  });

  it('refuses search results whose Content-Length exceeds 1 MiB without reading them', async () => {
    let streamed: Streamed | undefined;
    const total = 16 * MiB;
    const reg = await serve((req, res) => {
      if (req.url?.startsWith('/v1/search')) {
        const prefix = '{"results":[{"name":"';
        const suffix = '"}]}';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(prefix.length + total + suffix.length) });
        streamed = streamHuge(res, total, prefix, suffix);
        return;
      }
      res.writeHead(404).end();
    });
    try {
      const r = await lading(['search', `${reg.host}/busy`], { env: homeEnv() });
      assertOneLineError(r, `the answer of search index ${reg.host} is larger than 1 MiB`);
      assert.ok(streamed, 'the search was asked for');
      await streamed.closed;
      assert.equal(streamed.completed, false);
      assert.ok(streamed.sent < total / 2, `the server sent ${streamed.sent} bytes`);
    } finally {
      await reg.close();
    }
  });

  it('stops reading a token server answer larger than 1 MiB and says so in one line', async () => {
    let streamed: Streamed | undefined;
    const total = 16 * MiB;
    const reg = await serve((req, res, host) => {
      if (req.url?.startsWith('/token')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        streamed = streamHuge(res, total, '{"token":"', '"}');
        return;
      }
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="test"`, 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
    });
    try {
      const r = await lading(['tags', `${reg.host}/test/img`], { env: homeEnv() });
      assertOneLineError(r, `the answer of token server ${reg.host} is larger than 1 MiB`);
      assert.ok(streamed, 'a token was asked for');
      await streamed.closed;
      assert.equal(streamed.completed, false);
      assert.ok(streamed.sent < total / 2, `the server sent ${streamed.sent} bytes`);
    } finally {
      await reg.close();
    }
  });

  it('reads only the start of a huge error body: the login check fails in one line', async () => {
    const answers: Streamed[] = [];
    const total = 64 * MiB;
    const reg = await serve((req, res) => {
      if (!req.headers.authorization) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="test"', 'content-length': '0' });
        return res.end();
      }
      // Not JSON once cut short, so the message can only come from the status.
      res.writeHead(401, { 'content-type': 'application/json' });
      answers.push(streamHuge(res, total, '{"errors":[{"code":"UNAUTHORIZED","message":"', '"}]}'));
    });
    try {
      const r = await lading(['login', '-u', 'someone', '--password-stdin', reg.host], { env: homeEnv(), input: 'secret\n' });
      assertOneLineError(r, `login to ${reg.host} failed: unauthorized: authentication required`);
      assert.ok(answers.length > 0, 'the credentials were checked');
      for (const a of answers) {
        await a.closed;
        assert.equal(a.completed, false);
        assert.ok(a.sent < total / 2, `the server sent ${a.sent} bytes`);
      }
    } finally {
      await reg.close();
    }
  });

  it('a tag list that breaks off mid-answer is one line naming what was being read', async () => {
    const reg = await serve((req, res) => {
      if (req.url === '/v2/') return res.end('{}');
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

  it('reads only the start of a huge error body from a registry API call', async () => {
    let streamed: Streamed | undefined;
    const total = 64 * MiB;
    const reg = await serve((req, res) => {
      if (req.url === '/v2/') return res.end('{}');
      res.writeHead(403, { 'content-type': 'application/json' });
      streamed = streamHuge(res, total, '{"errors":[{"code":"DENIED","message":"', '"}]}');
    });
    try {
      const r = await lading(['tags', `${reg.host}/test/img`], { env: homeEnv() });
      assertOneLineError(r, `${reg.host}/test/img: denied: requested access to the resource is denied`);
      assert.ok(streamed, 'the tag list was asked for');
      await streamed.closed;
      assert.equal(streamed.completed, false);
      assert.ok(streamed.sent < total / 2, `the server sent ${streamed.sent} bytes`);
    } finally {
      await reg.close();
    }
  });
});
