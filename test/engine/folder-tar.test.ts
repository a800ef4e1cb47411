import * as assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync, chmodSync, utimesSync } from 'node:fs';
import * as path from 'node:path';
import * as tar from 'tar-stream';
import { createHash } from 'node:crypto';
import { packFolder } from '../../src/engine/ops/folder-tar';
import { tempDir } from '../helpers/tmp';

async function entries(root: string): Promise<{ headers: tar.Header[]; sha: string }> {
  const chunks: Buffer[] = [];
  for await (const c of packFolder(root)) chunks.push(c as Buffer);
  const bytes = Buffer.concat(chunks);
  const headers: tar.Header[] = [];
  const ex = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (h, s, next) => {
      headers.push(h);
      s.on('end', next);
      s.resume();
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
  });
  ex.end(bytes);
  await done;
  return { headers, sha: createHash('sha256').update(bytes).digest('hex') };
}

describe('packFolder (commit layers)', () => {
  it('is deterministic: sorted, owner 0:0, fixed mtime and modes, symlinks kept', async () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'b/sub'), { recursive: true });
    writeFileSync(path.join(root, 'b/sub/run.sh'), 'echo\n');
    chmodSync(path.join(root, 'b/sub/run.sh'), 0o700);
    writeFileSync(path.join(root, 'a.txt'), 'a');
    chmodSync(path.join(root, 'a.txt'), 0o600);
    symlinkSync('/etc/passwd', path.join(root, 'link'));
    const first = await entries(root);
    assert.deepEqual(first.headers.map((h) => h.name), ['a.txt', 'b/', 'b/sub/', 'b/sub/run.sh', 'link']);
    for (const h of first.headers) {
      assert.equal(h.uid, 0);
      assert.equal(h.gid, 0);
      assert.equal(h.mtime?.getTime(), 0);
    }
    const byName = Object.fromEntries(first.headers.map((h) => [h.name, h]));
    assert.equal(byName['a.txt'].mode, 0o644);
    assert.equal(byName['b/sub/run.sh'].mode, 0o755);
    assert.equal(byName['b/'].mode, 0o755);
    assert.equal(byName.link.type, 'symlink');
    assert.equal(byName.link.linkname, '/etc/passwd');
    // Touching files changes nothing in the layer.
    utimesSync(path.join(root, 'a.txt'), new Date(), new Date('2001-01-01'));
    assert.equal((await entries(root)).sha, first.sha);
  });
});
