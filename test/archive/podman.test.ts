// Interop with podman (vfs storage in private temp roots): `podman load` of our archive and
// `podman save` (legacy layout with symlinked layer.tar members) into lading.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Store } from '../../src/engine/store/store';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { addFixtureImage, imageFacts } from './fixture-image';

describe('archives with podman', function () {
  this.timeout(180000);
  let root: string;
  let work: string;
  let storeDir: string;
  let img: Awaited<ReturnType<typeof addFixtureImage>>;

  function podman(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const base = ['--storage-driver', 'vfs', '--root', path.join(root, 'root'), '--runroot', path.join(root, 'run'), '--tmpdir', path.join(root, 'tmp'), '--cgroup-manager', 'cgroupfs', '--events-backend', 'none'];
    return new Promise((resolve) => {
      execFile('podman', [...base, ...args], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout: String(stdout), stderr: String(stderr) }));
    });
  }

  before(async function () {
    if (!['/usr/bin/podman', '/usr/local/bin/podman'].some(existsSync)) {
      console.log('    skipped: podman is not installed (apt: podman)');
      this.skip();
    }
    root = tempDir('lading-podman-');
    work = tempDir();
    storeDir = tempDir();
    const store = await Store.open(storeDir);
    img = await addFixtureImage(store, 'localhost/papp:1', [{ busybox: true }, { files: { 'etc/p': 'p\n' } }], { gzip: true });
  });

  after(async () => {
    // vfs layers are plain folders (nothing mounted): removing the images leaves only files,
    // which the temp folder cleanup deletes. (`system reset` would also touch host networks.)
    if (root) await podman(['rmi', '--all', '--force']);
  });

  it('lading save → podman load', async () => {
    const file = path.join(work, 'l.tar');
    assert.equal((await lading(['save', '-o', file, 'localhost/papp:1'], { store: storeDir })).code, 0);
    const r = await podman(['load', '-i', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Loaded image: localhost\/papp:1/);
    const i = await podman(['image', 'inspect', 'localhost/papp:1']);
    assert.equal(i.code, 0, i.stderr);
    const j = JSON.parse(i.stdout)[0];
    assert.equal(`sha256:${j.Id}`, img.id);
    assert.deepEqual(j.RootFS.Layers, img.diffIds);
  });

  it('podman save → lading load', async () => {
    const file = path.join(work, 'p.tar');
    const s = await podman(['save', '-o', file, 'localhost/papp:1']);
    assert.equal(s.code, 0, s.stderr);
    const other = tempDir();
    const r = await lading(['load', '-i', file], { store: other });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'Loaded image: localhost/papp:1\n');
    const facts = await imageFacts(await Store.open(other), 'localhost/papp:1');
    assert.equal(facts.id, img.id);
    assert.deepEqual(facts.diffIds, img.diffIds);
  });
});
