// Runs every test suite and closes with one line "N passed, N failed".
// Each suite writes test-results/<suite>.json ({passed, failed}); a suite that dies without
// writing its results counts as one failure, so a crash can never look like a pass.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const resultsDir = join(process.cwd(), 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const mocha = ['node_modules/mocha/bin/mocha.js'];
const suites = [
  // Engine, CLI, registry, archives and Dockerfile language: plain Node.
  { name: 'node', cmd: process.execPath, args: [...mocha, ...(process.argv.length > 2 ? process.argv.slice(2) : ['out/test/**/*.test.js'])] },
  // Extension-host and UI tests in real VS Code (code-server); see test/vscode/README.md.
  { name: 'vscode', cmd: process.execPath, args: ['out/test/vscode/run-host-tests.js'], optionalEntry: 'out/test/vscode/run-host-tests.js' },
  { name: 'ui', cmd: process.execPath, args: [...mocha, '--config', 'test/ui/.mocharc.json'], optionalEntry: 'test/ui/.mocharc.json' },
];

let passed = 0;
let failed = 0;
for (const s of suites) {
  if (s.optionalEntry && !existsSync(s.optionalEntry)) continue;
  if (process.env.LADING_SUITES && !process.env.LADING_SUITES.split(',').includes(s.name)) continue;
  console.log(`\n=== suite: ${s.name}`);
  const r = spawnSync(s.cmd, s.args, {
    stdio: 'inherit',
    env: { ...process.env, LADING_TEST_RESULTS: resultsDir, LADING_TEST_SUITE: s.name },
  });
  const file = join(resultsDir, `${s.name}.json`);
  if (existsSync(file)) {
    const res = JSON.parse(readFileSync(file, 'utf8'));
    passed += res.passed;
    failed += res.failed;
    if (r.status !== 0 && res.failed === 0) failed += 1; // exited badly after reporting
  } else {
    console.log(`suite ${s.name} exited (${r.status ?? r.signal}) without results`);
    failed += 1;
  }
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
