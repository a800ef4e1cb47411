// A file or folder inside a layer. Whiteouts are shown struck out in meaning: a "deleted" icon
// and description, since the layer removes that path from the layers below.
import * as vscode from 'vscode';
import { humanSize } from '../../../engine/format/units';
import { LayerEntry } from '../../layerfs/layer-listing';
import { layerFileUri } from '../../layerfs/layer-content-provider';

export class LayerFileItem extends vscode.TreeItem {
  readonly kind = 'file' as const;

  /** `parentId`: the layer or folder row's id (a shared layer appears under several images). */
  constructor(readonly layerDigest: string, readonly entry: LayerEntry, parentId: string) {
    super(entry.name, entry.children && entry.children.size > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.id = `${parentId}/${entry.name}`;
    // The layer's own URI, never a file: one: a row dragged into the editor would otherwise open
    // the same path on this machine rather than the file inside the layer.
    const uri = layerFileUri(layerDigest, entry.path);
    if (entry.whiteout === 'file') {
      this.description = 'deleted (whiteout)';
      this.iconPath = new vscode.ThemeIcon('trash', new vscode.ThemeColor('errorForeground'));
      this.contextValue = 'lading.whiteout';
    } else if (entry.children) {
      this.resourceUri = uri;
      this.iconPath = vscode.ThemeIcon.Folder;
      this.contextValue = 'lading.layerFolder';
      if (entry.whiteout === 'opaque') this.description = 'opaque (hides lower layers)';
    } else {
      this.resourceUri = uri;
      this.iconPath = vscode.ThemeIcon.File;
      this.contextValue = 'lading.layerFile';
      if (entry.type === 'symlink' || entry.type === 'link') {
        this.description = `→ ${entry.linkname ?? ''}`;
      } else {
        this.description = humanSize(entry.size);
      }
      if (entry.type === 'file' || entry.type === 'link') {
        this.command = { command: 'vscode.open', title: 'Open', arguments: [layerFileUri(layerDigest, entry.path), { preview: true }] };
      }
    }
    this.tooltip = `/${entry.path}`;
  }
}
