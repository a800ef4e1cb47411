// Image commands through executeCommand, with arguments so no prompt is needed: tag, remove,
// disk usage, save and load, prune.
import * as assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LadingApi } from '../../../src/extension/extension';
import { Store } from '../../../src/engine/store/store';
import { makeImage, FixtureImage } from '../fixtures';
import { imageRows, ladingApi } from './helpers';
import { tempDir } from '../../helpers/tmp';

describe('Image commands', function () {
  let api: LadingApi;
  let store: Store;
  let image: FixtureImage;

  before(async () => {
    api = await ladingApi();
    store = await Store.open(process.env.LADING_STORE!);
    image = await makeImage(store, 'localhost:5000/cmds/base:1', { appFiles: { 'app/cmds.txt': 'commands\n' } });
  });

  it('tags an image and the tree shows the new tag', async () => {
    const res = await vscode.commands.executeCommand<{ target: string }>('lading.images.tag', image.tag, 'localhost:5000/cmds/copy:2');
    assert.equal(res.target, 'localhost:5000/cmds/copy:2');
    assert.ok((await imageRows(api)).includes('localhost:5000/cmds/copy/2'));
  });

  it('removes a tag with the remove command; the image stays while another tag holds it', async () => {
    await vscode.commands.executeCommand('lading.images.remove', 'localhost:5000/cmds/copy:2', undefined, { confirm: false });
    const rows = await imageRows(api);
    assert.ok(!rows.includes('localhost:5000/cmds/copy/2'), rows.join(', '));
    assert.ok(rows.includes('localhost:5000/cmds/base/1'));
  });

  it('reports disk usage', async () => {
    const df = await vscode.commands.executeCommand<{ images: unknown[]; totalSize: number }>('lading.system.df');
    assert.ok(df.images.length >= 1);
    assert.ok(df.totalSize > 0);
  });

  it('saves an image to an archive and loads it back after removal', async () => {
    const file = path.join(tempDir('lading-save-'), 'base.tar');
    await vscode.commands.executeCommand('lading.images.save', image.tag, undefined, file);
    assert.ok(existsSync(file) && statSync(file).size > 1000, 'archive written');
    await vscode.commands.executeCommand('lading.images.remove', image.tag, undefined, { confirm: false });
    assert.ok(!(await imageRows(api)).includes('localhost:5000/cmds/base/1'));
    assert.ok(!(await store.blobs.has(image.layerDigests[1])), 'blobs of the removed image are gone');
    const res = await vscode.commands.executeCommand<{ images: { id: string }[] }>('lading.images.load', file);
    assert.equal(res.images[0].id, image.id);
    assert.ok((await imageRows(api)).includes('localhost:5000/cmds/base/1'));
  });

  it('prunes every image', async () => {
    const res = await vscode.commands.executeCommand<{ imagesDeleted: string[] }>('lading.images.prune', { all: true });
    assert.ok(res.imagesDeleted.includes(image.id));
    assert.ok(!(await imageRows(api)).includes('localhost:5000/cmds/base/1'));
  });
});

describe('Import and commit commands', function () {
  let api: LadingApi;

  before(async () => {
    api = await ladingApi();
  });

  it('imports a root file system tarball under a name, then commits a folder onto it', async () => {
    const { writeRootfsTar } = await import('../../helpers/rootfs');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const dir = tempDir('lading-import-');
    const tar = await writeRootfsTar(path.join(dir, 'rootfs.tar'), { files: { 'etc/imported': 'yes\n' } });
    const imported = await vscode.commands.executeCommand<{ id: string; reference: string }>('lading.images.import', { source: tar, reference: 'imported/rootfs:1', changes: ['CMD ["/bin/sh"]'] });
    assert.equal(imported.reference, 'docker.io/imported/rootfs:1');
    assert.ok((await imageRows(api)).includes('imported/rootfs/1'));

    const folder = path.join(dir, 'layer');
    mkdirSync(path.join(folder, 'srv'), { recursive: true });
    writeFileSync(path.join(folder, 'srv', 'index.html'), '<h1>hi</h1>\n');
    const committed = await vscode.commands.executeCommand<{ id: string }>('lading.images.commit', 'imported/rootfs:1', { source: folder, reference: 'imported/site:1' });
    assert.notEqual(committed.id, imported.id);
    const store = await Store.open(process.env.LADING_STORE!);
    const { resolveImage } = await import('../../../src/engine/store/images');
    const img = await resolveImage(store, 'imported/site:1');
    assert.equal(img.manifest.layers.length, 2);
  });
});
