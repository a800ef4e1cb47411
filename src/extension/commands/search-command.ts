// Search Docker Hub (or another index) in a QuickPick whose results follow the typed text;
// picking a result pulls it.
import * as vscode from 'vscode';
import { network } from '../network-loader';
import { reportError } from '../progress';
import { CommandRegistration } from './deps';
import { pullImage } from './transfer-commands';

export const registerSearchCommand: CommandRegistration = (deps) => [
  vscode.commands.registerCommand('lading.images.search', async (term?: string) => {
    const { services } = deps;
    const { search } = network();
    if (typeof term === 'string') return search(term, { ...(await services.registryOptions()), limit: 25 });
    const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { name?: string }>();
    qp.placeholder = 'Search images (Docker Hub), e.g. nginx — Enter pulls the selection';
    qp.matchOnDescription = true;
    let abort: AbortController | undefined;
    let timer: NodeJS.Timeout | undefined;
    const run = (text: string) => {
      abort?.abort();
      if (text.trim().length < 2) {
        qp.items = [];
        qp.busy = false;
        return;
      }
      const a = (abort = new AbortController());
      qp.busy = true;
      void services
        .registryOptions()
        .then((opts) => search(text.trim(), { ...opts, limit: 25, signal: a.signal }))
        .then((results) => {
          if (a.signal.aborted) return;
          qp.items = results.map((r) => ({
            label: `${r.isOfficial ? '$(verified-filled) ' : ''}${r.name}`,
            description: `★ ${r.starCount}`,
            detail: r.description,
            name: r.name,
          }));
        })
        .catch((e) => {
          if (!a.signal.aborted) qp.items = [{ label: `$(error) ${(e as Error).message}` }];
        })
        .finally(() => {
          if (!a.signal.aborted) qp.busy = false;
        });
    };
    qp.onDidChangeValue((v) => {
      clearTimeout(timer);
      timer = setTimeout(() => run(v), 300);
    });
    return new Promise<unknown>((resolve) => {
      qp.onDidAccept(async () => {
        const pick = qp.selectedItems[0];
        qp.hide();
        if (!pick?.name) return resolve(undefined);
        try {
          resolve(await pullImage(deps, pick.name));
        } catch (e) {
          reportError(services, e);
          resolve(undefined);
        }
      });
      qp.onDidHide(() => {
        abort?.abort();
        clearTimeout(timer);
        qp.dispose();
        resolve(undefined);
      });
      qp.show();
    });
  }),
];
