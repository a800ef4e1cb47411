// One image name (a tag, or <none> for a dangling image) in the Images view.
import * as vscode from 'vscode';
import { formatPlatform } from '../../../engine/image/types';
import { shortId } from '../../../engine/store/images';
import { humanSize, timeAgo } from '../../../engine/format/units';
import { GroupBy } from '../../config';
import { ImageEntry } from '../image-groups';

export class ImageItem extends vscode.TreeItem {
  readonly kind = 'image' as const;

  constructor(readonly entry: ImageEntry, groupBy: GroupBy) {
    super(ImageItem.label(entry, groupBy), vscode.TreeItemCollapsibleState.Collapsed);
    const img = entry.image;
    this.id = `image:${entry.fullTag ?? img.id}`;
    this.contextValue = entry.fullTag ? 'lading.image' : 'lading.image.dangling';
    this.iconPath = new vscode.ThemeIcon(entry.fullTag ? 'package' : 'circle-slash');
    this.description = `${timeAgo(img.created)} · ${humanSize(img.size)}`;
    this.tooltip = ImageItem.tooltip(entry);
  }

  /** The name commands act on: the tag, or the image ID for a dangling image. */
  get reference(): string {
    return this.entry.fullTag ?? this.entry.image.id;
  }

  private static label(e: ImageEntry, groupBy: GroupBy): string {
    if (!e.fullTag) return `${e.image.id.slice(7, 19)}`;
    if (groupBy === 'repository') return e.tag;
    return e.familiar;
  }

  static tooltip(e: ImageEntry): vscode.MarkdownString {
    const img = e.image;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${e.familiar}**\n\n`);
    const rows: [string, string][] = [
      ['ID', `\`${shortId(img.id)}\``],
      ['Created', img.created ? `${img.created.toISOString()} (${timeAgo(img.created)})` : 'unknown'],
      ['Size', humanSize(img.size)],
      ['Platform', formatPlatform(img.config)],
      ['Layers', String(img.manifest.layers.length)],
    ];
    md.appendMarkdown(rows.map(([k, v]) => `${k}: ${v}`).join('  \n'));
    if (img.repoDigests.length) md.appendMarkdown(`\n\nDigests:  \n${img.repoDigests.map((d) => `\`${d}\``).join('  \n')}`);
    if (img.repoTags.length > 1) md.appendMarkdown(`\n\nTags:  \n${img.repoTags.map((t) => `\`${t}\``).join('  \n')}`);
    return md;
  }
}
