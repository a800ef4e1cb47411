// Activation and the Dockerfile language wiring: opening a Dockerfile activates Lading and its
// diagnostics appear (DL3006: untagged base image).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ladingApi } from './helpers';

describe('Activation', function () {
  it('opens a Dockerfile and shows Lading diagnostics on it', async () => {
    const file = path.join(process.env.LADING_TEST_WORKSPACE!, 'Dockerfile');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'dockerfile');
    await ladingApi();
    const deadline = Date.now() + 20_000;
    let codes: string[] = [];
    while (Date.now() < deadline) {
      codes = vscode.languages.getDiagnostics(doc.uri).map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));
      if (codes.includes('DL3006')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(codes.includes('DL3006'), `diagnostics: ${codes.join(', ') || 'none'}`);
  });
});
