// Inspect an image (docker's `image inspect` JSON) or its history in a read-only JSON editor.
import * as vscode from 'vscode';
import { imageHistory } from '../../engine/ops/history';
import { inspectImages } from '../../engine/ops/inspect';
import { CommandRegistration, displayName, refsOrPick } from './deps';
import { reportError } from '../progress';

export const registerInspectCommands: CommandRegistration = (deps) => [
  vscode.commands.registerCommand('lading.images.inspect', async (arg?: unknown, selection?: unknown) => {
    try {
      const refs = await refsOrPick(deps, arg, selection, 'Image to inspect');
      if (!refs.length) return undefined;
      const res = await inspectImages(await deps.services.store(), refs);
      if (res.errors.length) throw res.errors[0].error;
      const doc = await deps.inspect.show(refs.length === 1 ? displayName(refs[0]) : 'images', res.images);
      return doc.uri.toString();
    } catch (e) {
      reportError(deps.services, e);
      return undefined;
    }
  }),
  vscode.commands.registerCommand('lading.images.history', async (arg?: unknown) => {
    try {
      const [ref] = await refsOrPick(deps, arg, undefined, 'Image whose history to show');
      if (!ref) return undefined;
      const rows = await imageHistory(await deps.services.store(), ref);
      const doc = await deps.inspect.show(`${displayName(ref)} history`, rows);
      return doc.uri.toString();
    } catch (e) {
      reportError(deps.services, e);
      return undefined;
    }
  }),
];
