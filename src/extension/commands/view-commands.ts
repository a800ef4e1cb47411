// Images view controls: refresh, filter, dangling images on/off.
import * as vscode from 'vscode';
import { CommandRegistration } from './deps';

export const registerViewCommands: CommandRegistration = ({ images }) => [
  vscode.commands.registerCommand('lading.images.refresh', () => images.reload()),
  vscode.commands.registerCommand('lading.images.filter', async (text?: string) => {
    const value = typeof text === 'string' ? text : await vscode.window.showInputBox({ prompt: 'Show images whose name or ID contains', value: images.filter, placeHolder: 'e.g. alpine or 3f2a' });
    if (value === undefined) return;
    images.filter = value;
  }),
  vscode.commands.registerCommand('lading.images.clearFilter', () => (images.filter = '')),
  vscode.commands.registerCommand('lading.images.showDangling', () => (images.showDangling = true)),
  vscode.commands.registerCommand('lading.images.hideDangling', () => (images.showDangling = false)),
];
