// ADD <url> failures: a cancelled download says "operation cancelled", a refused connection
// reads as docker words it; neither shows undici's own text.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { urlItem } from '../../src/engine/build/add';
import { CopyTarget } from '../../src/engine/build/copy';
import { CancelledError } from '../../src/engine/errors';
import { freePort } from '../fixtures/registry/ports';
import { tempDir } from '../helpers/tmp';

const target: CopyTarget = { dest: '/downloads/', destIsDir: async () => true, several: false };

describe('build: ADD <url> failures', () => {
  it('a download cancelled part-way rejects with CancelledError', async () => {
    // Sends a little of a large body, then holds the connection open.
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(1 << 20) });
      res.write(Buffer.alloc(1024));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const ac = new AbortController();
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/payload.bin`;
      const pending = urlItem(url, target, { signal: ac.signal }, tempDir('lading-add-'));
      setTimeout(() => ac.abort(), 200);
      await assert.rejects(pending, (e: Error) => e instanceof CancelledError && e.message === 'operation cancelled');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('a refused connection is one docker-like line', async () => {
    const port = await freePort();
    await assert.rejects(urlItem(`http://127.0.0.1:${port}/x.bin`, target, {}, tempDir('lading-add-')), (e: Error) => {
      assert.equal(e.message, `ADD http://127.0.0.1:${port}/x.bin: dial tcp 127.0.0.1:${port}: connect: connection refused`);
      return true;
    });
  });
});
