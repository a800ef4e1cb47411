// Extract Layer… and Save File As… on real Images view rows, with the destination passed as an
// argument so no dialog opens; the menus name the rows' context values.
import * as assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ImagesNode } from '../../../src/extension/images/images-provider';
import { Store } from '../../../src/engine/store/store';
import { tempDir } from '../../helpers/tmp';
import { makeImage } from '../fixtures';
import { labelOf, ladingApi } from './helpers';

describe('Extract commands', function () {
  let appLayer: ImagesNode;
  let hello: ImagesNode;

  before(async () => {
    const api = await ladingApi();
    const store = await Store.open(process.env.LADING_STORE!);
    await makeImage(store, 'localhost:5000/extract/app:1', { appFiles: { 'app/hello.txt': 'extract me\n' } });
    api.images.reload();
    const group = (await api.images.getChildren()).find((n) => labelOf(n) === 'localhost:5000/extract/app')!;
    const [tag] = await api.images.getChildren(group);
    appLayer = (await api.images.getChildren(tag))[2];
    const app = (await api.images.getChildren(appLayer)).find((f) => labelOf(f) === 'app')!;
    hello = (await api.images.getChildren(app)).find((f) => labelOf(f) === 'hello.txt')!;
  });

  it('contributes both commands to the rows they act on, and not to the palette', () => {
    const pkg = vscode.extensions.getExtension('lading.lading')!.packageJSON as { contributes: { menus: Record<string, { command: string; when: string }[]> } };
    const menu = (id: string) => pkg.contributes.menus['view/item/context'].find((m) => m.command === id)?.when ?? '';
    assert.match(menu('lading.images.extractLayer'), new RegExp(`viewItem == ${appLayer.contextValue!.replace('.', '\\.')}$`));
    assert.match(menu('lading.images.saveLayerFile'), new RegExp(`viewItem == ${hello.contextValue!.replace('.', '\\.')}$`));
    const hidden = pkg.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command);
    assert.ok(hidden.includes('lading.images.extractLayer') && hidden.includes('lading.images.saveLayerFile'));
  });

  it('extracts the clicked layer into a new folder, whiteouts not applied', async () => {
    const dest = path.join(tempDir('lading-extract-'), 'layer');
    const res = await vscode.commands.executeCommand<{ whiteouts: number }>('lading.images.extractLayer', appLayer, [appLayer], dest);
    assert.equal(readFileSync(path.join(dest, 'app/hello.txt'), 'utf8'), 'extract me\n');
    assert.equal(res.whiteouts, 1);
    assert.ok(!readdirSync(path.join(dest, 'etc')).some((n) => n.startsWith('.wh.')));
  });

  it('refuses a folder that is not empty, leaving it as it was', async () => {
    const dest = tempDir('lading-extract-');
    writeFileSync(path.join(dest, 'mine'), 'keep');
    const res = await vscode.commands.executeCommand('lading.images.extractLayer', appLayer, undefined, dest);
    assert.equal(res, undefined, 'the error is shown, not thrown');
    assert.deepEqual(readdirSync(dest), ['mine']);
  });

  it('saves the clicked file to a path', async () => {
    const dir = tempDir('lading-extract-');
    mkdirSync(path.join(dir, 'sub'));
    const dest = path.join(dir, 'sub', 'hello copy.txt');
    await vscode.commands.executeCommand('lading.images.saveLayerFile', hello, [hello], dest);
    assert.equal(readFileSync(dest, 'utf8'), 'extract me\n');
  });
});
