// Symlinks in the build context: a folder's links are copied as links, whatever they point to
// (docker copies `bin/python -> /usr/bin/python3` as it is); naming a link that leads out of the
// context as a source is still refused, and nothing outside is ever read.
import { strict as assert } from 'node:assert';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { imageFiles } from './image-files';

describe('lading build: symlinks in the context', function () {
  this.timeout(60000);

  it('copies links inside a copied folder as links, even absolute or upward ones', async () => {
    const outside = tempDir('lading-outside-');
    writeFileSync(path.join(outside, 'secret.txt'), 'secret\n');
    const dir = tempDir('lading-ctx-');
    mkdirSync(path.join(dir, 'app', 'bin'), { recursive: true });
    writeFileSync(path.join(dir, 'app', 'main.sh'), 'echo hi\n');
    symlinkSync('/usr/bin/python3', path.join(dir, 'app', 'bin', 'python'));
    symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'app', 'host-secret'));
    symlinkSync('../../etc/config', path.join(dir, 'app', 'bin', 'config'));
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY app /app\n');
    const store = tempDir('lading-store-');
    const r = await lading(['build', '-t', 'links:1', dir], { store });
    assert.equal(r.code, 0, r.stderr);
    const files = await imageFiles(store, 'docker.io/library/links:1');
    assert.deepEqual(
      ['app/bin/python', 'app/host-secret', 'app/bin/config'].map((n) => [files.get(n)?.type, files.get(n)?.linkname]),
      [['symlink', '/usr/bin/python3'], ['symlink', path.join(outside, 'secret.txt')], ['symlink', '../../etc/config']],
    );
    // Copied as a link: the secret's content is nowhere in the image.
    for (const f of files.values()) assert.equal(f.data.includes('secret'), false);
    assert.equal(files.get('app/main.sh')?.data.toString(), 'echo hi\n');
  });

  it('still refuses a named source that is a link out of the context', async () => {
    const outside = tempDir('lading-outside-');
    writeFileSync(path.join(outside, 'secret.txt'), 'secret\n');
    const dir = tempDir('lading-ctx-');
    symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'link.txt'));
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY link.txt /\n');
    const r = await lading(['build', '-t', 'links:2', dir], { store: tempDir('lading-store-') });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error: Dockerfile:2: forbidden path outside the build context: link\.txt is a symlink to /);
  });
});
