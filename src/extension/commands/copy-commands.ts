// Copy an image's full tag, ID or repo digest (or a layer's digest) to the clipboard.
import * as vscode from 'vscode';
import { ImageItem } from '../images/items/image-item';
import { LayerItem } from '../images/items/layer-item';
import { CommandRegistration, findImage, refsOrPick } from './deps';

async function copy(text: string | undefined, what: string): Promise<string | undefined> {
  if (!text) {
    void vscode.window.showWarningMessage(`Lading: this image has no ${what}.`);
    return undefined;
  }
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
  return text;
}

export const registerCopyCommands: CommandRegistration = (deps) => [
  vscode.commands.registerCommand('lading.images.copyTag', async (arg?: unknown) => {
    if (arg instanceof ImageItem) return copy(arg.entry.fullTag, 'tag');
    const [ref] = await refsOrPick(deps, arg, undefined, 'Image whose tag to copy');
    return ref ? copy((await findImage(deps, ref)).repoTags[0], 'tag') : undefined;
  }),
  vscode.commands.registerCommand('lading.images.copyId', async (arg?: unknown) => {
    const [ref] = await refsOrPick(deps, arg, undefined, 'Image whose ID to copy');
    return ref ? copy((await findImage(deps, ref)).id, 'ID') : undefined;
  }),
  vscode.commands.registerCommand('lading.images.copyDigest', async (arg?: unknown) => {
    if (arg instanceof LayerItem) return copy(arg.row.layer?.digest, 'digest');
    const [ref] = await refsOrPick(deps, arg, undefined, 'Image whose digest to copy');
    if (!ref) return undefined;
    const img = await findImage(deps, ref);
    return copy(img.repoDigests[0] ?? img.manifestDescriptor.digest, 'digest');
  }),
];
