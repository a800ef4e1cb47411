// Typed access to the `lading.*` settings.
import * as vscode from 'vscode';

export type GroupBy = 'repository' | 'registry' | 'none';
export type SortBy = 'created' | 'name' | 'size';

export interface LadingSettings {
  storePath: string;
  registryMirrors: string[];
  insecureRegistries: string[];
  maxConcurrentDownloads: number;
  maxConcurrentUploads: number;
  groupBy: GroupBy;
  sortBy: SortBy;
}

export function readSettings(): LadingSettings {
  const c = vscode.workspace.getConfiguration('lading');
  return {
    storePath: c.get<string>('storePath', '').trim(),
    registryMirrors: c.get<string[]>('registryMirrors', []),
    insecureRegistries: c.get<string[]>('insecureRegistries', []),
    maxConcurrentDownloads: Math.max(1, c.get<number>('maxConcurrentDownloads', 3)),
    maxConcurrentUploads: Math.max(1, c.get<number>('maxConcurrentUploads', 5)),
    groupBy: c.get<GroupBy>('images.groupBy', 'repository'),
    sortBy: c.get<SortBy>('images.sortBy', 'created'),
  };
}
