// `npm run test:electron`: the extension-host suites in desktop VS Code downloaded by
// @vscode/test-electron. Needs internet access to download VS Code, so it is not part of CI;
// `npm test` runs the same suites offline in code-server (test/vscode/run-host-tests.ts).
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { tempDir } from '../helpers/tmp';

async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '../../..');
  const home = tempDir('lading-electron-');
  const store = path.join(home, 'store');
  const workspace = path.join(home, 'ws');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(path.join(workspace, 'Dockerfile'), 'FROM busybox\nRUN echo hi\n');
  await runTests({
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(repo, 'out/test/vscode/index.js'),
    launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${path.join(home, 'user-data')}`],
    extensionTestsEnv: { LADING_STORE: store },
  });
}

main().catch((e) => {
  console.error(`test:electron failed: ${(e as Error).message}`);
  process.exit(1);
});
