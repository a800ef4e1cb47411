// Getting files out of an image: a whole layer into a new folder, or one file of a layer to a
// path. Both run under a cancellable notification; the engine writes to temp names and renames
// at the end, so a failed or cancelled run leaves nothing behind.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { humanSize } from '../../engine/format/units';
import { extractFile } from '../../engine/ops/extract-file';
import { extractLayer } from '../../engine/ops/extract-layer';
import { LayerItem } from '../images/items/layer-item';
import { LayerFileItem } from '../images/items/file-item';
import { reportError, runWithProgress } from '../progress';
import { CommandRegistration } from './deps';

/** A layer row, or a `sha256:…` blob digest (for tests and other extensions). */
function layerDigestOf(arg: unknown): string | undefined {
  if (arg instanceof LayerItem) return arg.row.layer?.digest;
  return typeof arg === 'string' ? arg : undefined;
}

/** A file row, or `{ layerDigest, path }`. */
function layerFileOf(arg: unknown): { layerDigest: string; path: string } | undefined {
  if (arg instanceof LayerFileItem) return { layerDigest: arg.layerDigest, path: arg.entry.path };
  const o = arg as { layerDigest?: unknown; path?: unknown } | undefined;
  return typeof o?.layerDigest === 'string' && typeof o.path === 'string' ? { layerDigest: o.layerDigest, path: o.path } : undefined;
}

function startFolder(): vscode.Uri {
  return vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.env.HOME ?? '/tmp');
}

/** Offers to show what was written; not awaited, so the command's result is not held up. */
function announce(message: string, target: string): void {
  void vscode.window.showInformationMessage(message, 'Reveal').then((choice) => {
    if (choice === 'Reveal') void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(target));
  });
}

// Context-menu commands get (clicked row, selected rows); `dest` is for callers with no dialog.
export const registerExtractCommands: CommandRegistration = ({ services }) => [
  vscode.commands.registerCommand('lading.images.extractLayer', async (arg?: unknown, _selection?: unknown, dest?: string) => {
    try {
      const digest = layerDigestOf(arg);
      if (!digest) {
        void vscode.window.showInformationMessage('Lading: choose a layer in the Images view to extract.');
        return undefined;
      }
      const short = digest.slice(7, 19);
      let target = typeof dest === 'string' ? dest : undefined;
      if (!target) {
        // A new folder inside the chosen one: extraction needs an empty destination, and the
        // folder a person picks (a workspace, a home folder) rarely is.
        const picked = await vscode.window.showOpenDialog({
          canSelectFiles: false,
          canSelectFolders: true,
          canSelectMany: false,
          defaultUri: startFolder(),
          openLabel: 'Extract Here',
          title: `Extract layer ${short} into a new folder layer-${short} inside…`,
        });
        if (!picked?.length) return undefined;
        target = path.join(picked[0].fsPath, `layer-${short}`);
      }
      const store = await services.store();
      const res = await runWithProgress(services, `Extracting layer ${short}`, (ctx) => extractLayer(store, digest, target!, ctx));
      const notes = [res.whiteouts ? `${res.whiteouts} whiteout(s) not applied` : '', res.skipped ? `${res.skipped} device(s)/fifo(s) skipped` : ''].filter(Boolean);
      services.log(`Extracted layer ${digest} to ${res.destDir}: ${res.files} files, ${res.directories} folders, ${res.symlinks} symlinks, ${res.hardLinks} hard links (${humanSize(res.bytes)})${notes.length ? `; ${notes.join(', ')}` : ''}`);
      announce(`Lading: extracted layer ${short} to ${res.destDir}${notes.length ? ` (${notes.join(', ')})` : ''}.`, res.destDir);
      return res;
    } catch (e) {
      reportError(services, e);
      return undefined;
    }
  }),
  vscode.commands.registerCommand('lading.images.saveLayerFile', async (arg?: unknown, _selection?: unknown, dest?: string) => {
    try {
      const file = layerFileOf(arg);
      if (!file) {
        void vscode.window.showInformationMessage('Lading: choose a file of a layer in the Images view to save.');
        return undefined;
      }
      let target = typeof dest === 'string' ? dest : undefined;
      if (!target) {
        const uri = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.joinPath(startFolder(), path.posix.basename(file.path)),
          title: `Save /${file.path} from layer ${file.layerDigest.slice(7, 19)}`,
        });
        if (!uri) return undefined;
        target = uri.fsPath;
      }
      const store = await services.store();
      const res = await runWithProgress(services, `Saving /${file.path}`, (ctx) => extractFile(store, file.layerDigest, file.path, target!, ctx));
      services.log(`Saved /${file.path} of layer ${file.layerDigest} to ${res.destFile} (${humanSize(res.bytes)})`);
      announce(`Lading: saved /${file.path} to ${res.destFile}.`, res.destFile);
      return res;
    } catch (e) {
      reportError(services, e);
      return undefined;
    }
  }),
];
