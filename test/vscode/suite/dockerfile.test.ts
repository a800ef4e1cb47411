// The Dockerfile language in the real extension host: diagnostics, quick fixes and the other
// providers, through the same VS Code commands the editor uses.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ladingApi } from './helpers';

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
}

/** Waits until the document's diagnostics satisfy `ok` (diagnostics arrive debounced). */
async function diagnosticsWhere(uri: vscode.Uri, ok: (ds: vscode.Diagnostic[]) => boolean, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ds = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'lading' || d.source === 'hadolint');
    if (ok(ds)) return ds;
    if (Date.now() > deadline) throw new Error(`diagnostics never matched; last: ${ds.map((d) => `${codeOf(d)}@${d.range.start.line}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const all = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range);
  return (all ?? []).filter((a): a is vscode.CodeAction => 'edit' in a || 'kind' in a);
}

describe('Dockerfile language', function () {
  let dir: string;

  before(async () => {
    await ladingApi();
    const ws = process.env.LADING_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(ws, 'a workspace folder is open');
    dir = path.join(ws, 'dockerfile-lint');
    fs.mkdirSync(dir, { recursive: true });
  });

  it('lints as the document opens, offers quick fixes, and re-lints after the edit', async () => {
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, 'FROM ubuntu\nrun echo hi\n');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'dockerfile');

    const ds = await diagnosticsWhere(doc.uri, (x) => x.some((d) => codeOf(d) === 'DL3006'));
    const dl3006 = ds.find((d) => codeOf(d) === 'DL3006')!;
    assert.equal(dl3006.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepEqual([dl3006.range.start.line, dl3006.range.start.character, dl3006.range.end.character], [0, 5, 11]);
    assert.match(String((dl3006.code as { target: vscode.Uri }).target), /hadolint\/wiki\/DL3006/);

    // Ignore pragma for the finding.
    const actions = await codeActions(doc.uri, dl3006.range);
    const ignore = actions.find((a) => a.title === 'Ignore DL3006 for this instruction');
    assert.ok(ignore?.edit, `ignore action among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    assert.equal(doc.lineAt(0).text, '# hadolint ignore=DL3006');

    // Upper-case fix on another line.
    const runLine = doc.lineAt(2);
    assert.equal(runLine.text, 'run echo hi');
    const rewrite = (await codeActions(doc.uri, new vscode.Range(2, 1, 2, 1))).find((a) => a.title.startsWith('Uppercase'));
    assert.ok(rewrite?.edit, 'uppercase action offered');
    assert.ok(await vscode.workspace.applyEdit(rewrite.edit));
    assert.equal(doc.lineAt(2).text, 'RUN echo hi');

    // The pragma silences DL3006 once the diagnostics catch up.
    await diagnosticsWhere(doc.uri, (x) => !x.some((d) => codeOf(d) === 'DL3006'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('serves hover, completion, outline, folding and formatting', async () => {
    const file = path.join(dir, 'build.Dockerfile');
    fs.writeFileSync(file, 'from golang:1.22 as build\nENV APP=/src\nrun cd $APP && \\\n        go build\nFROM debian:12\nCOPY --from=build /a /a\n');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    if (doc.languageId !== 'dockerfile') await vscode.languages.setTextDocumentLanguage(doc, 'dockerfile');
    const uri = doc.uri;

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(2, 9));
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /APP.*\/src/);

    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(5, 12));
    assert.ok(list.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'build'), 'stage name offered after --from=');

    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    assert.deepEqual(symbols.map((s) => s.name), ['build', 'stage 1']);

    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', uri);
    assert.ok(folds.some((f) => f.start === 2 && f.end === 3), 'multi-line RUN folds');

    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', uri, { insertSpaces: true, tabSize: 4 });
    const we = new vscode.WorkspaceEdit();
    we.set(uri, edits);
    assert.ok(await vscode.workspace.applyEdit(we));
    assert.equal(doc.getText(), 'FROM golang:1.22 AS build\nENV APP=/src\nRUN cd $APP && \\\n    go build\nFROM debian:12\nCOPY --from=build /a /a\n');
  });
});
