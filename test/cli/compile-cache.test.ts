// The launcher (dist/cli.js) keeps a V8 code cache of the CLI bundle: it must be invisible to
// the user (same output and exit codes), and a damaged or unwritable cache must not matter.
import * as assert from 'node:assert/strict';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

describe('CLI code cache', () => {
  it('is written once under XDG_CACHE_HOME and changes nothing the user sees', async () => {
    const cache = tempDir();
    const env = { XDG_CACHE_HOME: cache };
    const first = await lading(['version'], { env });
    assert.equal(first.code, 0, first.stderr);
    const files = readdirSync(path.join(cache, 'lading'));
    assert.equal(files.length, 1);
    assert.match(files[0], /^cli-.*\.v8cache$/);
    const second = await lading(['version'], { env });
    assert.deepEqual(second, first);
    assert.deepEqual(readdirSync(path.join(cache, 'lading')), files);
    // Errors keep their one line and exit code through the launcher.
    const bad = await lading(['nope'], { env });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^lading: 'nope' is not a lading command\./);
  });

  it('a damaged cache file is replaced; an unusable cache folder is ignored', async () => {
    const cache = tempDir();
    const env = { XDG_CACHE_HOME: cache };
    const expected = await lading(['version'], { env });
    const [file] = readdirSync(path.join(cache, 'lading'));
    writeFileSync(path.join(cache, 'lading', file), 'not a code cache');
    assert.deepEqual(await lading(['version'], { env }), expected);
    assert.ok(statSync(path.join(cache, 'lading', file)).size > 1000, 'rewritten with real code cache data');
    // A regular file where the cache folder should be: no cache, same result.
    const blocked = path.join(tempDir(), 'file');
    writeFileSync(blocked, '');
    assert.deepEqual(await lading(['version'], { env: { XDG_CACHE_HOME: blocked } }), expected);
    assert.deepEqual(await lading(['version'], { env: { LADING_NO_COMPILE_CACHE: '1' } }), expected);
  });
});
