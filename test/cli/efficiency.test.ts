// `lading image efficiency`: dive's summary lines and a docker-style table, the whole result as
// json, dive's CI threshold as an exit code, and one-line errors.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Store } from '../../src/engine/store/store';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { commitImage } from '../../src/engine/ops/commit';
import { importImage } from '../../src/engine/ops/import';
import { EXPECTED, storeWastefulImage, writeTar } from '../engine/wasteful-image';

describe('lading image efficiency', function () {
  this.timeout(60000);
  let store = '';

  before(async () => {
    const dir = tempDir();
    store = path.join(dir, 'store');
    const s = await Store.open(store);
    await storeWastefulImage(s, dir);
    // 25 files written twice: more wasting paths than the table shows by default
    const files = Array.from({ length: 25 }, (_, i) => [`f${String(i).padStart(2, '0')}`, 100 + i] as [string, number]);
    await importImage(s, { source: await writeTar(path.join(dir, 'many0.tar'), files), reference: 'many:0' });
    await commitImage(s, { image: 'many:0', source: await writeTar(path.join(dir, 'many1.tar'), files), reference: 'many:1' });
  });

  it('prints efficiency, wasted bytes, user-wasted percent, then COUNT WASTED PATH, most wasted first', async () => {
    const r = await lading(['image', 'efficiency', 'wasteful:1'], { store });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        `efficiency: ${((350 / 6550) * 100).toFixed(4)} %`,
        'wastedBytes: 6200 bytes (6.2kB)',
        `userWastedPercent: ${((6200 / 2250) * 100).toFixed(4)} %`,
        '',
        'COUNT     WASTED    PATH',
        '3         2.5kB     /etc/app.conf',
        '2         2kB       /big',
        '2         700B      /tmp/x',
        '2         600B      /cache/b',
        '2         400B      /cache/a',
        '',
      ].join('\n'),
    );
  });

  it('--format json is the whole result', async () => {
    const r = await lading(['image', 'efficiency', '--format', 'json', 'wasteful:1'], { store });
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(j.paths, EXPECTED.paths);
    assert.equal(j.wastedBytes, EXPECTED.wastedBytes);
    assert.equal(j.efficiency, EXPECTED.efficiency);
    assert.match(j.imageId, /^sha256:[0-9a-f]{64}$/);
  });

  it('--lowest-efficiency fails (exit 1) below the threshold and passes at or under it', async () => {
    const low = await lading(['image', 'efficiency', '--lowest-efficiency', '0.9', 'wasteful:1'], { store });
    assert.equal(low.code, 1);
    assert.match(low.stdout, /^efficiency: /);
    assert.match(low.stderr, /^image efficiency is too low \(efficiency=0\.053\d+ < threshold=0\.9\)\n$/);
    const ok = await lading(['image', 'efficiency', '--lowest-efficiency=0.05', 'wasteful:1'], { store });
    assert.equal(ok.code, 0, ok.stderr);
    const base = await lading(['image', 'efficiency', '--lowest-efficiency', '1', 'wasteful:0'], { store });
    assert.equal(base.code, 0, base.stderr);
    assert.match(base.stdout, /^efficiency: 100\.0000 %\nwastedBytes: 0 bytes \(0B\)\nuserWastedPercent: 0\.0000 %\n\nCOUNT +WASTED +PATH\n$/);
  });

  it('shows the top 20 paths and says how many more there are; --all shows every one', async () => {
    const r = await lading(['image', 'efficiency', 'many:1'], { store });
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.split('\n').filter((l) => /^2 +\S+ +\/f\d\d$/.test(l));
    assert.deepEqual(rows.map((l) => l.split(/ +/)[2]), Array.from({ length: 20 }, (_, i) => `/f${String(24 - i).padStart(2, '0')}`));
    assert.match(r.stdout, /\n\(5 more paths; --all lists them\)\n$/);
    const all = await lading(['image', 'efficiency', '--all', 'many:1'], { store });
    assert.equal(all.stdout.split('\n').filter((l) => /^2 +\S+ +\/f\d\d$/.test(l)).length, 25);
    assert.doesNotMatch(all.stdout, /more paths/);
  });

  it('bad input is one Error: line', async () => {
    for (const [args, message] of [
      [['wasteful:1', '--lowest-efficiency', 'lots'], 'invalid argument "lots" for "--lowest-efficiency" flag: expected a number from 0 to 1'],
      [['wasteful:1', '--format', 'yaml'], 'unsupported format "yaml": use "table" or "json"'],
      [['nope:1'], 'No such image: nope:1'],
    ] as const) {
      const r = await lading(['image', 'efficiency', ...args], { store });
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `Error: ${message}\n`);
      assert.equal(r.stdout, '');
    }
  });

  it('is listed under lading image', async () => {
    const r = await lading(['image'], { store });
    assert.match(r.stdout, /^ {2}efficiency +Show the space an image wastes/m);
  });
});
