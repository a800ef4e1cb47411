// `lading image diff`: container-diff's sections as text, the whole result as json, one-line errors.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Store } from '../../src/engine/store/store';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { EXPECTED_CONFIG, EXPECTED_PATHS, storeDiffImages } from '../engine/diff-images';

describe('lading image diff', function () {
  this.timeout(60000);
  let store = '';

  before(async () => {
    const dir = tempDir();
    store = path.join(dir, 'store');
    await storeDiffImages(await Store.open(store), dir);
  });

  it('prints the config changes, then added, deleted and changed files', async () => {
    const r = await lading(['image', 'diff', 'diff:one', 'diff:two'], { store });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        '-----Config-----',
        '',
        'These fields have been changed between diff:one and diff:two:',
        'FIELD           BEFORE    AFTER',
        'Cmd             ["sh"]    <none>',
        'User            <none>    app',
        'ExposedPorts    <none>    8080/tcp',
        'Env[MODE]       dev       prod',
        'Labels[extra]   <none>    x',
        'Labels[v]       1         2',
        '',
        '-----File-----',
        '',
        'These entries have been added to diff:two:',
        'FILE         SIZE',
        '/app/main    2kB',
        '/cache/c     1B',
        '/etc/other   10B',
        '/newdir      0B',
        '',
        'These entries have been deleted from diff:two:',
        'FILE        SIZE',
        '/a-only     8B',
        '/cache/a    3B',
        '/cache/b    4B',
        '/emptyold   0B',
        '/etc/gone   5B',
        '/olddir/x   1B',
        '',
        'These entries have been changed between diff:one and diff:two:',
        'FILE        SIZE1     SIZE2     CHANGED',
        '/bin/tool   10B       10B       mode 0755 -> 0700',
        '/link       0B        0B        link etc/conf -> etc/other',
        '',
      ].join('\n'),
    );
  });

  it('says None for empty sections', async () => {
    const r = await lading(['image', 'diff', 'diffbase:1', 'diff:one'], { store });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^These fields have been changed between diffbase:1 and diff:one:\nFIELD +BEFORE +AFTER\nCmd +<none> +\["sh"\]\n/m);
    assert.match(r.stdout, /^These entries have been added to diff:one:\nFILE +SIZE\n\/a-only +8B\n$/m);
    assert.match(r.stdout, /^These entries have been deleted from diff:one: None$/m);
    assert.match(r.stdout, /^These entries have been changed between diffbase:1 and diff:one: None\n$/m);
  });

  it('--format json is the whole result', async () => {
    const r = await lading(['image', 'diff', '--format', 'json', 'diff:one', 'diff:two'], { store });
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(j.added.map((c: { path: string }) => c.path), EXPECTED_PATHS.added);
    assert.deepEqual(j.deleted.map((c: { path: string }) => c.path), EXPECTED_PATHS.deleted);
    assert.deepEqual(j.modified.map((c: { path: string }) => c.path), EXPECTED_PATHS.modified);
    assert.deepEqual(j.config, EXPECTED_CONFIG);
    assert.deepEqual([j.a.ref, j.b.ref, j.sharedLayers, j.sizeDelta], ['diff:one', 'diff:two', 1, 1990]);
    assert.deepEqual(j.modified[0].before.mode, 0o755);
  });

  it('bad images, arguments and formats are one Error: line', async () => {
    const missing = await lading(['image', 'diff', 'diff:one', 'nope:1'], { store });
    assert.deepEqual([missing.code, missing.stdout, missing.stderr], [1, '', 'Error: No such image: nope:1\n']);
    const format = await lading(['image', 'diff', '--format', 'yaml', 'diff:one', 'diff:two'], { store });
    assert.deepEqual([format.code, format.stderr], [1, 'Error: unsupported format "yaml": use "text" or "json"\n']);
    const one = await lading(['image', 'diff', 'diff:one'], { store });
    assert.equal(one.code, 1);
    assert.match(one.stderr, /^Error: "lading image diff" requires exactly 2 arguments\./);
  });
});
