// Tag an image (docker tag SOURCE TARGET).
import * as vscode from 'vscode';
import { tagImage } from '../../engine/ops/tag';
import { reportError } from '../progress';
import { CommandRegistration, displayName, refsOrPick, validateReference } from './deps';

export const registerTagCommand: CommandRegistration = (deps) => [
  vscode.commands.registerCommand('lading.images.tag', async (arg?: unknown, target?: string) => {
    const { services } = deps;
    try {
      const [source] = await refsOrPick(deps, arg, undefined, 'Image to tag');
      if (!source) return undefined;
      const newTag =
        typeof target === 'string'
          ? target
          : await vscode.window.showInputBox({
              prompt: `New tag for ${displayName(source)}`,
              placeHolder: 'registry/repository:tag, e.g. localhost:5000/app:1.0',
              value: source.startsWith('sha256:') ? '' : displayName(source),
              validateInput: (v) => validateReference(v) ?? (v.includes('@') ? 'A tag cannot contain a digest' : undefined),
            });
      if (!newTag) return undefined;
      const store = await services.store();
      const res = await tagImage(store, { source, target: newTag.trim() });
      services.log(`Tagged ${res.id} as ${res.target}`);
      services.refresh.request('images');
      return res;
    } catch (e) {
      reportError(services, e);
      return undefined;
    }
  }),
];
