// Extracting a layer to a folder: hostile tars (escapes, writes through symlinks, hard links
// out, special files, setuid bits) are refused or defused, failures and cancels leave nothing
// at the destination, and a well-formed layer comes out as `tar -x` would write it.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CancelledError, LadingError } from '../../src/engine/errors';
import { extractLayer } from '../../src/engine/ops/extract-layer';
import { Store } from '../../src/engine/store/store';
import { LAYER_MTIME, layerTar, LayerMember, storeLayer } from '../helpers/layer-tar';
import { tempDir } from '../helpers/tmp';
import { deadPid } from '../crash/cli-process';

/** What a folder holds, as comparable lines: type, permission bits, content or link target. */
function snapshot(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(root, rel)).sort()) {
      const p = rel ? `${rel}/${name}` : name;
      const st = lstatSync(path.join(root, p));
      const mode = (st.mode & 0o777).toString(8);
      if (st.isSymbolicLink()) out.push(`${p} symlink ${readlinkSync(path.join(root, p))}`);
      else if (st.isDirectory()) {
        out.push(`${p} dir ${mode}`);
        walk(p);
      } else out.push(`${p} file ${mode} links=${st.nlink} mtime=${Math.floor(st.mtimeMs / 1000)} ${readFileSync(path.join(root, p)).toString('base64')}`);
    }
  };
  walk('');
  return out;
}

