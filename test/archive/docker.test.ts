// Interop with a real dockerd (20.10 here: its `docker save` is the legacy layout, and its
// `docker load` reads only manifest.json, so it checks our Docker 25+ archive's legacy half).
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { Store } from '../../src/engine/store/store';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { haveBusybox, writeRootfsTar } from '../helpers/rootfs';
import { Dockerd, startDockerd } from '../fixtures/docker/dockerd';
import { addFixtureImage, imageFacts } from './fixture-image';
import { memberJson, readTarMembers } from './tar-util';

describe('archives with a real docker daemon', function () {
  this.timeout(300000);
  let d: Dockerd;
  let work: string;

  before(async function () {
    if (!haveBusybox()) this.skip();
    const started = await startDockerd();
    if ('skip' in started) {
      console.log(`    skipped: ${started.skip}`);
      this.skip();
    }
    d = started.dockerd;
    work = tempDir();
    const rootfs = await writeRootfsTar(path.join(work, 'rootfs.tar'), { files: { 'etc/hello': 'hello\n' } });
    const imp = await d.docker(['import', '--change', 'CMD ["/bin/sh"]', rootfs, 'dbase:1']);
    assert.equal(imp.code, 0, imp.stderr);
    const ctx = path.join(work, 'ctx');
    mkdirSync(ctx);
    writeFileSync(path.join(ctx, 'app.txt'), 'app\n');
    writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM dbase:1\nCOPY app.txt /etc/app.txt\nLABEL test=1\n');
    const b = await d.docker(['build', '-q', '-t', 'dapp:2', ctx]);
    assert.equal(b.code, 0, b.stderr);
  });

  after(async () => {
    await d?.stop();
  });

  async function dockerFacts(ref: string): Promise<{ id: string; diffIds: string[] }> {
    const r = await d.docker(['image', 'inspect', '--format', '{{json .}}', ref]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { Id: string; RootFS: { Layers: string[] } };
    return { id: j.Id, diffIds: j.RootFS.Layers };
  }

  it('docker save (legacy layout, two images sharing a layer) → lading load', async () => {
    const file = path.join(work, 'docker-saved.tar');
    const s = await d.docker(['save', '-o', file, 'dbase:1', 'dapp:2']);
    assert.equal(s.code, 0, s.stderr);
    const members = await readTarMembers(file);
    assert.ok(members.some((m) => m.name.endsWith('/layer.tar')), 'legacy layout');
    const storeDir = tempDir();
    const r = await lading(['load', '-i', file], { store: storeDir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n').sort(), ['Loaded image: dapp:2', 'Loaded image: dbase:1']);
    const store = await Store.open(storeDir);
    for (const ref of ['dbase:1', 'dapp:2']) {
      const ours = await imageFacts(store, ref);
      const theirs = await dockerFacts(ref);
      assert.equal(ours.id, theirs.id);
      assert.deepEqual(ours.diffIds, theirs.diffIds);
    }
    // the config stored is docker's config, byte for byte
    // docker does not promise an order in manifest.json: find dbase:1 by its RepoTags
    const legacy = memberJson<{ Config: string; RepoTags: string[] | null }[]>(members, 'manifest.json');
    const entry = legacy.find((e) => (e.RepoTags ?? []).includes('dbase:1'));
    assert.ok(entry, 'manifest.json names dbase:1');
    const cfg = members.find((m) => m.name === entry.Config)?.data as Buffer;
    const ours = await store.blobs.read((await imageFacts(store, 'dbase:1')).id);
    assert.ok(cfg.equals(ours));
  });

  it('lading save (Docker 25+ layout, compressed layers in the store) → docker load', async () => {
    const storeDir = tempDir();
    const store = await Store.open(storeDir);
    const base = await addFixtureImage(store, 'docker.io/library/lbase:1', [{ busybox: true }], { gzip: true });
    const app = await addFixtureImage(store, 'localhost:5000/team/lapp:3', [{ busybox: true }, { files: { 'etc/x': 'x\n' } }], { gzip: true, label: 'app' });
    const file = path.join(work, 'lading-saved.tar');
    assert.equal((await lading(['save', '-o', file, 'lbase:1', 'localhost:5000/team/lapp:3'], { store: storeDir })).code, 0);
    const r = await d.docker(['load', '-i', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Loaded image: lbase:1/);
    assert.match(r.stdout, /Loaded image: localhost:5000\/team\/lapp:3/);
    for (const [ref, img] of [['lbase:1', base], ['localhost:5000/team/lapp:3', app]] as const) {
      const theirs = await dockerFacts(ref);
      assert.equal(theirs.id, img.id);
      assert.deepEqual(theirs.diffIds, img.diffIds);
    }
    // And back: docker's own save of what it loaded gives the same image to lading.
    const back = path.join(work, 'back.tar');
    assert.equal((await d.docker(['save', '-o', back, 'localhost:5000/team/lapp:3'])).code, 0);
    const other = tempDir();
    assert.equal((await lading(['load', '-i', back], { store: other })).code, 0);
    assert.equal((await imageFacts(await Store.open(other), 'localhost:5000/team/lapp:3')).id, app.id);
  });

  it('lading save -o NAME.tar.gz → docker load', async () => {
    const storeDir = tempDir();
    const r = await d.docker(['save', '-o', path.join(work, 'b.tar'), 'dapp:2']);
    assert.equal(r.code, 0);
    assert.equal((await lading(['load', '-i', path.join(work, 'b.tar')], { store: storeDir })).code, 0);
    assert.equal((await d.docker(['rmi', 'dapp:2'])).code, 0);
    const gz = path.join(work, 'again.tar.gz');
    assert.equal((await lading(['save', '-o', gz, 'dapp:2'], { store: storeDir })).code, 0);
    const l = await d.docker(['load', '-i', gz]);
    assert.equal(l.code, 0, l.stderr);
    assert.match(l.stdout, /Loaded image: dapp:2/);
    assert.equal((await dockerFacts('dapp:2')).id, (await imageFacts(await Store.open(storeDir), 'dapp:2')).id);
  });
});
