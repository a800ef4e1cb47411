// A row of an image's history: a layer (expandable into its files) or an empty-layer step
// (ENV, CMD… — shown with a dim icon, no size).
import * as vscode from 'vscode';
import { humanSize } from '../../../engine/format/units';
import { StoredImage } from '../../../engine/store/images';
import { LayerRow, instructionText } from '../layer-rows';

export class LayerItem extends vscode.TreeItem {
  readonly kind = 'layer' as const;

  /** `parentId`: the image row's id; one image can sit under several tags, and ids must be unique. */
  constructor(readonly image: StoredImage, readonly row: LayerRow, readonly size: number | undefined, readonly sharedWith: number, parentId: string) {
    super(instructionText(row.history?.created_by) || (row.layer ? `layer ${row.index + 1}` : '(no instruction)'), LayerItem.state(row));
    const digest = row.layer?.digest;
    this.id = `${parentId}/layer:${row.index}`;
    if (digest) {
      const parts = [size === undefined ? '?' : humanSize(size), digest.slice(7, 19)];
      if (sharedWith > 0) parts.push(`shared ×${sharedWith + 1}`);
      this.description = parts.join(' · ');
      this.contextValue = 'lading.layer';
      this.iconPath = new vscode.ThemeIcon(sharedWith > 0 ? 'layers-active' : 'layers');
    } else {
      this.description = 'no layer';
      this.contextValue = 'lading.history';
      this.iconPath = new vscode.ThemeIcon('circle-small', new vscode.ThemeColor('disabledForeground'));
    }
    const md = new vscode.MarkdownString();
    md.appendCodeblock(row.history?.created_by ?? '(no history)', 'shell');
    if (row.history?.created) md.appendMarkdown(`\nCreated: ${row.history.created}  \n`);
    if (digest) {
      md.appendMarkdown(`\nBlob: \`${digest}\`  \nDiffID: \`${row.diffId ?? '?'}\`  \nSize: ${size === undefined ? '?' : humanSize(size)} (compressed ${humanSize(row.layer!.size)})`);
      if (sharedWith > 0) md.appendMarkdown(`  \nShared with ${sharedWith} other image${sharedWith === 1 ? '' : 's'}`);
    }
    this.tooltip = md;
  }

  private static state(row: LayerRow): vscode.TreeItemCollapsibleState {
    return row.layer ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
  }
}