describe('extractLayer', function () {
  this.timeout(60000);
  let store: Store;
  let work: string;

  before(async () => {
    store = await Store.open(tempDir());
  });
  beforeEach(() => {
    work = tempDir();
  });

  /** Nothing at the destination and no temp sibling left beside it. */
  function assertNothingLeft(dest: string): void {
    assert.equal(existsSync(dest), false, 'destination absent');
    assert.deepEqual(readdirSync(path.dirname(dest)).filter((n) => n.startsWith(`.${path.basename(dest)}.`)), [], 'no temp folder left');
  }

  async function expectRefused(members: LayerMember[], message: RegExp): Promise<string> {
    const digest = await storeLayer(store, members);
    const dest = path.join(work, 'out');
    await assert.rejects(extractLayer(store, digest, dest), (e: Error) => {
      assert.ok(e instanceof LadingError, `a LadingError, got ${e.stack}`);
      assert.doesNotMatch(e.message, /\n/, 'one line');
      assert.match(e.message, message);
      return true;
    });
    assertNothingLeft(dest);
    return dest;
  }

  it('extracts a layer as GNU tar -x does: files, folders, modes, symlinks, hard links, times', async () => {
    const members: LayerMember[] = [
      { name: './', type: 'directory', mode: 0o755 },
      { name: 'etc/', type: 'directory', mode: 0o750 },
      { name: 'etc/hostname', data: 'lading\n', mode: 0o644 },
      { name: 'etc/secret', data: 'hush', mode: 0o600 },
      { name: 'etc/empty', data: '', mode: 0o444 },
      { name: 'usr/local/bin/tool', data: randomBytes(300000), mode: 0o755 },
      { name: 'usr/local/bin/tool-again', type: 'link', linkname: 'usr/local/bin/tool' },
      { name: 'usr/local/bin/rel', type: 'symlink', linkname: 'tool' },
      { name: 'usr/local/bin/abs', type: 'symlink', linkname: '/etc/hostname' },
      { name: 'usr/local/bin/dangling', type: 'symlink', linkname: '../nowhere' },
      { name: 'var/empty/', type: 'directory', mode: 0o700 },
      { name: 'etc/hostname', data: 'replaced later in the same layer\n', mode: 0o640 },
    ];
    const plain = await layerTar(members);
    const digest = await storeLayer(store, plain);
    const reference = path.join(work, 'reference');
    mkdirSync(reference);
    writeFileSync(path.join(work, 'layer.tar'), plain);
    execFileSync('tar', ['-xf', path.join(work, 'layer.tar'), '-C', reference, '--no-same-owner', '--same-permissions']);

    const dest = path.join(work, 'out');
    const progress: string[] = [];
    const res = await extractLayer(store, digest, dest, { onProgress: (e) => e.kind === 'layer' && progress.push(e.status) });
    assert.deepEqual(snapshot(dest), snapshot(reference));
    assert.equal(lstatSync(dest).mode & 0o777, lstatSync(reference).mode & 0o777, 'root mode from ./');
    assert.equal(lstatSync(path.join(dest, 'etc')).mtimeMs, LAYER_MTIME.getTime(), 'folder time applied after its files');
    assert.equal(lstatSync(path.join(dest, 'usr/local/bin/tool')).ino, lstatSync(path.join(dest, 'usr/local/bin/tool-again')).ino, 'hard link shares the file');
    assert.deepEqual({ ...res, destDir: undefined }, { destDir: undefined, files: 5, directories: 2, symlinks: 3, hardLinks: 1, whiteouts: 0, skipped: 0, bytes: 300000 + 7 + 4 + 33 });
    assert.equal(progress.at(-1), 'Extract complete');
    assertNothingLeft(path.join(work, 'never'));
  });

  it('refuses names climbing out of the destination with ..', async () => {
    await expectRefused([{ name: 'ok', data: 'x' }, { name: '../evil', data: 'x' }], /entry "\.\.\/evil" escapes the destination folder/);
    assert.equal(existsSync(path.join(work, 'evil')), false);
    await expectRefused([{ name: 'a/b/../../../evil2', data: 'x' }], /escapes the destination/);
    assert.equal(existsSync(path.join(work, 'evil2')), false);
  });

  it('never writes through a symlink the layer made, absolute or relative', async () => {
    const outside = tempDir();
    await expectRefused([{ name: 'link', type: 'symlink', linkname: outside }, { name: 'link/passwd', data: 'owned' }], /"link\/passwd" would be written through the symbolic link \/link/);
    await expectRefused([{ name: 'up', type: 'symlink', linkname: '..' }, { name: 'up/evil', data: 'owned' }], /through the symbolic link \/up/);
    await expectRefused([{ name: 'd/link', type: 'symlink', linkname: '/etc' }, { name: 'd/link/deeper/x', type: 'directory' }], /through the symbolic link \/d\/link/);
    assert.deepEqual(readdirSync(outside), []);
    assert.equal(existsSync(path.join(work, 'evil')), false);
  });

  it('lets a later entry replace a symlink, as tar does, and writes below the new folder', async () => {
    const outside = tempDir();
    const digest = await storeLayer(store, [{ name: 'link', type: 'symlink', linkname: outside }, { name: 'link', type: 'directory' }, { name: 'link/f', data: 'inside' }]);
    const dest = path.join(work, 'out');
    await extractLayer(store, digest, dest);
    assert.ok(lstatSync(path.join(dest, 'link')).isDirectory());
    assert.equal(readFileSync(path.join(dest, 'link/f'), 'utf8'), 'inside');
    assert.deepEqual(readdirSync(outside), []);
  });

  it('refuses hard links out of the destination or to anything but a file extracted before', async () => {
    await expectRefused([{ name: 'hl', type: 'link', linkname: '../../etc/passwd' }], /"hl" is a hard link to "\.\.\/\.\.\/etc\/passwd", outside the destination/);
    await expectRefused([{ name: 'hl', type: 'link', linkname: '/etc/passwd' }], /not a file extracted before it/);
    await expectRefused([{ name: 'sl', type: 'symlink', linkname: '/etc/passwd' }, { name: 'hl', type: 'link', linkname: 'sl' }], /not a file extracted before it/);
    await expectRefused([{ name: 'hl', type: 'link', linkname: 'later' }, { name: 'later', data: 'x' }], /not a file extracted before it/);
    // A file reached through a folder later replaced by a symlink is forgotten with the folder.
    await expectRefused([{ name: 'd/f', data: 'x' }, { name: 'd', type: 'symlink', linkname: '/etc' }, { name: 'hl', type: 'link', linkname: 'd/f' }], /not a file extracted before it/);
  });

  it('puts absolute names inside the destination, as docker applies a layer', async () => {
    const marker = `lading-abs-${randomBytes(6).toString('hex')}`;
    const digest = await storeLayer(store, [{ name: `/tmp/${marker}`, data: 'abs' }, { name: '/../../etc/climb', data: 'c' }, { name: './etc/rel', data: 'rel' }]);
    const dest = path.join(work, 'out');
    await extractLayer(store, digest, dest);
    assert.equal(readFileSync(path.join(dest, 'tmp', marker), 'utf8'), 'abs');
    assert.equal(readFileSync(path.join(dest, 'etc/climb'), 'utf8'), 'c');
    assert.equal(readFileSync(path.join(dest, 'etc/rel'), 'utf8'), 'rel');
    assert.equal(existsSync(`/tmp/${marker}`), false);
  });

  it('drops setuid, setgid and sticky bits, skips devices and fifos, writes no whiteouts, keeps our owner', async () => {
    const digest = await storeLayer(store, [
      { name: 'bin/su', data: 'su', mode: 0o4755, uid: 4242 },
      { name: 'bin/wall', data: 'w', mode: 0o2755 },
      { name: 'tmp/', type: 'directory', mode: 0o1777 },
      { name: 'dev/null', type: 'character-device' },
      { name: 'dev/sda', type: 'block-device' },
      { name: 'run/pipe', type: 'fifo' },
      { name: 'etc/.wh.gone', data: '' },
      { name: 'var/.wh..wh..opq', data: '' },
    ]);
    const dest = path.join(work, 'out');
    const res = await extractLayer(store, digest, dest);
    assert.equal(lstatSync(path.join(dest, 'bin/su')).mode & 0o7777, 0o755);
    assert.equal(lstatSync(path.join(dest, 'bin/wall')).mode & 0o7777, 0o755);
    assert.equal(lstatSync(path.join(dest, 'tmp')).mode & 0o7777, 0o777);
    assert.equal(lstatSync(path.join(dest, 'bin/su')).uid, process.getuid?.());
    // Skipped entries leave no trace, not even their parent folders.
    assert.deepEqual(readdirSync(dest).sort(), ['bin', 'tmp']);
    assert.equal(res.skipped, 3);
    assert.equal(res.whiteouts, 2);
  });

  it('refuses a destination that is not empty or is a file, and accepts an empty folder', async () => {
    const digest = await storeLayer(store, [{ name: 'f', data: 'x' }]);
    const full = path.join(work, 'full');
    mkdirSync(full);
    writeFileSync(path.join(full, 'mine'), 'keep');
    await assert.rejects(extractLayer(store, digest, full), { message: `cannot extract into ${full}: the folder is not empty` });
    assert.deepEqual(readdirSync(full), ['mine']);
    const file = path.join(work, 'file');
    writeFileSync(file, 'x');
    await assert.rejects(extractLayer(store, digest, file), /it is a file, not a folder/);
    const empty = path.join(work, 'empty');
    mkdirSync(empty);
    await extractLayer(store, digest, empty);
    assert.equal(readFileSync(path.join(empty, 'f'), 'utf8'), 'x');
    await assert.rejects(extractLayer(store, `sha256:${'0'.repeat(64)}`, path.join(work, 'x')), /layer sha256:0+ is not in the store/);
  });

  it('a cancel mid-way leaves no destination and no temp folder', async () => {
    const big = Array.from({ length: 6 }, (_, i) => ({ name: `data/f${i}`, data: randomBytes(1024 * 1024) }));
    const digest = await storeLayer(store, big, { gzip: false });
    const dest = path.join(work, 'out');
    const abort = new AbortController();
    let events = 0;
    await assert.rejects(
      extractLayer(store, digest, dest, {
        signal: abort.signal,
        onProgress: () => {
          if (++events === 2) abort.abort();
        },
      }),
      (e: Error) => e instanceof CancelledError,
    );
    assert.equal(events, 2, 'cancelled after some of the layer was read');
    assertNothingLeft(dest);
  });

  it('removes the temp folder a killed extraction left beside the same destination, and only that', async () => {
    const digest = await storeLayer(store, [{ name: 'f', data: 'content' }], { gzip: false });
    const dest = path.join(work, 'out');
    const dead = path.join(work, `.out.${await deadPid()}.0123456789ab`);
    const live = path.join(work, `.out.${process.pid}.0123456789ab`);
    const other = path.join(work, `.other.${await deadPid()}.0123456789ab`);
    for (const d of [dead, live, other]) mkdirSync(path.join(d, 'half'), { recursive: true });
    await extractLayer(store, digest, dest);
    assert.equal(readFileSync(path.join(dest, 'f'), 'utf8'), 'content');
    assert.deepEqual([existsSync(dead), existsSync(live), existsSync(other)], [false, true, true]);
  });

  it('a layer blob damaged in the store fails its digest check and lands nowhere', async () => {
    const digest = await storeLayer(store, [{ name: 'f', data: 'the right content' }], { gzip: false });
    const blob = store.blobs.path(digest);
    const bytes = readFileSync(blob);
    bytes[512] ^= 1; // the first byte of f's content
    writeFileSync(blob, bytes);
    const dest = path.join(work, 'out');
    await assert.rejects(extractLayer(store, digest, dest), /layer digest mismatch/);
    assertNothingLeft(dest);
  });
});
