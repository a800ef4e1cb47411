// One path that wastes space in an image: written in several layers or deleted after being
// written. Layer numbers count the image's layers from 1 at the base (history steps that made
// no layer are not counted).
import * as vscode from 'vscode';
import { humanSize } from '../../../engine/format/units';
import { WastedPath } from '../../../engine/ops/efficiency';

export class WastedPathItem extends vscode.TreeItem {
  readonly kind = 'wastedPath' as const;

  constructor(readonly wasted: WastedPath, parentId: string) {
    super(wasted.path, vscode.TreeItemCollapsibleState.None);
    this.id = `${parentId}${wasted.path}`;
    this.contextValue = 'lading.wastedPath';
    this.iconPath = vscode.ThemeIcon.File;
    const layers = wasted.layers.map((i) => i + 1).join(', ');
    this.description = `${humanSize(wasted.wastedBytes)} · ${wasted.count}× · layers ${layers}`;
    this.tooltip = `${wasted.path}\nWritten or removed ${wasted.count} times (layers ${layers}); ${wasted.wastedBytes} bytes wasted`;
  }
}
