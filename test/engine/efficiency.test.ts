// Wasted space by dive's rules: the accounting on its own (WasteLedger), then on a stored image.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeEfficiency, WasteLedger } from '../../src/engine/ops/efficiency';
import { CancelledError } from '../../src/engine/errors';
import { Store } from '../../src/engine/store/store';
import { tempDir } from '../helpers/tmp';
import { EXPECTED, storeWastefulImage } from './wasteful-image';

type Layer = [string, number, boolean?][];

function ledgerOf(...layers: Layer[]): WasteLedger {
  const l = new WasteLedger();
  for (const entries of layers) {
    l.beginLayer();
    for (const [p, size, dir] of entries) l.entry(p, size, dir ?? false);
    l.endLayer();
  }
  return l;
}

describe('image efficiency (wasted space)', function () {
  this.timeout(60000);

  it('an overwrite wastes every version, the last included, as dive counts it', () => {
    const r = ledgerOf([['etc', 0, true], ['etc/nginx.conf', 2000], ['etc/public', 3000]], [['etc/nginx.conf', 5000], ['etc/athing', 10000]]).result('id');
    assert.deepEqual(r.paths, [{ path: '/etc/nginx.conf', count: 2, wastedBytes: 7000, layers: [0, 1] }]);
    assert.equal(r.wastedBytes, 7000);
    assert.equal(r.efficiency, (2000 + 3000 + 10000) / (7000 + 3000 + 10000));
    assert.equal(r.userBytes, 15000);
    assert.equal(r.userWastedPercent, 7000 / 15000);
  });

  it('removing a folder removes each file under it; directories never count', () => {
    const r = ledgerOf([['d', 0, true], ['d/e', 0, true], ['d/e/f', 10], ['d/g', 20]], [['d', 0, true]], [['.wh.d', 0]]).result('id');
    assert.deepEqual(r.paths.map((p) => [p.path, p.count, p.wastedBytes, p.layers]), [
      ['/d/g', 2, 20, [0, 2]],
      ['/d/e/f', 2, 10, [0, 2]],
    ]);
    assert.equal(r.efficiency, 0);
  });

  it('a whiteout and a new write of the same path in one layer are one overwrite', () => {
    const r = ledgerOf([['a', 10]], [['.wh.a', 0], ['a', 4]]).result('id');
    assert.deepEqual(r.paths, [{ path: '/a', count: 2, wastedBytes: 14, layers: [0, 1] }]);
    // a file replaced by a folder is removed; the folder itself is no waste
    const s = ledgerOf([['a', 10]], [['a', 0, true], ['a/b', 1]]).result('id');
    assert.deepEqual(s.paths, [{ path: '/a', count: 2, wastedBytes: 10, layers: [0, 1] }]);
    // whichever entry of the layer comes first
    const t = ledgerOf([['a', 10]], [['a/b', 1], ['a', 0, true]]).result('id');
    assert.deepEqual(t.paths, s.paths);
  });

  it('whiteouts only act on lower layers; one of a path never written is nothing', () => {
    const r = ledgerOf([['keep', 5]], [['new', 7], ['.wh.new', 0], ['.wh.ghost', 0]]).result('id');
    assert.deepEqual(r.paths, []);
    assert.equal(r.efficiency, 1);
    assert.equal(r.wastedBytes, 0);
    assert.equal(ledgerOf().result('id').efficiency, 1);
  });

  describe('on a stored image', () => {
    let store: Store;
    let id = '';

    before(async () => {
      const dir = tempDir();
      store = await Store.open(path.join(dir, 'store'));
      id = await storeWastefulImage(store, dir);
    });

    it('finds the overwritten-then-removed file, the opaque folder and the removed ones, with exact sizes', async () => {
      const r = await analyzeEfficiency(store, 'wasteful:1');
      assert.equal(r.imageId, id);
      assert.deepEqual(r.paths, EXPECTED.paths);
      assert.equal(r.wastedBytes, EXPECTED.wastedBytes);
      assert.equal(r.totalBytes, EXPECTED.totalBytes);
      assert.equal(r.userBytes, EXPECTED.userBytes);
      assert.equal(r.efficiency, EXPECTED.efficiency);
      assert.equal(r.userWastedPercent, EXPECTED.wastedBytes / EXPECTED.userBytes);
    });

    it('the base alone wastes nothing; the middle image already wastes the overwrite and the opaque folder', async () => {
      const base = await analyzeEfficiency(store, 'wasteful:0');
      assert.deepEqual([base.efficiency, base.wastedBytes, base.paths.length, base.userWastedPercent], [1, 0, 0, 0]);
      const mid = await analyzeEfficiency(store, 'wasteful:01');
      assert.deepEqual(mid.paths.map((p) => [p.path, p.wastedBytes]), [['/etc/app.conf', 2500], ['/cache/b', 600], ['/cache/a', 400]]);
    });

    it('is cancelled by its signal between and during layers', async () => {
      const ac = new AbortController();
      ac.abort();
      await assert.rejects(analyzeEfficiency(store, 'wasteful:1', { signal: ac.signal }), CancelledError);
      const mid = new AbortController();
      const seen: string[] = [];
      const run = analyzeEfficiency(store, 'wasteful:1', {
        signal: mid.signal,
        onProgress: (e) => {
          if (e.kind === 'layer') seen.push(e.status);
          if (seen.length === 3) mid.abort();
        },
      });
      await assert.rejects(run, CancelledError);
      assert.deepEqual(seen, ['Analyzing', 'Analyzed', 'Analyzing']);
    });

    it('names a missing image the way the other image commands do', async () => {
      await assert.rejects(analyzeEfficiency(store, 'nope:1'), /No such image: nope:1/);
    });
  });
});
