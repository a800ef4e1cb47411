// Log in and out of registries. Credentials typed here are verified by the engine and kept in
// VS Code's SecretStorage, never in a file; credentials from docker's config.json keep working.
import * as vscode from 'vscode';
import { normalizeRegistryName } from '../../engine/registry/hosts';
import { network } from '../network-loader';
import { reportError, runWithProgress } from '../progress';
import { CommandRegistration } from './deps';

export interface LoginArgs {
  registry?: string;
  username?: string;
  password?: string;
}

export const registerAuthCommands: CommandRegistration = ({ services }) => [
  vscode.commands.registerCommand('lading.registry.login', async (args?: LoginArgs | { registry?: string }) => {
    try {
      const given = (args ?? {}) as LoginArgs;
      const registry =
        given.registry ??
        (await vscode.window.showInputBox({ prompt: 'Registry', value: 'docker.io', placeHolder: 'docker.io, ghcr.io, localhost:5000', validateInput: (v) => (v.trim() ? undefined : 'Enter a registry host') }));
      if (!registry) return undefined;
      const username = given.username ?? (await vscode.window.showInputBox({ prompt: `Username for ${registry}`, ignoreFocusOut: true }));
      if (!username) return undefined;
      const password = given.password ?? (await vscode.window.showInputBox({ prompt: `Password or access token for ${username}@${registry}`, password: true, ignoreFocusOut: true }));
      if (!password) return undefined;
      const name = normalizeRegistryName(registry);
      const { login } = network();
      const opts = await services.registryOptions();
      await runWithProgress(services, `Logging in to ${name}`, (ctx) => login(name, { ...opts, ...ctx, username, password, noStore: true }));
      await services.credentials.set(name, { username, password });
      services.log(`Login Succeeded (${name}, stored in VS Code's secret storage)`);
      void vscode.window.showInformationMessage(`Lading: logged in to ${name}.`);
      services.refresh.request('registries');
      return name;
    } catch (e) {
      reportError(services, e);
      return undefined;
    }
  }),
  vscode.commands.registerCommand('lading.registry.logout', async (arg?: string | { registry?: string }) => {
    try {
      const registry = typeof arg === 'string' ? arg : arg?.registry ?? (await vscode.window.showInputBox({ prompt: 'Log out of registry', value: 'docker.io' }));
      if (!registry) return undefined;
      const name = normalizeRegistryName(registry);
      const { logout } = network();
      const hadSecret = await services.credentials.delete(name);
      const res = await logout(name, await services.registryOptions()).catch(() => ({ server: name, removed: false }));
      services.log(res.removed || hadSecret ? `Removing login credentials for ${name}` : `Not logged in to ${name}`);
      void vscode.window.showInformationMessage(res.removed || hadSecret ? `Lading: logged out of ${name}.` : `Lading: not logged in to ${name}.`);
      return res.removed || hadSecret;
    } catch (e) {
      reportError(services, e);
      return undefined;
    }
  }),
];
