// Interop with skopeo: docker-archive: and oci-archive:, both directions. The store is itself
// an OCI layout, so skopeo reads it directly as `oci:STORE:REF`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Store } from '../../src/engine/store/store';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { addFixtureImage, imageFacts } from './fixture-image';

function skopeo(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('skopeo', ['--insecure-policy', ...args], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? 1 : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Config digest and DiffIDs of the single image in an OCI layout directory written by skopeo. */
function layoutFacts(dir: string): { id: string; diffIds: string[] } {
  const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8'));
  const blob = (d: string) => readFileSync(path.join(dir, 'blobs', 'sha256', d.slice(7)));
  const manifest = JSON.parse(String(blob(index.manifests[0].digest)));
  const config = JSON.parse(String(blob(manifest.config.digest)));
  return { id: manifest.config.digest, diffIds: config.rootfs.diff_ids };
}

describe('archives with skopeo', function () {
  this.timeout(120000);
  let storeDir: string;
  let work: string;
  let img: Awaited<ReturnType<typeof addFixtureImage>>;

  before(async function () {
    if (!['/usr/bin/skopeo', '/usr/local/bin/skopeo'].some(existsSync)) {
      console.log('    skipped: skopeo is not installed (apt: skopeo)');
      this.skip();
    }
    storeDir = tempDir();
    work = tempDir();
    const store = await Store.open(storeDir);
    await addFixtureImage(store, 'docker.io/library/sbase:1', [{ busybox: true }], { gzip: true });
    img = await addFixtureImage(store, 'docker.io/library/sapp:1', [{ busybox: true }, { files: { 'etc/s': 's\n' } }], { gzip: true, label: 'skopeo' });
  });

  /** `lading load` of the archive into a new store gives sapp:1 with the same ID and DiffIDs. */
  async function loadsAsSapp(file: string): Promise<Awaited<ReturnType<typeof imageFacts>>> {
    const other = tempDir();
    const r = await lading(['load', '-i', file], { store: other });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'Loaded image: sapp:1\n');
    const facts = await imageFacts(await Store.open(other), 'sapp:1');
    assert.equal(facts.id, img.id);
    assert.deepEqual(facts.diffIds, img.diffIds);
    return facts;
  }

  it('skopeo docker-archive: → lading load', async () => {
    const file = path.join(work, 'sk-docker.tar');
    const c = await skopeo(['copy', `oci:${storeDir}:docker.io/library/sapp:1`, `docker-archive:${file}:sapp:1`]);
    assert.equal(c.code, 0, c.stderr);
    const facts = await loadsAsSapp(file);
    assert.deepEqual(facts.config, img.config);
  });

  it('lading save → skopeo inspect / copy docker-archive:', async () => {
    const file = path.join(work, 'l-docker.tar');
    assert.equal((await lading(['save', '-o', file, 'sapp:1', 'sbase:1'], { store: storeDir })).code, 0);
    const i = await skopeo(['inspect', '--config', `docker-archive:${file}:sapp:1`]);
    assert.equal(i.code, 0, i.stderr);
    const cfg = JSON.parse(i.stdout);
    assert.deepEqual(cfg.rootfs.diff_ids, img.diffIds);
    assert.deepEqual(cfg.config.Labels, { 'test.label': 'skopeo' });
    const out = tempDir();
    const c = await skopeo(['copy', `docker-archive:${file}:sapp:1`, `oci:${out}:x`]);
    assert.equal(c.code, 0, c.stderr);
    const facts = layoutFacts(out);
    assert.equal(facts.id, img.id);
    assert.deepEqual(facts.diffIds, img.diffIds);
  });

  it('skopeo oci-archive: → lading load', async () => {
    const file = path.join(work, 'sk-oci.tar');
    const c = await skopeo(['copy', `oci:${storeDir}:docker.io/library/sapp:1`, `oci-archive:${file}:sapp:1`]);
    assert.equal(c.code, 0, c.stderr);
    await loadsAsSapp(file);
  });

  it('lading save --format oci → skopeo copy / inspect oci-archive:', async () => {
    const file = path.join(work, 'l-oci.tar');
    assert.equal((await lading(['save', '--format', 'oci', '-o', file, 'sapp:1'], { store: storeDir })).code, 0);
    const i = await skopeo(['inspect', `oci-archive:${file}`]);
    assert.equal(i.code, 0, i.stderr);
    assert.equal(JSON.parse(i.stdout).Digest, img.manifestDigest);
    const out = tempDir();
    const c = await skopeo(['copy', `oci-archive:${file}`, `oci:${out}:x`]);
    assert.equal(c.code, 0, c.stderr);
    assert.deepEqual(layoutFacts(out), { id: img.id, diffIds: img.diffIds });
  });
});
