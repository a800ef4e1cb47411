// Runs inside the VS Code extension host (extensionTestsPath): mocha over the compiled suites.
// Results go to the file named by LADING_HOST_RESULTS and, as a fallback, to the console as one
// "LADING_RESULTS {json}" line that run-host-tests reads from the forwarded log.
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const dir = path.join(__dirname, 'suite');
  const only = process.env.LADING_HOST_GREP;
  if (only) mocha.grep(only);
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
      const summary = { passed: stats.passes ?? 0, failed: stats.failures ?? failures, pending: stats.pending ?? 0 };
      if (process.env.LADING_HOST_RESULTS) writeFileSync(process.env.LADING_HOST_RESULTS, JSON.stringify(summary));
      console.log(`LADING_RESULTS ${JSON.stringify(summary)}`);
      if (failures > 0) reject(new Error(`${failures} tests failed`));
      else resolve();
    });
  });
}
