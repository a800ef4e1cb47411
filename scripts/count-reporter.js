// Mocha reporter: the usual spec output, plus a results file that scripts/test.mjs sums into the
// closing "N passed, N failed" line (several suites run in separate processes).
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

class CountReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const dir = process.env.LADING_TEST_RESULTS;
      if (!dir) return;
      fs.mkdirSync(dir, { recursive: true });
      const s = runner.stats || {};
      const name = process.env.LADING_TEST_SUITE || 'node';
      fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ passed: s.passes || 0, failed: s.failures || 0, pending: s.pending || 0 }));
    });
  }
}
module.exports = CountReporter;
