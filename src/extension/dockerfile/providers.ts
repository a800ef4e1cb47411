// The editor features over the pure Dockerfile functions: completion, hover, code actions,
// formatting, outline and folding.
import * as vscode from 'vscode';
import { complete } from '../../dockerfile/completion';
import { foldingRanges } from '../../dockerfile/folding';
import { formatEdits } from '../../dockerfile/format';
import { hover } from '../../dockerfile/hover';
import { outline, OutlineSymbol } from '../../dockerfile/outline';
import { ParsedDockerfile, parseDockerfile } from '../../dockerfile/parse';
import { codeFixes } from '../../dockerfile/quickfix';
import { DockerfileServices } from '../../dockerfile/services';
import { Finding } from '../../dockerfile/types';
import { fromDiagnostic, fromRange, toEdit, toRange } from './convert';
import { DockerfileDiagnostics } from './diagnostics';

/** One parse per document version, shared by the providers. */
const parsed = new WeakMap<vscode.TextDocument, { version: number; doc: ParsedDockerfile }>();
export function parsedOf(d: vscode.TextDocument): ParsedDockerfile {
  const hit = parsed.get(d);
  if (hit && hit.version === d.version) return hit.doc;
  const doc = parseDockerfile(d.getText());
  parsed.set(d, { version: d.version, doc });
  return doc;
}

const KIND: Record<string, vscode.CompletionItemKind> = {
  keyword: vscode.CompletionItemKind.Keyword,
  flag: vscode.CompletionItemKind.Property,
  variable: vscode.CompletionItemKind.Variable,
  stage: vscode.CompletionItemKind.Reference,
  image: vscode.CompletionItemKind.Module,
  tag: vscode.CompletionItemKind.Constant,
  value: vscode.CompletionItemKind.Value,
};

export function completionProvider(services: DockerfileServices): vscode.CompletionItemProvider {
  return {
    async provideCompletionItems(document, position) {
      const entries = await complete(parsedOf(document), { line: position.line, character: position.character }, services);
      return entries.map((e) => {
        const item = new vscode.CompletionItem(e.label, KIND[e.kind]);
        item.insertText = e.snippet ? new vscode.SnippetString(e.insertText) : e.insertText;
        item.range = toRange(e.range);
        item.detail = e.detail;
        if (e.documentation) item.documentation = new vscode.MarkdownString(e.documentation);
        if (e.kind === 'flag' || (e.kind === 'keyword' && e.insertText.endsWith(' '))) item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest' };
        return item;
      });
    },
  };
}

export function hoverProvider(services: DockerfileServices): vscode.HoverProvider {
  return {
    async provideHover(document, position) {
      const h = await hover(parsedOf(document), { line: position.line, character: position.character }, services);
      return h ? new vscode.Hover(new vscode.MarkdownString(h.contents), toRange(h.range)) : undefined;
    },
  };
}

export function codeActionProvider(services: DockerfileServices, diagnostics: DockerfileDiagnostics): vscode.CodeActionProvider {
  return {
    async provideCodeActions(document, range, context) {
      const fromContext = context.diagnostics.map(fromDiagnostic).filter((f): f is Finding => f !== undefined);
      const findings = fromContext.length ? fromContext : (diagnostics.findingsFor(document) ?? []);
      const fixes = await codeFixes(parsedOf(document), fromRange(range), findings, services);
      return fixes.map((f) => {
        const action = new vscode.CodeAction(f.title, f.code ? vscode.CodeActionKind.QuickFix : vscode.CodeActionKind.RefactorRewrite);
        const edit = new vscode.WorkspaceEdit();
        edit.set(document.uri, f.edits.map(toEdit));
        action.edit = edit;
        action.isPreferred = f.isPreferred;
        if (f.code) action.diagnostics = context.diagnostics.filter((d) => fromDiagnostic(d)?.code === f.code);
        return action;
      });
    },
  };
}

export const formattingProvider: vscode.DocumentFormattingEditProvider = {
  provideDocumentFormattingEdits(document, options) {
    const indent = options.insertSpaces ? ' '.repeat(Math.max(options.tabSize, 1)) : '\t';
    return formatEdits(parsedOf(document), { indent }).map(toEdit);
  },
};

function toSymbol(s: OutlineSymbol): vscode.DocumentSymbol {
  const sym = new vscode.DocumentSymbol(s.name, s.detail, s.kind === 'stage' ? vscode.SymbolKind.Class : vscode.SymbolKind.Field, toRange(s.range), toRange(s.selectionRange));
  sym.children = s.children.map(toSymbol);
  return sym;
}

export const symbolProvider: vscode.DocumentSymbolProvider = {
  provideDocumentSymbols(document) {
    return outline(parsedOf(document)).map(toSymbol);
  },
};

export const foldingProvider: vscode.FoldingRangeProvider = {
  provideFoldingRanges(document) {
    return foldingRanges(parsedOf(document)).map(
      (f) => new vscode.FoldingRange(f.start, f.end, f.kind === 'comment' ? vscode.FoldingRangeKind.Comment : f.kind === 'region' ? vscode.FoldingRangeKind.Region : undefined),
    );
  },
};
