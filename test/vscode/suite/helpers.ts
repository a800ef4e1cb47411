// Shared by the extension-host suites: the activated extension's API and tree helpers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LadingApi } from '../../../src/extension/extension';

export async function ladingApi(): Promise<LadingApi> {
  const ext = vscode.extensions.getExtension<LadingApi>('lading.lading');
  assert.ok(ext, 'the Lading extension is loaded');
  return ext.isActive ? ext.exports : ext.activate();
}

export function labelOf(n: vscode.TreeItem): string {
  return typeof n.label === 'string' ? n.label : n.label?.label ?? '';
}

/** Every tag row of the Images view, as `group/label` (or `label` when ungrouped). */
export async function imageRows(api: LadingApi): Promise<string[]> {
  api.images.reload();
  const out: string[] = [];
  for (const root of await api.images.getChildren()) {
    if (root.kind === 'group') for (const child of await api.images.getChildren(root)) out.push(`${labelOf(root)}/${labelOf(child)}`);
    else out.push(labelOf(root));
  }
  return out;
}
