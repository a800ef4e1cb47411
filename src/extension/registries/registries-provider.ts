// The Registries view. Catalogs and tag lists are fetched on expand, a page at a time; "Load
// more…" asks for the next page. Docker Hub has no catalog: its repositories are those added.
import * as vscode from 'vscode';
import { network } from '../network-loader';
import { LadingServices } from '../services';
import { MessageItem } from '../images/items/message-item';
import { LoadMoreItem, RegistryItem, RemoteRepositoryItem, RemoteTagItem } from './registry-items';
import { DOCKER_HUB, RegistryList } from './registry-list';

export type RegistriesNode = RegistryItem | RemoteRepositoryItem | RemoteTagItem | LoadMoreItem | MessageItem;

export const PAGE_SIZE = 50;

interface Listing {
  items: string[];
  /** True when the last fetch returned a full page (there may be more). */
  more: boolean;
  pages: number;
}

export class RegistriesProvider implements vscode.TreeDataProvider<RegistriesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RegistriesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly listings = new Map<string, Listing>();
  private readonly sub: vscode.Disposable;

  constructor(private readonly services: LadingServices, readonly list: RegistryList) {
    this.sub = services.refresh.onRefresh('registries')(() => this.reload());
  }

  reload(): void {
    this.listings.clear();
    this.changed.fire(undefined);
  }

  getTreeItem(node: RegistriesNode): vscode.TreeItem {
    return node;
  }

  async getChildren(node?: RegistriesNode): Promise<RegistriesNode[]> {
    try {
      if (!node) return this.list.all().map((r) => new RegistryItem(r.name));
      if (node instanceof RegistryItem) return await this.repositories(node);
      if (node instanceof RemoteRepositoryItem) return await this.tags(node);
      return [];
    } catch (e) {
      return [new MessageItem((e as Error).message, 'error')];
    }
  }

  /** Fetches one more page for this node and redraws it. */
  async loadMore(parent: RegistryItem | RemoteRepositoryItem): Promise<void> {
    const l = this.listings.get(parent.id!);
    if (l) await this.fetch(parent, l.pages + 1);
    this.changed.fire(parent);
  }

  private async fetch(parent: RegistryItem | RemoteRepositoryItem, pages: number): Promise<Listing> {
    const opts = await this.services.registryOptions();
    const limit = pages * PAGE_SIZE;
    let items: string[];
    if (parent instanceof RegistryItem) {
      const { catalog } = network();
      items = await catalog(parent.registry, { ...opts, pageSize: PAGE_SIZE, limit });
    } else {
      const { listTags } = network();
      items = await listTags(parent.fullName, { ...opts, pageSize: PAGE_SIZE, limit });
    }
    const listing = { items, more: items.length >= limit, pages };
    this.listings.set(parent.id!, listing);
    return listing;
  }

  private async repositories(node: RegistryItem): Promise<RegistriesNode[]> {
    const saved = this.list.all().find((r) => r.name === node.registry)?.repositories ?? [];
    if (node.registry === DOCKER_HUB) {
      if (!saved.length) return [new MessageItem('Add a repository (e.g. library/alpine) from the context menu', 'info', { command: 'lading.registries.addRepository', title: 'Add repository', arguments: [node] })];
      return saved.map((r) => new RemoteRepositoryItem(node.registry, r));
    }
    const listing = this.listings.get(node.id!) ?? (await this.fetch(node, 1));
    const names = [...new Set([...saved, ...listing.items])];
    const out: RegistriesNode[] = names.map((r) => new RemoteRepositoryItem(node.registry, r));
    if (listing.more) out.push(new LoadMoreItem(node));
    if (!out.length) out.push(new MessageItem('No repositories', 'info'));
    return out;
  }

  private async tags(node: RemoteRepositoryItem): Promise<RegistriesNode[]> {
    const listing = this.listings.get(node.id!) ?? (await this.fetch(node, 1));
    const out: RegistriesNode[] = listing.items.map((t) => new RemoteTagItem(node.registry, node.repository, t));
    if (listing.more) out.push(new LoadMoreItem(node));
    if (!out.length) out.push(new MessageItem('No tags', 'info'));
    return out;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
