// Registers the Dockerfile language features with VS Code. The caller supplies image-aware
// data (local images, registry tags, digests) through DockerfileServices.
import * as vscode from 'vscode';
import { DockerfileServices } from '../../dockerfile/services';
import { DOCKERFILE_SELECTOR, DockerfileDiagnostics } from './diagnostics';
import { codeActionProvider, completionProvider, foldingProvider, formattingProvider, hoverProvider, symbolProvider } from './providers';

export type { DockerfileServices, LocalImage } from '../../dockerfile/services';

export function registerDockerfileLanguage(
  context: vscode.ExtensionContext,
  services: DockerfileServices,
  log: (line: string) => void = () => undefined,
): DockerfileDiagnostics {
  const diagnostics = new DockerfileDiagnostics(log);
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCompletionItemProvider(DOCKERFILE_SELECTOR, completionProvider(services), ' ', '-', '=', '$', '{', ':'),
    vscode.languages.registerHoverProvider(DOCKERFILE_SELECTOR, hoverProvider(services)),
    vscode.languages.registerCodeActionsProvider(DOCKERFILE_SELECTOR, codeActionProvider(services, diagnostics), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite],
    }),
    vscode.languages.registerDocumentFormattingEditProvider(DOCKERFILE_SELECTOR, formattingProvider),
    vscode.languages.registerDocumentSymbolProvider(DOCKERFILE_SELECTOR, symbolProvider),
    vscode.languages.registerFoldingRangeProvider(DOCKERFILE_SELECTOR, foldingProvider),
  );
  return diagnostics;
}
