// New images from files: import a root-filesystem tarball (docker import) and commit a folder or
// tarball as a new layer on top of an image (docker commit, without a container).
import * as vscode from 'vscode';
import { network } from '../network-loader';
import { reportError, runWithProgress } from '../progress';
import { CommandDeps, CommandRegistration, displayName, pickImage, targetRefs, validateReference } from './deps';

export interface ImportArgs {
  source: string;
  reference?: string;
  changes?: string[];
  message?: string;
}

export interface CommitArgs {
  image?: string;
  source: string;
  reference?: string;
  changes?: string[];
  message?: string;
}

const optionalReference = (v: string) => (v.trim() ? validateReference(v) : undefined);

async function pickSource(title: string, folders: boolean): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({ title, canSelectMany: false, canSelectFolders: folders, canSelectFiles: true, filters: folders ? undefined : { 'Tar archive': ['tar', 'gz', 'tgz', 'zst'], 'All files': ['*'] } });
  return picked?.[0]?.fsPath;
}

function sourceOf(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (arg && typeof arg === 'object' && typeof (arg as ImportArgs).source === 'string') return (arg as ImportArgs).source;
  return undefined;
}

async function doImport(deps: CommandDeps, arg: unknown) {
  const given = arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? (arg as ImportArgs) : undefined;
  const source = sourceOf(arg) ?? (await pickSource('Import a root file system tarball', false));
  if (!source) return undefined;
  const reference = given ? given.reference : await vscode.window.showInputBox({ prompt: 'Name the imported image (optional)', placeHolder: 'e.g. myimage:1.0', validateInput: optionalReference });
  if (reference === undefined && !given) return undefined;
  const { importImage } = network();
  const store = await deps.services.networkStore();
  const res = await runWithProgress(deps.services, `Importing ${source}`, (ctx) =>
    importImage(store, { source, reference: reference?.trim() || undefined, changes: given?.changes, message: given?.message }, ctx),
  );
  deps.services.log(res.id);
  deps.services.refresh.request('images');
  vscode.window.setStatusBarMessage(`Imported ${res.reference ? displayName(res.reference) : res.id.slice(7, 19)}`, 5000);
  return res;
}

async function doCommit(deps: CommandDeps, arg: unknown, extra: unknown) {
  // From the Images view: (image row). From the Explorer: (folder uri). From tests: (CommitArgs)
  // or (image reference, CommitArgs).
  const isArgs = (x: unknown): x is CommitArgs => !!x && typeof x === 'object' && typeof (x as CommitArgs).source === 'string';
  const given = isArgs(arg) ? arg : isArgs(extra) ? extra : undefined;
  const fromExplorer = arg instanceof vscode.Uri ? arg.fsPath : undefined;
  const image = given?.image ?? targetRefs(arg)[0] ?? (await pickImage(deps, 'Base image for the new layer'));
  if (!image) return undefined;
  const source = given?.source ?? fromExplorer ?? (await pickSource('Folder or tarball to add as a layer', true));
  if (!source) return undefined;
  const reference = given ? given.reference : await vscode.window.showInputBox({ prompt: 'Name the new image (optional)', placeHolder: 'e.g. myapp:dev', validateInput: optionalReference });
  if (reference === undefined && !given) return undefined;
  const { commitImage } = network();
  const store = await deps.services.networkStore();
  const res = await runWithProgress(deps.services, `Committing ${source} onto ${displayName(image)}`, (ctx) =>
    commitImage(store, { image, source, reference: reference?.trim() || undefined, changes: given?.changes, message: given?.message }, ctx),
  );
  deps.services.log(res.id);
  deps.services.refresh.request('images');
  vscode.window.setStatusBarMessage(`Committed ${res.reference ? displayName(res.reference) : res.id.slice(7, 19)}`, 5000);
  return res;
}

export const registerWriteCommands: CommandRegistration = (deps) => [
  vscode.commands.registerCommand('lading.images.import', async (arg?: unknown) => {
    try {
      return await doImport(deps, arg);
    } catch (e) {
      reportError(deps.services, e);
      return undefined;
    }
  }),
  vscode.commands.registerCommand('lading.images.commit', async (arg?: unknown, extra?: unknown) => {
    try {
      return await doCommit(deps, arg, extra);
    } catch (e) {
      reportError(deps.services, e);
      return undefined;
    }
  }),
];
