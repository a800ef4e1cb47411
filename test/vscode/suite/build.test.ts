// Build an image from a Dockerfile in a workspace folder through the command, with the tag given
// as an argument (no prompt); the Images tree then shows it.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LadingApi } from '../../../src/extension/extension';
import { imageRows, ladingApi } from './helpers';
import { tempDir } from '../../helpers/tmp';

describe('Build command', function () {
  this.timeout(60000);
  let api: LadingApi;

  before(async () => {
    api = await ladingApi();
  });

  it('builds a Dockerfile with lading.build and the Images tree shows the image', async () => {
    const root = process.env.LADING_TEST_WORKSPACE ? path.join(process.env.LADING_TEST_WORKSPACE, 'build-app') : path.join(tempDir('lading-build-ws-'), 'build-app');
    mkdirSync(path.join(root, 'static'), { recursive: true });
    writeFileSync(path.join(root, 'static', 'index.html'), '<h1>built</h1>\n');
    writeFileSync(path.join(root, 'Dockerfile'), 'FROM scratch\nCOPY static /www/\nLABEL built.by=lading\nCMD ["/www"]\n');
    const res = await vscode.commands.executeCommand<{ id: string; tags: string[] }>('lading.build', vscode.Uri.file(path.join(root, 'Dockerfile')), 'localhost:5000/built/site:1');
    assert.ok(res, 'the build returned a result');
    assert.match(res.id, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(res.tags, ['localhost:5000/built/site:1']);
    const rows = await imageRows(api);
    assert.ok(rows.includes('localhost:5000/built/site/1'), rows.join(', '));
  });

  it('a Dockerfile with RUN is refused and nothing is tagged', async () => {
    const root = path.join(tempDir('lading-build-ws-'), 'run-app');
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'Dockerfile'), 'FROM scratch\nRUN true\n');
    const res = await vscode.commands.executeCommand('lading.build', vscode.Uri.file(path.join(root, 'Dockerfile')), 'localhost:5000/built/run:1');
    assert.equal(res, undefined);
    assert.ok(!(await imageRows(api)).includes('localhost:5000/built/run/1'));
  });
});
