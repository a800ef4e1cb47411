// Diagnostics for open Dockerfiles: our rules right after typing stops (debounced), ShellCheck
// findings merged in when it answers. Stale answers (older document versions) are dropped.
import * as vscode from 'vscode';
import { parseDockerfile } from '../../dockerfile/parse';
import { lint, lintAsync } from '../../dockerfile/lint/lint';
import { Finding } from '../../dockerfile/types';
import { toDiagnostic } from './convert';
import { LintSettings, configFor, readLintSettings } from './settings';

export const DOCKERFILE_SELECTOR: vscode.DocumentSelector = [{ language: 'dockerfile' }];

export class DockerfileDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('lading-dockerfile');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly aborts = new Map<string, AbortController>();
  private readonly findings = new Map<string, { version: number; findings: Finding[] }>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly reported = new Set<string>();

  constructor(private readonly log: (line: string) => void) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lading.lint')) this.relintAll();
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (/(^|[\\/])\.hadolint\.ya?ml$/.test(d.fileName)) this.relintAll();
      }),
    );
    this.relintAll();
  }

  /** Last findings for the document version, for code actions. */
  findingsFor(doc: vscode.TextDocument): Finding[] | undefined {
    const f = this.findings.get(doc.uri.toString());
    return f && f.version === doc.version ? f.findings : undefined;
  }

  relintAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private isDockerfile(d: vscode.TextDocument): boolean {
    return vscode.languages.match(DOCKERFILE_SELECTOR, d) > 0 && d.uri.scheme !== 'git' && d.uri.scheme !== 'output';
  }

  schedule(d: vscode.TextDocument, delay?: number): void {
    if (!this.isDockerfile(d)) return;
    const key = d.uri.toString();
    clearTimeout(this.timers.get(key));
    const settings = readLintSettings(d.uri);
    this.timers.set(key, setTimeout(() => void this.run(d, settings), delay ?? settings.debounceMs));
  }

  private async run(d: vscode.TextDocument, settings: LintSettings): Promise<void> {
    const key = d.uri.toString();
    this.timers.delete(key);
    this.aborts.get(key)?.abort();
    if (d.isClosed) return;
    if (!settings.enabled) {
      this.collection.delete(d.uri);
      return;
    }
    const version = d.version;
    const config = configFor(d, settings, (msg) => {
      if (!this.reported.has(msg)) {
        this.reported.add(msg);
        this.log(`Dockerfile lint: ${msg}`);
      }
    });
    const options = { config, severities: settings.severities, ignore: settings.ignore };
    const doc = parseDockerfile(d.getText());
    const quick = lint(doc, options);
    this.publish(d, version, quick);
    if (!settings.shellcheck) return;
    const abort = new AbortController();
    this.aborts.set(key, abort);
    const full = await lintAsync(doc, { ...options, shellcheck: { path: settings.shellcheckPath, timeoutMs: 10000, signal: abort.signal } });
    if (!abort.signal.aborted && !d.isClosed && d.version === version) this.publish(d, version, full);
  }

  private publish(d: vscode.TextDocument, version: number, findings: Finding[]): void {
    if (d.version !== version) return;
    this.findings.set(d.uri.toString(), { version, findings });
    this.collection.set(d.uri, findings.map(toDiagnostic));
  }

  private clear(d: vscode.TextDocument): void {
    const key = d.uri.toString();
    clearTimeout(this.timers.get(key));
    this.aborts.get(key)?.abort();
    this.findings.delete(key);
    this.collection.delete(d.uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const a of this.aborts.values()) a.abort();
    for (const x of this.disposables) x.dispose();
    this.collection.dispose();
  }
}
