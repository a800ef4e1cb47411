// Pull and push, with per-layer progress and a working Cancel.
// Registry and network code (undici) loads on first use, not at activation.
import * as vscode from 'vscode';
import { humanSize } from '../../engine/format/units';
import { network } from '../network-loader';
import { reportError, runWithProgress } from '../progress';
import { CommandRegistration, displayName, refsOrPick, validateReference } from './deps';

export async function pullImage(deps: Parameters<CommandRegistration>[0], reference: string, platform?: string) {
  const { services } = deps;
  const { pull } = network();
  const store = await services.networkStore();
  const opts = await services.registryOptions();
  const res = await runWithProgress(services, `Pulling ${reference}`, (ctx) => pull(store, reference, { ...opts, ...ctx, platform }));
  services.refresh.request('images');
  const downloaded = res.images.reduce((n, i) => n + i.downloaded, 0);
  const upToDate = res.images.every((i) => i.upToDate);
  vscode.window.setStatusBarMessage(upToDate ? `${reference}: image is up to date` : `Pulled ${reference} (${humanSize(downloaded)})`, 5000);
  return res;
}

export const registerTransferCommands: CommandRegistration = (deps) => [
  vscode.commands.registerCommand('lading.images.pull', async (reference?: string, platform?: string) => {
    try {
      const ref =
        typeof reference === 'string'
          ? reference
          : await vscode.window.showInputBox({ prompt: 'Image to pull', placeHolder: 'e.g. alpine:3.20 or localhost:5000/app:1.0', validateInput: validateReference });
      if (!ref) return undefined;
      return await pullImage(deps, ref.trim(), platform);
    } catch (e) {
      reportError(deps.services, e);
      return undefined;
    }
  }),
  vscode.commands.registerCommand('lading.images.push', async (arg?: unknown, selection?: unknown) => {
    const { services } = deps;
    try {
      const refs = (await refsOrPick(deps, arg, selection, 'Image to push')).filter((r) => !r.startsWith('sha256:'));
      if (!refs.length) return undefined;
      const { push } = network();
      const store = await services.networkStore();
      const opts = await services.registryOptions();
      const results = [];
      for (const ref of refs) {
        const res = await runWithProgress(services, `Pushing ${displayName(ref)}`, (ctx) => push(store, ref, { ...opts, ...ctx }));
        for (const p of res.pushed) services.log(`${p.reference}: digest: ${p.digest} size: ${p.size}`);
        results.push(res);
      }
      vscode.window.setStatusBarMessage(`Pushed ${refs.map(displayName).join(', ')}`, 5000);
      return results;
    } catch (e) {
      reportError(services, e);
      return undefined;
    }
  }),
];
