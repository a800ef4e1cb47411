// Compare With…: the clicked image against one picked from the store (or the two selected rows,
// or two images asked for in turn from the palette), shown as the same text report the CLI's
// `lading image diff` prints, in an untitled document the user can save or close.
import * as vscode from 'vscode';
import { CancelledError } from '../../engine/errors';
import { renderImageDiff } from '../../engine/format/image-diff-report';
import { diffImages } from '../../engine/ops/image-diff';
import { reportError, runWithProgress } from '../progress';
import { CommandDeps, CommandRegistration, displayName, pickImage, targetRefs } from './deps';

/** Every name in the store but `first`'s: comparing an image with itself says nothing. */
async function pickOther(deps: CommandDeps, first: string): Promise<string | undefined> {
  const images = await deps.images.loadImages();
  const items = images.flatMap((img) =>
    (img.repoTags.length ? img.repoTags : [img.id])
      .filter((name) => name !== first)
      .map((name) => ({ label: displayName(name), description: img.id.slice(7, 19), name })),
  );
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Lading: there is no other image in the store to compare with.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, {
    placeHolder: `Compare ${displayName(first)} with… (changes from ${displayName(first)} to the image picked)`,
    matchOnDescription: true,
  });
  return pick?.name;
}

/** The two images: (first, second) from two selected rows, a row plus a pick, or two picks. */
async function chooseImages(deps: CommandDeps, arg: unknown, selection: unknown, other: unknown): Promise<[string, string] | undefined> {
  const refs = targetRefs(arg, selection);
  if (refs.length === 2) return [refs[0], refs[1]];
  const first = refs[0] ?? (await pickImage(deps, 'Image to compare'));
  if (!first) return undefined;
  const second = typeof other === 'string' ? other : await pickOther(deps, first);
  return second ? [first, second] : undefined;
}

// (clicked row, selected rows) from the menu; `other` is for callers with no quick pick.
export const registerCompareCommands: CommandRegistration = (deps) => [
  vscode.commands.registerCommand('lading.images.compare', async (arg?: unknown, selection?: unknown, other?: unknown) => {
    const { services } = deps;
    try {
      const pair = await chooseImages(deps, arg, selection, other);
      if (!pair) return undefined;
      const [a, b] = pair;
      const store = await services.store();
      const diff = await runWithProgress(services, `Comparing ${displayName(a)} with ${displayName(b)}`, (ctx) => diffImages(store, a, b, ctx));
      const doc = await vscode.workspace.openTextDocument({ content: renderImageDiff({ ...diff, a: { ...diff.a, ref: displayName(a) }, b: { ...diff.b, ref: displayName(b) } }), language: 'plaintext' });
      await vscode.window.showTextDocument(doc, { preview: false });
      return diff;
    } catch (e) {
      // Cancelling is the user's own choice: logged, not shown as an error.
      if (e instanceof CancelledError) services.log('Comparison cancelled');
      else reportError(services, e);
      return undefined;
    }
  }),
];
