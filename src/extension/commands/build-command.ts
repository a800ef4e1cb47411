// Build an image from a Dockerfile (lading build): the Dockerfile's folder is the context, the
// tag is asked for (checked as the engine checks references). The engine loads with the network
// bundle, since FROM may pull.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { network } from '../network-loader';
import { reportError, runWithProgress } from '../progress';
import { CommandRegistration, validateReference } from './deps';

async function dockerfileUri(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.file(arg);
  const active = vscode.window.activeTextEditor?.document;
  if (active && (active.languageId === 'dockerfile' || /Dockerfile/i.test(path.basename(active.uri.fsPath)))) return active.uri;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Build', title: 'Dockerfile to build' });
  return picked?.[0];
}

export const registerBuildCommand: CommandRegistration = (deps) => [
  vscode.commands.registerCommand('lading.build', async (arg?: unknown, tag?: unknown) => {
    const { services } = deps;
    try {
      const file = await dockerfileUri(arg);
      if (!file || file.scheme !== 'file') return undefined;
      const folder = path.dirname(file.fsPath);
      const name =
        typeof tag === 'string'
          ? tag
          : await vscode.window.showInputBox({
              prompt: `Tag for the image built from ${path.basename(file.fsPath)} (empty: untagged)`,
              placeHolder: 'repository:tag, e.g. my-app:1.0',
              value: `${path.basename(folder).toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}:latest`,
              validateInput: (v) => (v.trim() === '' ? undefined : validateReference(v) ?? (v.includes('@') ? 'A tag cannot contain a digest' : undefined)),
            });
      if (name === undefined) return undefined;
      const { buildImage } = network();
      const store = await services.networkStore();
      const opts = await services.registryOptions();
      const tags = name.trim() ? [name.trim()] : [];
      const res = await runWithProgress(services, `Building ${path.basename(file.fsPath)}`, (ctx) => buildImage(store, { ...opts, context: folder, file: file.fsPath, tags }, ctx));
      services.log(`Successfully built ${res.id.slice(7, 19)}`);
      for (const t of tags) services.log(`Successfully tagged ${t}`);
      services.refresh.request('images');
      vscode.window.setStatusBarMessage(`Built ${tags[0] ?? res.id.slice(7, 19)}`, 5000);
      return res;
    } catch (e) {
      reportError(services, e);
      return undefined;
    }
  }),
];
