// Entry point. Activation registers views and commands only: the store is opened on first use
// and nothing slow runs here, so activation stays well under 100 ms.
import * as vscode from 'vscode';
import { CommandDeps } from './commands/deps';
import { registerCopyCommands } from './commands/copy-commands';
import { registerInspectCommands } from './commands/inspect-commands';
import { registerViewCommands } from './commands/view-commands';
import { INSPECT_SCHEME, InspectProvider } from './inspect/inspect-provider';
import { ImagesProvider } from './images/images-provider';
import { LAYER_SCHEME, LayerContentProvider } from './layerfs/layer-content-provider';
import { LadingServices } from './services';

/** Returned from activate(): what the extension-host tests look at. */
export interface LadingApi {
  services: LadingServices;
  images: ImagesProvider;
  /** Milliseconds activate() took. */
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): LadingApi {
  const started = performance.now();
  const services = new LadingServices(context);
  const images = new ImagesProvider(services);
  const inspect = new InspectProvider();
  const deps: CommandDeps = { services, images, inspect };

  const imagesView = vscode.window.createTreeView('lading.images', { treeDataProvider: images, canSelectMany: true, showCollapseAll: true });
  const updateDescription = () => (imagesView.description = images.filter ? `filter: ${images.filter}` : undefined);
  images.onDidChangeTreeData(updateDescription);

  context.subscriptions.push(
    services,
    images,
    inspect,
    imagesView,
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspect),
    vscode.workspace.registerTextDocumentContentProvider(LAYER_SCHEME, new LayerContentProvider(services)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lading')) services.refresh.request('images');
    }),
    ...registerViewCommands(deps),
    ...registerCopyCommands(deps),
    ...registerInspectCommands(deps),
  );
  void vscode.commands.executeCommand('setContext', 'lading.images.showingDangling', false);
  return { services, images, activationMs: performance.now() - started };
}

export function deactivate(): void {}
