// Search against a loopback index speaking Docker Hub's v1 search API.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { ladingApi } from './helpers';

describe('Search command', function () {
  let server: http.Server;
  let host: string;
  const queries: string[] = [];

  before(async () => {
    await ladingApi();
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/v2/') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      if (url.pathname !== '/v1/search') {
        res.writeHead(404).end();
        return;
      }
      queries.push(url.searchParams.get('q') ?? '');
      const body = {
        results: [
          { name: 'library/nginx', description: 'Official build of Nginx.', star_count: 20000, is_official: true, is_automated: false },
          { name: 'someone/nginx-proxy', description: 'A proxy', star_count: 12, is_official: false, is_automated: true },
        ],
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('returns the index\'s results for a term', async () => {
    const results = await vscode.commands.executeCommand<{ name: string; starCount: number; isOfficial: boolean }[]>('lading.images.search', `${host}/nginx`);
    assert.deepEqual(results.map((r) => [r.name, r.starCount, r.isOfficial]), [['library/nginx', 20000, true], ['someone/nginx-proxy', 12, false]]);
    assert.deepEqual(queries, ['nginx']);
  });
});
