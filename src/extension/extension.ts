// Entry point. Activation registers views and commands only: the store is opened on first use
// and nothing slow runs here, so activation stays well under 100 ms.
import * as vscode from 'vscode';
import { registerArchiveCommands } from './commands/archive-commands';
import { registerAuthCommands } from './commands/auth-commands';
import { registerBuildCommand } from './commands/build-command';
import { registerCompareCommands } from './commands/compare-commands';
import { registerCopyCommands } from './commands/copy-commands';
import { CommandDeps } from './commands/deps';
import { registerDfCommand } from './commands/df-command';
import { registerExtractCommands } from './commands/extract-commands';
import { registerInspectCommands } from './commands/inspect-commands';
import { registerRegistryCommands } from './commands/registry-commands';
import { registerRemoveCommands } from './commands/remove-commands';
import { registerSearchCommand } from './commands/search-command';
import { registerTagCommand } from './commands/tag-command';
import { registerTransferCommands } from './commands/transfer-commands';
import { registerViewCommands } from './commands/view-commands';
import { registerWriteCommands } from './commands/write-commands';
import { registerDockerfileLanguage } from './dockerfile/register';
import { dockerfileServices } from './dockerfile-services';
import { ImagesProvider } from './images/images-provider';
import { INSPECT_SCHEME, InspectProvider } from './inspect/inspect-provider';
import { LAYER_SCHEME, LayerContentProvider } from './layerfs/layer-content-provider';
import { RegistriesProvider } from './registries/registries-provider';
import { RegistryList } from './registries/registry-list';
import { LadingServices } from './services';

/** Returned from activate(): what the extension-host tests look at. */
export interface LadingApi {
  services: LadingServices;
  images: ImagesProvider;
  registries: RegistriesProvider;
  /** Milliseconds activate() took. */
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): LadingApi {
  const started = performance.now();
  const services = new LadingServices(context);
  const images = new ImagesProvider(services);
  const registries = new RegistriesProvider(services, new RegistryList(context.globalState));
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
    registries,
    vscode.window.createTreeView('lading.registries', { treeDataProvider: registries, showCollapseAll: true }),
    ...registerRegistryCommands(deps, registries),
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspect),
    vscode.workspace.registerTextDocumentContentProvider(LAYER_SCHEME, new LayerContentProvider(services)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lading')) services.refresh.request('images');
    }),
    ...registerViewCommands(deps),
    ...registerCopyCommands(deps),
    ...registerInspectCommands(deps),
    ...registerRemoveCommands(deps),
    ...registerTagCommand(deps),
    ...registerDfCommand(deps),
    ...registerTransferCommands(deps),
    ...registerArchiveCommands(deps),
    ...registerExtractCommands(deps),
    ...registerAuthCommands(deps),
    ...registerSearchCommand(deps),
    ...registerWriteCommands(deps),
    ...registerBuildCommand(deps),
    ...registerCompareCommands(deps),
  );
  registerDockerfileLanguage(context, dockerfileServices(services, images), (line) => services.log(line));
  void vscode.commands.executeCommand('setContext', 'lading.images.showingDangling', false);
  return { services, images, registries, activationMs: performance.now() - started };
}

export function deactivate(): void {}
