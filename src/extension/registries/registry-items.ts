// Rows of the Registries view: registry → repository → tag, plus "Load more…".
import * as vscode from 'vscode';
import { DOCKER_HUB } from './registry-list';

export class RegistryItem extends vscode.TreeItem {
  readonly kind = 'registry' as const;
  constructor(readonly registry: string) {
    super(registry === DOCKER_HUB ? 'Docker Hub' : registry, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `registry:${registry}`;
    this.description = registry === DOCKER_HUB ? 'docker.io' : undefined;
    this.contextValue = registry === DOCKER_HUB ? 'lading.registry.hub' : 'lading.registry';
    this.iconPath = new vscode.ThemeIcon(registry === DOCKER_HUB ? 'globe' : 'server');
  }
}

export class RemoteRepositoryItem extends vscode.TreeItem {
  readonly kind = 'repository' as const;
  constructor(readonly registry: string, readonly repository: string) {
    super(registry === DOCKER_HUB ? repository.replace(/^library\//, '') : repository, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `repo:${registry}/${repository}`;
    this.contextValue = 'lading.remoteRepository';
    this.iconPath = new vscode.ThemeIcon('repo');
  }
  get fullName(): string {
    return `${this.registry}/${this.repository}`;
  }
}

export class RemoteTagItem extends vscode.TreeItem {
  readonly kind = 'tag' as const;
  constructor(readonly registry: string, readonly repository: string, readonly tag: string) {
    super(tag, vscode.TreeItemCollapsibleState.None);
    this.id = `tag:${registry}/${repository}:${tag}`;
    this.contextValue = 'lading.remoteTag';
    this.iconPath = new vscode.ThemeIcon('tag');
    this.tooltip = this.reference;
  }
  /** Full reference: `localhost:5000/app:1.0`. */
  get reference(): string {
    return `${this.registry}/${this.repository}:${this.tag}`;
  }
}

export class LoadMoreItem extends vscode.TreeItem {
  readonly kind = 'more' as const;
  constructor(readonly parent: RegistryItem | RemoteRepositoryItem) {
    super('Load more…', vscode.TreeItemCollapsibleState.None);
    this.id = `more:${parent.id}`;
    this.iconPath = new vscode.ThemeIcon('ellipsis');
    this.contextValue = 'lading.loadMore';
    this.command = { command: 'lading.registries.loadMore', title: 'Load more', arguments: [parent] };
  }
}
