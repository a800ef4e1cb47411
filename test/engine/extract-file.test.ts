// Saving one file of a layer: the bytes and permission bits of the file as the layer has it
// last, hard links read through to their file, symlinks and missing paths refused in one line,
// and a failed save leaves the destination as it was.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { LadingError } from '../../src/engine/errors';
import { extractFile } from '../../src/engine/ops/extract-file';
import { Store } from '../../src/engine/store/store';
import { storeLayer } from '../helpers/layer-tar';
import { tempDir } from '../helpers/tmp';

describe('extractFile', function () {
  this.timeout(30000);
  const big = randomBytes(200000);
  let store: Store;
  let digest: string;
  let work: string;

  before(async () => {
    store = await Store.open(tempDir());
    digest = await storeLayer(store, [
      { name: 'usr/bin/tool', data: big, mode: 0o4755 },
      { name: 'usr/bin/tool-link', type: 'link', linkname: 'usr/bin/tool' },
      { name: 'etc/passwd-link', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'etc/motd', data: 'first', mode: 0o644 },
      { name: 'etc/motd', data: 'last one wins', mode: 0o640 },
      { name: 'etc/conf.d/', type: 'directory' },
    ]);
  });
  beforeEach(() => {
    work = tempDir();
  });

  function noTemp(): void {
    assert.deepEqual(readdirSync(work).filter((n) => n.startsWith('.')), []);
  }

  it('writes a file byte for byte, with its permission bits and no setuid', async () => {
    const dest = path.join(work, 'tool');
    const res = await extractFile(store, digest, '/usr/bin/tool', dest);
    assert.ok(readFileSync(dest).equals(big));
    assert.equal(lstatSync(dest).mode & 0o7777, 0o755);
    assert.deepEqual(res, { destFile: dest, bytes: big.length, mode: 0o755 });
    noTemp();
  });

  it('takes the last entry at a path and replaces an existing destination', async () => {
    const dest = path.join(work, 'motd');
    writeFileSync(dest, 'old');
    await extractFile(store, { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest, size: 0 }, 'etc/motd', dest);
    assert.equal(readFileSync(dest, 'utf8'), 'last one wins');
    assert.equal(lstatSync(dest).mode & 0o777, 0o640);
    noTemp();
  });

  it('saves a hard link with the content of the file it names', async () => {
    const dest = path.join(work, 'again');
    await extractFile(store, digest, 'usr/bin/tool-link', dest);
    assert.ok(readFileSync(dest).equals(big));
  });

  it('refuses symlinks, folders and missing paths in one line, leaving the destination alone', async () => {
    const dest = path.join(work, 'kept');
    writeFileSync(dest, 'untouched');
    const cases: [string, RegExp][] = [
      ['/etc/passwd-link', /^\/etc\/passwd-link in layer [0-9a-f]{12} is a symbolic link to \/etc\/passwd: it has no content of its own to save$/],
      ['etc/conf.d', /is a folder, not a file$/],
      ['etc/nothing', /^\/etc\/nothing: no such file in layer [0-9a-f]{12}$/],
      ['/', /does not name a file/],
    ];
    for (const [p, message] of cases) {
      await assert.rejects(extractFile(store, digest, p, dest), (e: Error) => e instanceof LadingError && message.test(e.message));
    }
    assert.equal(readFileSync(dest, 'utf8'), 'untouched');
    noTemp();
    assert.equal(existsSync(path.join(work, 'never')), false);
  });

  it('refuses a destination whose folder does not exist', async () => {
    const dest = path.join(work, 'missing', 'f');
    await assert.rejects(extractFile(store, digest, 'etc/motd', dest), { message: `cannot save to ${dest}: the folder ${path.dirname(dest)} does not exist` });
  });

  it('a save cancelled while the file is being written leaves nothing', async () => {
    const layer = await storeLayer(store, [{ name: 'data/big', data: randomBytes(4 * 1024 * 1024) }], { gzip: false });
    const abort = new AbortController();
    let events = 0;
    const dest = path.join(work, 'big');
    const saving = extractFile(store, layer, 'data/big', dest, {
      signal: abort.signal,
      onProgress: () => {
        if (++events === 2) abort.abort();
      },
    });
    await assert.rejects(saving, /operation cancelled/);
    assert.equal(events, 2);
    assert.equal(existsSync(dest), false);
    noTemp();
  });

  it('a save cancelled before it starts writes nothing', async () => {
    const abort = new AbortController();
    abort.abort();
    const dest = path.join(work, 'cancelled');
    await assert.rejects(extractFile(store, digest, 'usr/bin/tool', dest, { signal: abort.signal }), /operation cancelled/);
    assert.equal(existsSync(dest), false);
    noTemp();
  });
});
