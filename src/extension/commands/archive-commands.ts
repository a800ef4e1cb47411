// Save images to a tar archive and load archives (docker save / load).
import { createReadStream } from 'node:fs';
import * as vscode from 'vscode';
import { humanSize } from '../../engine/format/units';
import { load } from '../../engine/ops/load';
import { save, ArchiveLayout } from '../../engine/ops/save';
import { reportError, runWithProgress } from '../progress';
import { CommandRegistration, displayName, refsOrPick } from './deps';

export const registerArchiveCommands: CommandRegistration = (deps) => [
  vscode.commands.registerCommand('lading.images.save', async (arg?: unknown, selection?: unknown, dest?: string, format?: ArchiveLayout) => {
    const { services } = deps;
    try {
      const refs = await refsOrPick(deps, arg, selection, 'Image to save');
      if (!refs.length) return undefined;
      let file = typeof dest === 'string' ? dest : undefined;
      if (!file) {
        const base = displayName(refs[0]).replace(/[/:@]+/g, '_');
        const uri = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.file(`${vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.env.HOME ?? '/tmp'}/${base}.tar`),
          filters: { 'Image archive': ['tar', 'tar.gz', 'tgz'] },
          title: 'Save image archive',
        });
        if (!uri) return undefined;
        file = uri.fsPath;
      }
      const store = await services.store();
      const res = await runWithProgress(services, `Saving ${refs.map(displayName).join(', ')}`, (ctx) =>
        save(store, refs, file!, { ...ctx, format, gzip: /\.(tgz|gz)$/.test(file!) }),
      );
      services.log(`Saved ${res.images.length} image(s) to ${file} (${humanSize(res.bytes)})`);
      vscode.window.setStatusBarMessage(`Saved ${file}`, 5000);
      return res;
    } catch (e) {
      reportError(services, e);
      return undefined;
    }
  }),
  vscode.commands.registerCommand('lading.images.load', async (source?: string | vscode.Uri) => {
    const { services } = deps;
    try {
      let file = typeof source === 'string' ? source : source instanceof vscode.Uri ? source.fsPath : undefined;
      if (!file) {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Image archive': ['tar', 'gz', 'tgz'], 'All files': ['*'] }, title: 'Load image archive' });
        if (!picked?.length) return undefined;
        file = picked[0].fsPath;
      }
      const store = await services.store();
      const res = await runWithProgress(services, `Loading ${file}`, (ctx) => load(store, createReadStream(file!), ctx));
      for (const img of res.images) services.log(img.names.length ? img.names.map((n) => `Loaded image: ${displayName(n)}`).join('\n') : `Loaded image ID: ${img.id}`);
      services.refresh.request('images');
      void vscode.window.showInformationMessage(`Lading: loaded ${res.images.length} image(s) from ${file}.`);
      return res;
    } catch (e) {
      reportError(services, e);
      return undefined;
    }
  }),
];
