// The `lading.lint.*` settings and the hadolint configuration that applies to a document.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LintConfig, emptyConfig, findConfigFile, loadConfigFile } from '../../dockerfile/lint/config';
import { Severity, isSeverity } from '../../dockerfile/types';

export interface LintSettings {
  enabled: boolean;
  shellcheck: boolean;
  shellcheckPath: string;
  severities: Record<string, Severity>;
  ignore: string[];
  trustedRegistries: string[];
  configFile: string;
  debounceMs: number;
}

export function readLintSettings(scope?: vscode.Uri): LintSettings {
  const c = vscode.workspace.getConfiguration('lading.lint', scope);
  const severities: Record<string, Severity> = {};
  for (const [code, level] of Object.entries(c.get<Record<string, string>>('severities') ?? {})) {
    if (isSeverity(level)) severities[code.toUpperCase()] = level;
  }
  return {
    enabled: c.get<boolean>('enabled') ?? true,
    shellcheck: c.get<boolean>('shellcheck') ?? true,
    shellcheckPath: c.get<string>('shellcheckPath') || 'shellcheck',
    severities,
    ignore: c.get<string[]>('ignore') ?? [],
    trustedRegistries: c.get<string[]>('trustedRegistries') ?? [],
    configFile: c.get<string>('configFile') ?? '',
    debounceMs: c.get<number>('debounceMs') ?? 300,
  };
}

const cache = new Map<string, { mtimeMs: number; config: LintConfig }>();

/**
 * The hadolint configuration for a document: `lading.lint.configFile`, else `.hadolint.yaml`
 * found from the document's folder upward (then the user's config). A broken file is reported
 * once through `onError` and treated as absent.
 */
export function configFor(doc: vscode.TextDocument, settings: LintSettings, onError: (msg: string) => void): LintConfig {
  let file: string | undefined;
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath;
  if (settings.configFile) file = path.isAbsolute(settings.configFile) || !folder ? settings.configFile : path.join(folder, settings.configFile);
  else if (doc.uri.scheme === 'file') file = findConfigFile(path.dirname(doc.uri.fsPath));
  else if (folder) file = findConfigFile(folder);
  let config = emptyConfig();
  if (file) {
    try {
      const mtimeMs = fs.statSync(file).mtimeMs;
      const hit = cache.get(file);
      if (hit && hit.mtimeMs === mtimeMs) config = hit.config;
      else {
        config = loadConfigFile(file);
        cache.set(file, { mtimeMs, config });
      }
    } catch (e) {
      onError((e as Error).message);
    }
  }
  if (settings.trustedRegistries.length) config = { ...config, trustedRegistries: [...config.trustedRegistries, ...settings.trustedRegistries] };
  return config;
}
