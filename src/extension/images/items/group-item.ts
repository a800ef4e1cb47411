// A repository (or registry) heading in the Images view.
import * as vscode from 'vscode';
import { DANGLING, ImageGroup } from '../image-groups';

export class ImageGroupItem extends vscode.TreeItem {
  readonly kind = 'group' as const;

  constructor(readonly group: ImageGroup) {
    super(group.label, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `group:${group.label}`;
    this.contextValue = 'lading.group';
    this.iconPath = new vscode.ThemeIcon(group.label === DANGLING ? 'circle-slash' : 'repo');
    this.description = `${group.entries.length} image${group.entries.length === 1 ? '' : 's'}`;
  }
}
