// Peers read what Lading writes: skopeo and umoci over the store's OCI layout.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { writeRootfsTar } from '../helpers/rootfs';

function have(tool: string): boolean {
  return spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
}

describe('interop with skopeo and umoci', function () {
  this.timeout(120000);
  const dir = tempDir();
  const store = path.join(dir, 'store');
  let id = '';

  before(async () => {
    const tar = path.join(dir, 'rootfs.tar');
    await writeRootfsTar(tar, { files: { 'etc/motd': 'interop\n' } });
    const r = await lading(['import', '-c', 'CMD ["sh"]', '-c', 'LABEL a=b', tar, 'interop:1'], { store });
    assert.equal(r.code, 0, r.stderr);
    id = r.stdout.trim();
    const c = await lading(['commit', '-m', 'second', 'interop:1', tar, 'interop:2'], { store });
    assert.equal(c.code, 0, c.stderr);
  });

  it('skopeo inspect reads the imported image, config digest = our image ID', function () {
    if (!have('skopeo')) this.skip();
    const raw = JSON.parse(execFileSync('skopeo', ['inspect', '--raw', `oci:${store}:docker.io/library/interop:1`]).toString());
    assert.equal(raw.config.digest, id);
    const info = JSON.parse(execFileSync('skopeo', ['inspect', `oci:${store}:docker.io/library/interop:1`]).toString());
    assert.equal(info.Layers.length, 1);
    assert.deepEqual(info.Labels, { a: 'b' });
    const cfg = JSON.parse(execFileSync('skopeo', ['inspect', '--config', `oci:${store}:docker.io/library/interop:1`]).toString());
    assert.deepEqual(cfg.config.Cmd, ['sh']);
    const ours = JSON.parse(execFileSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'inspect', 'interop:1'], { env: { ...process.env, LADING_STORE: store } }).toString())[0];
    assert.deepEqual(cfg.rootfs.diff_ids, ours.RootFS.Layers);
    const second = JSON.parse(execFileSync('skopeo', ['inspect', `oci:${store}:docker.io/library/interop:2`]).toString());
    assert.equal(second.Layers.length, 2);
  });

  it('skopeo copies the image out of the store, verifying every blob', function () {
    if (!have('skopeo')) this.skip();
    const out = path.join(dir, 'copy');
    execFileSync('skopeo', ['copy', '--quiet', `oci:${store}:docker.io/library/interop:2`, `oci:${out}:copy`]);
    const cfg = JSON.parse(execFileSync('skopeo', ['inspect', '--config', `oci:${out}:copy`]).toString());
    assert.equal(cfg.history[cfg.history.length - 1].comment, 'second');
  });

  it('umoci ls lists the tags', function () {
    if (!have('umoci')) this.skip();
    const tags = execFileSync('umoci', ['ls', '--layout', store]).toString().trim().split('\n').sort();
    assert.deepEqual(tags, ['docker.io/library/interop:1', 'docker.io/library/interop:2']);
  });
});
