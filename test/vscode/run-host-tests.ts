// The extension-host suite in real VS Code: starts code-server with its smoke-test driver,
// opens the workbench in headless Chromium with this repository as the extension under
// development and out/test/vscode/index.js as the test runner, waits for the exit code, and
// writes test-results/vscode.json ({passed, failed}).
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { Browser, chromium } from 'playwright-core';
import { tempDir } from '../helpers/tmp';
import { CHROMIUM, REPO, chromiumArgs, codeServerInstalled, startCodeServer } from './code-server';

const TIMEOUT_MS = 8 * 60_000;

function writeResults(res: { passed: number; failed: number }): void {
  const dir = process.env.LADING_TEST_RESULTS ?? path.join(REPO, 'test-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'vscode.json'), JSON.stringify(res));
}

async function main(): Promise<number> {
  if (!codeServerInstalled()) {
    console.error('code-server is not installed (scripts/install-code-server.sh); the VS Code suite cannot run');
    writeResults({ passed: 0, failed: 1 });
    return 1;
  }
  const started = Date.now();
  const home = tempDir('lading-vscode-');
  const workspace = path.join(home, 'ws');
  const store = path.join(home, 'store');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(path.join(workspace, 'Dockerfile'), 'FROM busybox\nRUN echo hi\n');
  const resultsFile = path.join(home, 'host-results.json');
  const serverLog: string[] = [];
  const server = await startCodeServer({
    home,
    workspace,
    settings: { 'lading.storePath': store },
    env: { LADING_STORE: store, LADING_HOST_RESULTS: resultsFile, LADING_TEST_HOME: home, LADING_TEST_WORKSPACE: workspace },
    extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    log: (l) => serverLog.push(l),
  });
  let summaryLine: { passed: number; failed: number } | undefined;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs() });
    const page = await browser.newPage();
    const exitCode = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      // The workbench asks the (unreachable) extension gallery for updates: noise, not a failure.
      if (/ENOTFOUND|open-vsx|authentication provider 'github'|^(Resolv(ing|ed) connection token|Creating a socket|Updating additional builtin|\[[\w:. -]+\] )/.test(text)) return;
      const m = /LADING_RESULTS (\{.*\})/.exec(text);
      if (m) summaryLine = JSON.parse(m[1]);
      if (type === 'error') console.error(text);
      else console.log(text);
    });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(REPO)],
      ['extensionTestsPath', remote(path.join(REPO, 'out/test/vscode/index.js'))],
    ]);
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(-1), TIMEOUT_MS).unref());
    const code = await Promise.race([exitCode, timeout]);
    if (code === -1) console.error(`extension-host tests did not finish within ${TIMEOUT_MS / 1000} s`);
    let res = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as { passed: number; failed: number }) : summaryLine;
    if (!res) {
      console.error('the extension host reported no results; code-server log:\n' + serverLog.join('').slice(-4000));
      res = { passed: 0, failed: 1 };
    }
    if (code !== 0 && res.failed === 0) res = { ...res, failed: 1 };
    writeResults({ passed: res.passed, failed: res.failed });
    console.log(`vscode suite: ${res.passed} passed, ${res.failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return res.failed === 0 ? 0 : 1;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`vscode suite could not run: ${(e as Error).message}`);
    writeResults({ passed: 0, failed: 1 });
    process.exit(1);
  },
);
