// The "Wasted space" row under an image: dive's efficiency numbers, computed when the row is
// first expanded (reading every layer's headers), with the most wasting paths as its children.
import * as vscode from 'vscode';
import { humanSize } from '../../../engine/format/units';
import { EfficiencyResult } from '../../../engine/ops/efficiency';
import type { ImageItem } from './image-item';

/** Rounded down, so an image with any waste never reads as 100%. */
function percent(fraction: number): string {
  return `${Math.floor(fraction * 1000) / 10}%`;
}

export class WastedSpaceItem extends vscode.TreeItem {
  readonly kind = 'wasted' as const;

  readonly result: EfficiencyResult | undefined;

  /**
   * `analysis` undefined: not started (expanding the row starts it); without result or error:
   * computing. `image` is the row above, redrawn when the numbers are in.
   */
  constructor(readonly imageId: string, analysis: { result?: EfficiencyResult; error?: string } | undefined, readonly image: ImageItem) {
    const result = analysis?.result;
    const expandable = !analysis || (!result && !analysis.error) || Boolean(result?.paths.length);
    super(WastedSpaceItem.label(result), expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.result = result;
    this.id = `${image.id}/wasted`;
    this.contextValue = 'lading.wastedSpace';
    if (!result) {
      this.description = !analysis ? 'expand to analyze every layer' : analysis.error ?? 'computing…';
      this.iconPath = new vscode.ThemeIcon(!analysis ? 'search' : analysis.error ? 'error' : 'loading~spin');
      return;
    }
    this.iconPath = new vscode.ThemeIcon(result.wastedBytes > 0 ? 'trash' : 'pass');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(
      [
        `Efficiency: ${(result.efficiency * 100).toFixed(4)} %`,
        `Wasted: ${humanSize(result.wastedBytes)} (${result.wastedBytes} bytes) of ${humanSize(result.totalBytes)}`,
        `Wasted over the layers above the base: ${(result.userWastedPercent * 100).toFixed(4)} %`,
        '',
        'A file written in more than one layer, or written and later deleted, counts with all its versions (as dive counts it).',
      ].join('  \n'),
    );
    this.tooltip = md;
  }

  private static label(r: EfficiencyResult | undefined): string {
    return r ? `Wasted space: ${humanSize(r.wastedBytes)} (efficiency ${percent(r.efficiency)})` : 'Wasted space';
  }
}
