// Push to and pull from a real registry on 127.0.0.1 (distribution 2.8), and browse it in the
// Registries view: catalog → repository → tag, manifest digest.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LadingApi } from '../../../src/extension/extension';
import { Store } from '../../../src/engine/store/store';
import { haveRegistry, RegistryServer, startRegistry } from '../../fixtures/registry/registry-server';
import { makeImage, FixtureImage } from '../fixtures';
import { imageRows, labelOf, ladingApi } from './helpers';

describe('Registry commands', function () {
  let api: LadingApi;
  let store: Store;
  let registry: RegistryServer;
  let image: FixtureImage;
  let ref: string;

  before(async function () {
    if (!haveRegistry()) this.skip();
    api = await ladingApi();
    store = await Store.open(process.env.LADING_STORE!);
    registry = await startRegistry();
    ref = `${registry.host}/team/web:1.0`;
    image = await makeImage(store, ref, { appFiles: { 'app/web.txt': 'web\n' } });
  });

  after(async () => {
    await registry?.stop();
  });

  it('pushes an image to the registry', async () => {
    const res = await vscode.commands.executeCommand<{ pushed: { reference: string; digest: string }[] }[]>('lading.images.push', ref);
    assert.equal(res.length, 1);
    assert.match(res[0].pushed[0].digest, /^sha256:[a-f0-9]{64}$/);
  });

  it('browses the registry: catalog, tags, manifest digest', async () => {
    await vscode.commands.executeCommand('lading.registries.add', registry.host);
    const roots = await api.registries.getChildren();
    const reg = roots.find((n) => labelOf(n) === registry.host);
    assert.ok(reg, roots.map(labelOf).join(', '));
    const repos = await api.registries.getChildren(reg);
    const repo = repos.find((n) => labelOf(n) === 'team/web');
    assert.ok(repo, repos.map(labelOf).join(', '));
    const tags = await api.registries.getChildren(repo);
    assert.deepEqual(tags.map(labelOf), ['1.0']);
    const digestRef = await vscode.commands.executeCommand<string>('lading.registries.copyDigest', tags[0]);
    assert.match(digestRef, new RegExp(`^${registry.host}/team/web@sha256:[a-f0-9]{64}$`));
    await vscode.commands.executeCommand('lading.registries.remove', registry.host);
  });

  it('pulls the image back after removing it locally', async () => {
    await vscode.commands.executeCommand('lading.images.remove', ref, undefined, { confirm: false });
    assert.ok(!(await imageRows(api)).includes(`${registry.host}/team/web/1.0`));
    const res = await vscode.commands.executeCommand<{ images: { id: string }[] }>('lading.images.pull', ref);
    assert.equal(res.images[0].id, image.id);
    assert.ok((await imageRows(api)).includes(`${registry.host}/team/web/1.0`));
  });
});

describe('Registry login', function () {
  let registry: RegistryServer;
  let store: Store;
  const ref = () => `${registry.host}/private/app:1`;

  before(async function () {
    if (!haveRegistry()) this.skip();
    await ladingApi();
    store = await Store.open(process.env.LADING_STORE!);
    registry = await startRegistry({ htpasswd: { user: 'ada', password: 's3cret-pass' } });
    await makeImage(store, ref(), { appFiles: { 'app/private.txt': 'private\n' } });
  });

  after(async () => {
    await registry?.stop();
  });

  async function catalogRows(): Promise<string[]> {
    const api = await ladingApi();
    api.registries.reload();
    const reg = (await api.registries.getChildren()).find((n) => labelOf(n) === registry.host)!;
    return (await api.registries.getChildren(reg)).map(labelOf);
  }

  it('refuses wrong credentials; the registry stays closed', async () => {
    const res = await vscode.commands.executeCommand('lading.registry.login', { registry: registry.host, username: 'ada', password: 'wrong' });
    assert.equal(res, undefined);
    await vscode.commands.executeCommand('lading.registries.add', registry.host);
    const rows = await catalogRows();
    assert.match(rows.join(' '), /unauthorized/);
  });

  it('logs in (secret storage), pushes with those credentials, and logs out', async () => {
    const name = await vscode.commands.executeCommand<string>('lading.registry.login', { registry: registry.host, username: 'ada', password: 's3cret-pass' });
    assert.equal(name, registry.host);
    const pushed = await vscode.commands.executeCommand<{ pushed: { digest: string }[] }[]>('lading.images.push', ref());
    assert.ok(pushed?.[0]?.pushed[0]?.digest, 'pushed with the stored credentials');
    assert.deepEqual(await catalogRows(), ['private/app']);
    assert.equal(await vscode.commands.executeCommand('lading.registry.logout', registry.host), true);
    assert.match((await catalogRows()).join(' '), /unauthorized/);
    await vscode.commands.executeCommand('lading.registries.remove', registry.host);
  });
});
