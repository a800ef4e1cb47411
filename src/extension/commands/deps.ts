// What command handlers get, and how they find the images they act on: an explicit argument
// (a reference string, for tests and other extensions), the clicked row, or the selection.
import * as vscode from 'vscode';
import { StoredImage } from '../../engine/store/images';
import { resolveImage } from '../../engine/store/images';
import { parseReference } from '../../engine/reference/reference';
import { InspectProvider } from '../inspect/inspect-provider';
import { ImagesProvider } from '../images/images-provider';
import { ImageItem } from '../images/items/image-item';
import { LayerItem } from '../images/items/layer-item';
import { LadingServices } from '../services';

export interface CommandDeps {
  services: LadingServices;
  images: ImagesProvider;
  inspect: InspectProvider;
}

export type CommandRegistration = (deps: CommandDeps) => vscode.Disposable[];

/** The references a command acts on, from (clicked, selection) or a string / string[] argument. */
export function targetRefs(arg: unknown, selection?: unknown): string[] {
  const fromOne = (a: unknown): string | undefined => {
    if (typeof a === 'string') return a;
    if (a instanceof ImageItem) return a.reference;
    if (a instanceof LayerItem) return a.image.id;
    return undefined;
  };
  if (Array.isArray(selection) && selection.length > 1) return selection.map(fromOne).filter((x): x is string => !!x);
  if (Array.isArray(arg)) return arg.map(fromOne).filter((x): x is string => !!x);
  const one = fromOne(arg);
  return one ? [one] : [];
}

/** An image picked from the store, for commands run from the palette with no argument. */
export async function pickImage(deps: CommandDeps, placeHolder: string): Promise<string | undefined> {
  const images = await deps.images.loadImages();
  const items = images.flatMap((img) =>
    (img.repoTags.length ? img.repoTags : [img.id]).map((name) => ({ label: displayName(name), description: img.id.slice(7, 19), name })),
  );
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Lading: there are no images in the store.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true });
  return pick?.name;
}

export async function refsOrPick(deps: CommandDeps, arg: unknown, selection: unknown, placeHolder: string): Promise<string[]> {
  const refs = targetRefs(arg, selection);
  if (refs.length) return refs;
  const one = await pickImage(deps, placeHolder);
  return one ? [one] : [];
}

export async function findImage(deps: CommandDeps, ref: string): Promise<StoredImage> {
  return resolveImage(await deps.services.store(), ref);
}

/** `docker.io/library/busybox:latest` → `busybox:latest`; IDs stay as they are. */
export function displayName(name: string): string {
  if (name.startsWith('sha256:')) return name.slice(7, 19);
  try {
    const r = parseReference(name);
    const repo = r.registry === 'docker.io' ? r.repository.replace(/^library\//, '') : `${r.registry}/${r.repository}`;
    return r.tag ? `${repo}:${r.tag}` : r.digest ? `${repo}@${r.digest}` : repo;
  } catch {
    return name;
  }
}

/** InputBox validation with docker's own message for a bad reference. */
export function validateReference(value: string): string | undefined {
  if (!value.trim()) return 'Enter an image reference, e.g. busybox:latest';
  try {
    parseReference(value.trim());
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
