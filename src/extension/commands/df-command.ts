// System disk usage (docker system df, and the -v table) in a notification and the output channel.
import * as vscode from 'vscode';
import { humanSize } from '../../engine/format/units';
import { diskUsage } from '../../engine/ops/df';
import { reportError } from '../progress';
import { CommandRegistration } from './deps';

export const registerDfCommand: CommandRegistration = ({ services }) => [
  vscode.commands.registerCommand('lading.system.df', async () => {
    try {
      const store = await services.store();
      const df = await diskUsage(store);
      const pct = df.totalSize > 0 ? Math.round((df.reclaimable / df.totalSize) * 100) : 0;
      services.log('TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE');
      services.log(`Images          ${String(df.images.length).padEnd(10)}${String(df.active).padEnd(10)}${humanSize(df.totalSize).padEnd(10)}${humanSize(df.reclaimable)} (${pct}%)`);
      services.log(`Blobs on disk: ${humanSize(df.blobBytes)}`);
      const summary = `${df.images.length} image${df.images.length === 1 ? '' : 's'} using ${humanSize(df.totalSize)} (${humanSize(df.blobBytes)} on disk), ${humanSize(df.reclaimable)} reclaimable`;
      void vscode.window.showInformationMessage(`Lading disk usage: ${summary}`, 'Show Details').then((c) => {
        if (c) services.output.show(true);
      });
      return df;
    } catch (e) {
      reportError(services, e);
      return undefined;
    }
  }),
];
