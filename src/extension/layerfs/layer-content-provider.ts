// Read-only documents for files inside layers: `lading-layer:/<blob digest>/<path in image>`.
import * as vscode from 'vscode';
import { LadingServices } from '../services';
import { readLayerFile } from './layer-listing';

export const LAYER_SCHEME = 'lading-layer';

export function layerFileUri(digest: string, filePath: string): vscode.Uri {
  return vscode.Uri.from({ scheme: LAYER_SCHEME, path: `/${digest}/${filePath.replace(/^\/+/, '')}` });
}

export class LayerContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly services: LadingServices) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const m = /^\/(sha256:[a-f0-9]{64})\/(.*)$/.exec(uri.path);
    if (!m) throw new Error(`not a layer file: ${uri.toString()}`);
    const store = await this.services.store();
    const data = await readLayerFile(() => store.blobs.createReadStream(m[1]), m[2]);
    if (data.subarray(0, 8000).includes(0)) return `(binary file, ${data.length} bytes)`;
    return data.toString('utf8');
  }
}
