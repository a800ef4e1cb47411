// Read-only JSON documents: `lading-inspect:/<title>.json?<key>`. The text is produced once by a
// registered producer (an engine call) and kept until the document is closed.
import * as vscode from 'vscode';

export const INSPECT_SCHEME = 'lading-inspect';

export class InspectProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private counter = 0;
  private readonly sub: vscode.Disposable;

  constructor() {
    this.sub = vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === INSPECT_SCHEME) this.texts.delete(d.uri.query);
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.query) ?? '';
  }

  /** Opens `value` as pretty JSON in a read-only editor titled `title`. */
  async show(title: string, value: unknown): Promise<vscode.TextDocument> {
    const key = String(++this.counter);
    this.texts.set(key, `${JSON.stringify(value, null, 2)}\n`);
    const safe = title.replace(/[\\/:*?"<>|@]+/g, '_');
    const uri = vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${safe}.json`, query: key });
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc;
  }

  dispose(): void {
    this.sub.dispose();
  }
}
