// Remove images (docker rmi) and prune (image prune / -a).
import * as vscode from 'vscode';
import { humanSize } from '../../engine/format/units';
import { removeImages } from '../../engine/ops/remove';
import { pruneImages } from '../../engine/ops/prune';
import { reportError, runWithProgress } from '../progress';
import { CommandRegistration, displayName, refsOrPick } from './deps';

interface RemoveArgs {
  force?: boolean;
  /** Skip the confirmation (tests, scripted callers). */
  confirm?: boolean;
}

export const registerRemoveCommands: CommandRegistration = (deps) => [
  vscode.commands.registerCommand('lading.images.remove', async (arg?: unknown, selection?: unknown, opts: RemoveArgs = {}) => {
    const { services } = deps;
    try {
      const refs = await refsOrPick(deps, arg, selection, 'Image to remove');
      if (!refs.length) return undefined;
      if (opts.confirm !== false && typeof arg !== 'string') {
        const what = refs.length === 1 ? displayName(refs[0]) : `${refs.length} images`;
        const ok = await vscode.window.showWarningMessage(`Remove ${what}?`, { modal: true }, 'Remove');
        if (ok !== 'Remove') return undefined;
      }
      const store = await services.store();
      const interactive = opts.confirm !== false;
      const res = await runWithProgress(services, `Removing ${refs.length === 1 ? displayName(refs[0]) : `${refs.length} images`}`, (ctx) =>
        removeImages(store, refs, { force: opts.force }, ctx),
      );
      // docker refuses to delete an image by ID while several repositories name it: offer -f.
      const conflicts = res.results.filter((r) => r.error?.code === 'ECONFLICT').map((r) => r.ref);
      if (conflicts.length && interactive && !opts.force) {
        const choice = await vscode.window.showWarningMessage(res.results.find((r) => r.error?.code === 'ECONFLICT')!.error!.message, { modal: true }, 'Force Remove');
        if (choice === 'Force Remove') {
          const forced = await removeImages(store, conflicts, { force: true });
          res.results = res.results.filter((r) => !conflicts.includes(r.ref)).concat(forced.results);
          res.reclaimed += forced.reclaimed;
        }
      }
      for (const item of res.results.flatMap((r) => r.items)) services.log('untagged' in item ? `Untagged: ${item.untagged}` : `Deleted: ${item.deleted}`);
      const errors = res.results.filter((r) => r.error).map((r) => r.error!.message);
      for (const err of errors) services.log(`Error: ${err}`);
      services.refresh.request('images');
      if (errors.length) void vscode.window.showErrorMessage(`Lading: ${errors.join('; ')}`);
      else vscode.window.setStatusBarMessage(`Removed ${refs.map(displayName).join(', ')} (${humanSize(res.reclaimed)} freed)`, 5000);
      return res;
    } catch (e) {
      reportError(services, e);
      return undefined;
    }
  }),
  vscode.commands.registerCommand('lading.images.prune', async (opts?: { all?: boolean; confirm?: boolean }) => {
    const { services } = deps;
    try {
      let all = opts?.all;
      if (all === undefined) {
        const pick = await vscode.window.showQuickPick(
          [
            { label: 'Dangling images', description: 'images with no tag', all: false },
            { label: 'All images', description: 'every image in the store', all: true },
          ],
          { placeHolder: 'Remove which images?' },
        );
        if (!pick) return undefined;
        all = pick.all;
        const ok = await vscode.window.showWarningMessage(all ? 'Remove every image in the store?' : 'Remove all dangling images?', { modal: true }, 'Prune');
        if (ok !== 'Prune') return undefined;
      }
      const store = await services.store();
      const res = await runWithProgress(services, 'Pruning images', (ctx) => pruneImages(store, { all }, ctx));
      for (const item of res.items) services.log('untagged' in item ? `untagged: ${item.untagged}` : `deleted: ${item.deleted}`);
      services.log(`Total reclaimed space: ${humanSize(res.reclaimed)}`);
      services.refresh.request('images');
      void vscode.window.showInformationMessage(`Lading: removed ${res.imagesDeleted.length} image(s), reclaimed ${humanSize(res.reclaimed)}.`);
      return res;
    } catch (e) {
      reportError(services, e);
      return undefined;
    }
  }),
];
