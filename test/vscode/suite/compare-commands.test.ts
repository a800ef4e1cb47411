// Compare With… on a real Images view row, the other image passed as an argument so no quick pick
// opens: the engine's result comes back and the text report opens in an editor.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ImagesNode } from '../../../src/extension/images/images-provider';
import type { ImageDiff } from '../../../src/engine/ops/image-diff';
import { Store } from '../../../src/engine/store/store';
import { makeImage } from '../fixtures';
import { labelOf, ladingApi } from './helpers';

describe('Compare With…', function () {
  let one: ImagesNode;

  before(async () => {
    const api = await ladingApi();
    const store = await Store.open(process.env.LADING_STORE!);
    await makeImage(store, 'localhost:5000/compare/app:1', { appFiles: { 'app/v.txt': '1' } });
    await makeImage(store, 'localhost:5000/compare/app:2', { appFiles: { 'app/v.txt': '22', 'app/new.txt': 'new' } });
    api.images.reload();
    const group = (await api.images.getChildren()).find((n) => labelOf(n) === 'localhost:5000/compare/app')!;
    one = (await api.images.getChildren(group)).find((n) => labelOf(n) === '1')!;
  });

  it('is on every image row menu', () => {
    const pkg = vscode.extensions.getExtension('lading.lading')!.packageJSON as { contributes: { menus: Record<string, { command: string; when: string }[]> } };
    const when = pkg.contributes.menus['view/item/context'].find((m) => m.command === 'lading.images.compare')?.when ?? '';
    assert.match(when, /viewItem =~ \/\^lading\\\.image\//);
    assert.ok(one.contextValue?.startsWith('lading.image'));
  });

  it('compares the clicked image with the other one and opens the report', async () => {
    const diff = await vscode.commands.executeCommand<ImageDiff>('lading.images.compare', one, [one], 'localhost:5000/compare/app:2');
    assert.deepEqual(diff.added.map((c) => c.path), ['/app/new.txt']);
    assert.ok(diff.modified.some((m) => m.path === '/app/v.txt' && m.before.size === 1 && m.after.size === 2));
    const text = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(text, /^These entries have been added to localhost:5000\/compare\/app:2:\nFILE +SIZE\n\/app\/new\.txt +3B$/m);
    assert.equal(vscode.window.activeTextEditor?.document.isUntitled, true);
  });

  it('shows a missing image as an error, not a thrown one', async () => {
    assert.equal(await vscode.commands.executeCommand('lading.images.compare', one, [one], 'nope:404'), undefined);
  });
});
