// The Images view and image commands, in the real extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LadingApi } from '../../../src/extension/extension';
import type { ImagesNode } from '../../../src/extension/images/images-provider';
import { Store } from '../../../src/engine/store/store';
import { makeImage, FixtureImage } from '../fixtures';

async function api(): Promise<LadingApi> {
  const ext = vscode.extensions.getExtension<LadingApi>('lading.lading');
  assert.ok(ext, 'the Lading extension is loaded');
  return ext.isActive ? ext.exports : ext.activate();
}

function label(n: ImagesNode): string {
  return typeof n.label === 'string' ? n.label : n.label?.label ?? '';
}

describe('Images view', function () {
  let lading: LadingApi;
  let store: Store;
  let image: FixtureImage;

  before(async () => {
    lading = await api();
    store = await Store.open(process.env.LADING_STORE!);
    image = await makeImage(store, 'localhost:5000/fixture/app:1.0');
    lading.images.reload();
  });

  it('activates and returns its test API (activation time is reported, not asserted)', () => {
    assert.ok(lading.images, 'images provider exported');
    assert.equal(typeof lading.activationMs, 'number');
    console.log(`      activate() took ${lading.activationMs.toFixed(1)} ms`);
  });

  it('shows the image under its repository, with its layers and sizes', async () => {
    const roots = await lading.images.getChildren();
    const group = roots.find((n) => label(n) === 'localhost:5000/fixture/app');
    assert.ok(group, `repository group present in ${roots.map(label).join(', ')}`);
    const tags = await lading.images.getChildren(group);
    assert.deepEqual(tags.map(label), ['1.0']);
    assert.match(String(tags[0].description), /kB|MB/);
    const layers = await lading.images.getChildren(tags[0]);
    // 4 history rows: 2 layers + 2 empty-layer steps, in order; then the wasted-space row.
    assert.equal(layers.length, 5);
    assert.equal(layers[4].kind, 'wasted');
    // Expanding an image reads no layer for it: the analysis waits for its own row to be expanded.
    assert.equal(layers[4].description, 'expand to analyze every layer');
    assert.equal(await lading.images.wastedSpaceOf(image.id), undefined);
    assert.equal(label(layers[0]), 'ADD file:4f1c2b in /');
    assert.equal(layers[1].contextValue, 'lading.history');
    assert.equal(label(layers[2]), 'COPY app/ /app/');
    const sizeText = (await import('../../../src/engine/format/units')).humanSize(image.layerSizes[1]);
    assert.ok(String(layers[2].description).startsWith(sizeText), `${layers[2].description} starts with ${sizeText}`);
    assert.ok(String(layers[2].description).includes(image.layerDigests[1].slice(7, 19)));
  });

  it('computes the wasted space when its row is expanded and lists the wasting paths under it', async () => {
    const group = (await lading.images.getChildren()).find((n) => label(n) === 'localhost:5000/fixture/app')!;
    const [tag] = await lading.images.getChildren(group);
    const unexpanded = (await lading.images.getChildren(tag)).find((n) => n.kind === 'wasted')!;
    const first = await lading.images.getChildren(unexpanded);
    assert.ok(first.length === 1 && ['Reading every layer…', '/etc/passwd'].includes(label(first[0])), first.map(label).join(', '));
    const done = await lading.images.wastedSpaceOf(image.id);
    assert.ok(done?.result, done?.error ?? 'analysis started by expanding the row');
    const row = (await lading.images.getChildren(tag)).find((n) => n.kind === 'wasted')!;
    // both layers write /etc/passwd (30 bytes): dive counts both versions
    assert.match(label(row), /^Wasted space: 60B \(efficiency \d+(\.\d)?%\)$/);
    const paths = await lading.images.getChildren(row);
    assert.deepEqual(paths.map(label), ['/etc/passwd']);
    assert.equal(paths[0].description, '60B · 2× · layers 1, 2');
  });

  it('lists a layer\'s files, marks whiteouts and opens a file read-only', async () => {
    const group = (await lading.images.getChildren()).find((n) => label(n) === 'localhost:5000/fixture/app')!;
    const [tag] = await lading.images.getChildren(group);
    const layers = await lading.images.getChildren(tag);
    const files = await lading.images.getChildren(layers[2]);
    assert.deepEqual(files.map(label).sort(), ['app', 'bin', 'etc', 'tmp']);
    const etc = files.find((f) => label(f) === 'etc')!;
    const etcFiles = await lading.images.getChildren(etc);
    const motd = etcFiles.find((f) => label(f) === 'motd');
    assert.ok(motd, 'whiteout listed under the path it deletes');
    assert.equal(motd.contextValue, 'lading.whiteout');
    const app = await lading.images.getChildren(files.find((f) => label(f) === 'app')!);
    const hello = app.find((f) => label(f) === 'hello.txt')!;
    const uri = hello.command!.arguments![0] as vscode.Uri;
    // The row names the file inside the layer, never the same path on this machine.
    assert.equal(hello.resourceUri?.toString(), uri.toString());
    assert.equal(uri.scheme, 'lading-layer');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.getText(), 'hello from the app layer\n');
  });

  it('groups by registry when configured', async () => {
    const cfg = vscode.workspace.getConfiguration('lading');
    await cfg.update('images.groupBy', 'registry', vscode.ConfigurationTarget.Global);
    try {
      const roots = await lading.images.getChildren();
      assert.ok(roots.some((n) => label(n) === 'localhost:5000'), roots.map(label).join(', '));
    } finally {
      await cfg.update('images.groupBy', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('filters images by name', async () => {
    await vscode.commands.executeCommand('lading.images.filter', 'no-such-thing');
    const roots = await lading.images.getChildren();
    assert.equal(roots.length, 1);
    assert.match(label(roots[0]), /No images match/);
    await vscode.commands.executeCommand('lading.images.clearFilter');
    assert.ok((await lading.images.getChildren()).some((n) => label(n) === 'localhost:5000/fixture/app'));
  });

  it('inspects an image into a read-only JSON document', async () => {
    const uri = await vscode.commands.executeCommand<string>('lading.images.inspect', image.tag);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    assert.ok(doc, 'inspect document open');
    const json = JSON.parse(doc.getText());
    assert.equal(json[0].Id, image.id);
    assert.deepEqual(json[0].RepoTags, [image.tag]);
  });

  it('copies the image ID', async () => {
    await vscode.commands.executeCommand('lading.images.copyId', image.tag);
    assert.equal(await vscode.env.clipboard.readText(), image.id);
  });

  it('follows the store: an image added outside the extension appears without a refresh command', async () => {
    await makeImage(store, 'localhost:5000/fixture/other:2', { appFiles: { 'app/other.txt': 'other\n' } });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const roots = await lading.images.getChildren();
      if (roots.some((n) => label(n) === 'localhost:5000/fixture/other')) break;
      assert.ok(Date.now() < deadline, 'the store watcher refreshed the tree');
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  it('gives every row a unique id when one image has two tags and layers are shared', async () => {
    await vscode.commands.executeCommand('lading.images.tag', image.tag, 'localhost:5000/fixture/app:latest');
    lading.images.reload();
    const ids: string[] = [];
    const walk = async (node: ImagesNode | undefined, depth: number): Promise<void> => {
      for (const child of await lading.images.getChildren(node)) {
        if (child.id) ids.push(child.id);
        if (depth < 4 && child.collapsibleState !== vscode.TreeItemCollapsibleState.None) await walk(child, depth + 1);
      }
    };
    await walk(undefined, 0);
    assert.ok(ids.length > 20, `walked ${ids.length} rows`);
    assert.equal(new Set(ids).size, ids.length, 'duplicate tree ids');
  });
});
