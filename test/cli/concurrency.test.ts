// Several lading processes on one store: imports and tags race a pruner. Afterwards the store
// must be whole: index.json parses, every blob matches its digest, every referenced blob exists.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CliResult, lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { writeRootfsTar } from '../helpers/rootfs';
import { checkStore } from '../../src/engine/ops/check';
import { Store } from '../../src/engine/store/store';

function assertCleanFailure(r: CliResult, what: string): void {
  assert.doesNotMatch(r.stderr, /\n\s+at /, `${what}: stack trace in ${r.stderr}`);
  if (r.code !== 0) assert.match(r.stderr, /^Error: [^\n]+\n$/, `${what} exited ${r.code}: ${JSON.stringify(r.stderr)}`);
}

describe('concurrent imports, tags and prunes on one store', function () {
  this.timeout(300000);
  const dir = tempDir();
  const store = path.join(dir, 'store');

  it('leaves a consistent store, and imports never lose a blob to the pruner', async () => {
    const tars: string[] = [];
    for (let i = 0; i < 3; i++) {
      const f = path.join(dir, `r${i}.tar`);
      await writeRootfsTar(f, { noBusybox: true, files: { 'etc/n': `layer ${i}\n` } });
      tars.push(f);
    }
    let importersDone = 0;
    const failures: string[] = [];
    const importer = async (name: string) => {
      for (let i = 0; i < 4; i++) {
        // The same tar from both importers: the dedupe path races the pruner too.
        const imp = await lading(['import', '-m', `${name} ${i}`, tars[i % tars.length], `${name}:${i}`], { store });
        assertCleanFailure(imp, 'import');
        if (imp.code !== 0) failures.push(`exit ${imp.code}: ${imp.stderr}`);
        const tag = await lading(['tag', imp.stdout.trim() || `${name}:${i}`, `${name}/copy:${i}`], { store });
        assertCleanFailure(tag, 'tag');
      }
      importersDone++;
    };
    const pruner = async () => {
      let rounds = 0;
      while (importersDone < 2 || rounds < 2) {
        const r = await lading(rounds % 2 ? ['system', 'prune', '-a', '-f'] : ['image', 'prune', '-a', '-f'], { store });
        assertCleanFailure(r, 'prune');
        assert.equal(r.code, 0, `prune exited ${r.code}: ${r.stderr}`);
        rounds++;
      }
      return rounds;
    };
    const [, , rounds] = await Promise.all([importer('alpha'), importer('beta'), pruner()]);
    assert.ok(rounds >= 2);
    assert.deepEqual(failures, [], 'imports must not fail because of a concurrent prune');
    const st = await Store.open(store);
    const check = await checkStore(st);
    assert.deepEqual(check.problems, []);
    assert.ok(check.ok);
    // And the store still works: an import after all that is complete and readable.
    const last = await lading(['import', tars[0], 'final:1'], { store });
    assert.equal(last.code, 0, last.stderr);
    assert.equal((await lading(['system', 'check'], { store })).code, 0);
    assert.equal((await checkStore(st)).ok, true);
  });
});
