// Inspect an image (docker's `image inspect` JSON) or its history in a read-only JSON editor.
import * as vscode from 'vscode';
import { StoredImage } from '../../engine/store/images';
import { CommandRegistration, displayName, findImage, refsOrPick } from './deps';
import { reportError } from '../progress';

/** What `docker image inspect` shows, from the store's records of the image. */
export function inspectJson(img: StoredImage): Record<string, unknown> {
  return {
    Id: img.id,
    RepoTags: img.repoTags,
    RepoDigests: img.repoDigests,
    Created: img.config.created,
    Author: img.config.author,
    Architecture: img.config.architecture,
    Os: img.config.os,
    Variant: img.config.variant,
    Size: img.size,
    Config: img.config.config ?? {},
    RootFS: { Type: 'layers', Layers: img.config.rootfs?.diff_ids ?? [] },
    Manifest: { Digest: img.manifestDescriptor.digest, MediaType: img.manifestDescriptor.mediaType, Layers: img.manifest.layers },
  };
}

export const registerInspectCommands: CommandRegistration = (deps) => [
  vscode.commands.registerCommand('lading.images.inspect', async (arg?: unknown, selection?: unknown) => {
    try {
      const refs = await refsOrPick(deps, arg, selection, 'Image to inspect');
      if (!refs.length) return undefined;
      const images = await Promise.all(refs.map((r) => findImage(deps, r)));
      const doc = await deps.inspect.show(refs.length === 1 ? displayName(refs[0]) : 'images', images.map(inspectJson));
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
      const img = await findImage(deps, ref);
      const doc = await deps.inspect.show(`${displayName(ref)} history`, img.config.history ?? []);
      return doc.uri.toString();
    } catch (e) {
      reportError(deps.services, e);
      return undefined;
    }
  }),
];
