// Registries view: connect/disconnect registries, add repositories, page, pull a tag, copy a tag
// or its digest, inspect its manifest.
import * as vscode from 'vscode';
import { normalizeRegistryName } from '../../engine/registry/hosts';
import { network } from '../network-loader';
import { reportError } from '../progress';
import { LoadMoreItem, RegistryItem, RemoteRepositoryItem, RemoteTagItem } from '../registries/registry-items';
import { RegistriesProvider } from '../registries/registries-provider';
import { CommandDeps } from './deps';
import { pullImage } from './transfer-commands';

async function fetchManifest(deps: CommandDeps, tag: RemoteTagItem): Promise<{ digest: string; mediaType: string; json: unknown }> {
  const { RegistryConnector, RepositoryClient } = network();
  const connector = await RegistryConnector.create(await deps.services.registryOptions());
  try {
    const client = new RepositoryClient(connector.session(tag.registry), tag.repository);
    const m = await client.getManifest(tag.tag);
    return { digest: m.digest, mediaType: m.mediaType, json: JSON.parse(m.data.toString('utf8')) };
  } finally {
    await connector.close();
  }
}

export function registerRegistryCommands(deps: CommandDeps, registries: RegistriesProvider): vscode.Disposable[] {
  const { services } = deps;
  const guard = <A extends unknown[]>(fn: (...a: A) => Promise<unknown>) => async (...a: A) => {
    try {
      return await fn(...a);
    } catch (e) {
      reportError(services, e);
      return undefined;
    }
  };
  return [
    vscode.commands.registerCommand('lading.registries.refresh', () => registries.reload()),
    vscode.commands.registerCommand('lading.registries.add', guard(async (host?: string) => {
      const value = typeof host === 'string' ? host : await vscode.window.showInputBox({ prompt: 'Registry to connect (host[:port])', placeHolder: 'localhost:5000, ghcr.io', validateInput: (v) => (/^[\w.-]+(:\d+)?$/.test(normalizeRegistryName(v)) ? undefined : 'Enter host or host:port') });
      if (!value) return undefined;
      const r = await registries.list.add(value);
      registries.reload();
      return r.name;
    })),
    vscode.commands.registerCommand('lading.registries.remove', guard(async (item?: RegistryItem | string) => {
      const name = typeof item === 'string' ? normalizeRegistryName(item) : item?.registry;
      if (!name) return;
      await registries.list.remove(name);
      registries.reload();
    })),
    vscode.commands.registerCommand('lading.registries.addRepository', guard(async (item?: RegistryItem, repo?: string) => {
      const registry = item?.registry ?? 'docker.io';
      const value = typeof repo === 'string' ? repo : await vscode.window.showInputBox({ prompt: `Repository on ${registry}`, placeHolder: 'library/alpine' });
      if (!value) return;
      const name = registry === 'docker.io' && !value.includes('/') ? `library/${value.trim()}` : value.trim();
      await registries.list.addRepository(registry, name);
      registries.reload();
    })),
    vscode.commands.registerCommand('lading.registries.loadMore', guard(async (parent: LoadMoreItem['parent']) => registries.loadMore(parent))),
    vscode.commands.registerCommand('lading.registries.pullTag', guard(async (item: RemoteTagItem) => pullImage(deps, item.reference))),
    vscode.commands.registerCommand('lading.registries.copyTag', guard(async (item: RemoteTagItem) => {
      await vscode.env.clipboard.writeText(item.reference);
      return item.reference;
    })),
    vscode.commands.registerCommand('lading.registries.copyDigest', guard(async (item: RemoteTagItem) => {
      const m = await fetchManifest(deps, item);
      const text = `${item.registry}/${item.repository}@${m.digest}`;
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
      return text;
    })),
    vscode.commands.registerCommand('lading.registries.inspectManifest', guard(async (item: RemoteTagItem) => {
      const m = await fetchManifest(deps, item);
      const doc = await deps.inspect.show(`${item.repository}:${item.tag} manifest`, { digest: m.digest, mediaType: m.mediaType, manifest: m.json });
      return doc.uri.toString();
    })),
    vscode.commands.registerCommand('lading.registries.copyRepository', guard(async (item: RemoteRepositoryItem) => {
      await vscode.env.clipboard.writeText(item.fullName);
      return item.fullName;
    })),
  ];
}
