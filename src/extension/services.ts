// What every view and command shares: the store (opened lazily, so activation stays fast), the
// output channel, and the refresh manager that keeps the trees in step with the store.
import * as vscode from 'vscode';
import { Store, defaultStoreRoot } from '../engine/store/store';
import { readSettings } from './config';
import { network } from './network-loader';
import { RefreshManager } from './refresh';
import { CredentialSecrets, registryOptions } from './registry-options';
import { RegistryOptions } from '../engine/registry/connector';

export class LadingServices implements vscode.Disposable {
  readonly output: vscode.OutputChannel;
  readonly refresh: RefreshManager;
  readonly credentials: CredentialSecrets;
  private storePromise?: Promise<Store>;
  private storeRoot?: string;

  constructor(readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Lading');
    this.refresh = new RefreshManager(() => this.storeRootPath());
    this.credentials = new CredentialSecrets(context.secrets);
  }

  /** The store folder: the `lading.storePath` setting, else `LADING_STORE`, else the default. */
  storeRootPath(): string {
    const configured = readSettings().storePath;
    return configured ? configured.replace(/^~(?=$|\/)/, process.env.HOME ?? '~') : defaultStoreRoot();
  }

  store(): Promise<Store> {
    const root = this.storeRootPath();
    if (!this.storePromise || this.storeRoot !== root) {
      this.storeRoot = root;
      this.storePromise = Store.open(root).then((s) => {
        this.refresh.watchStore();
        return s;
      });
      this.storePromise.catch(() => (this.storePromise = undefined));
    }
    return this.storePromise;
  }

  /** Settings and credentials for an engine call that talks to a registry. */
  registryOptions(): Promise<RegistryOptions> {
    return registryOptions(this.credentials);
  }

  /** The store as the network bundle's own Store class sees it (see network.ts). */
  async networkStore(): Promise<import('./network').Store> {
    return network().Store.open(this.storeRootPath());
  }

  log(line: string): void {
    this.output.appendLine(line);
  }

  dispose(): void {
    this.refresh.dispose();
    this.output.dispose();
  }
}
