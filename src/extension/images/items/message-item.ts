// A plain line in a tree: "No images", an error, "Load more…".
import * as vscode from 'vscode';

export class MessageItem extends vscode.TreeItem {
  readonly kind = 'message' as const;

  constructor(label: string, icon = 'info', command?: vscode.Command) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.iconPath = new vscode.ThemeIcon(icon);
    this.contextValue = 'lading.message';
    if (command) this.command = command;
  }
}
