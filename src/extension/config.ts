// Typed access to the `lading.*` settings.
import * as vscode from 'vscode';

export type GroupBy = 'repository' | 'registry' | 'none';
export type SortBy = 'created' | 'name' | 'size';

export interface LadingSettings {
  storePath: string;
  registryMirrors: string[];
  insecureRegistries: string[];
  maxConcurrentTransfers: number;
  groupBy: GroupBy;
  sortBy: SortBy;
}

export function readSettings(): LadingSettings {
  const c = vscode.workspace.getConfiguration('lading');
  return {
    storePath: c.get<string>('storePath', '').trim(),
    registryMirrors: c.get<string[]>('registryMirrors', []),
    insecureRegistries: c.get<string[]>('insecureRegistries', []),
    maxConcurrentTransfers: Math.max(1, c.get<number>('maxConcurrentTransfers', 3)),
    groupBy: c.get<GroupBy>('images.groupBy', 'repository'),
    sortBy: c.get<SortBy>('images.sortBy', 'created'),
  };
}
