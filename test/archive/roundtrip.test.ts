// save → load through the real CLI: layouts, shared layers, compression, member order, crane.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Store } from '../../src/engine/store/store';
import { CLI, lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { writeRootfsTar } from '../helpers/rootfs';
import { addFixtureImage, imageFacts } from './fixture-image';
import { memberJson, readTarMembers, writeTar } from './tar-util';

const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('archive save/load round trips', function () {
  this.timeout(120000);
  let storeDir: string;
  let store: Store;
  let work: string;
  let base: Awaited<ReturnType<typeof addFixtureImage>>;
  let app: Awaited<ReturnType<typeof addFixtureImage>>;

  before(async () => {
    storeDir = tempDir();
    work = tempDir();
    store = await Store.open(storeDir);
    base = await addFixtureImage(store, 'docker.io/library/base:1', [{ busybox: true }], { gzip: true });
    app = await addFixtureImage(store, 'example.com:5000/team/app:2', [{ busybox: true }, { files: { 'etc/app.conf': 'x=1\n' } }], { gzip: true });
  });

  it('writes the Docker 25+ layout: index.json per tag, legacy manifest.json, uncompressed layers by DiffID', async () => {
    const file = path.join(work, 'd.tar');
    const r = await lading(['save', '-o', file, 'base:1', 'example.com:5000/team/app:2'], { store: storeDir });
    assert.equal(r.code, 0, r.stderr);
    const members = await readTarMembers(file);
    const names = members.map((m) => m.name);
    assert.ok(names.includes('oci-layout') && names.includes('repositories'));
    const index = memberJson<{ manifests: { digest: string; annotations: Record<string, string> }[] }>(members, 'index.json');
    assert.deepEqual(
      index.manifests.map((m) => [m.annotations['io.containerd.image.name'], m.annotations['org.opencontainers.image.ref.name']]),
      [['docker.io/library/base:1', '1'], ['example.com:5000/team/app:2', '2']],
    );
    const legacy = memberJson<{ Config: string; RepoTags: string[]; Layers: string[] }[]>(members, 'manifest.json');
    assert.deepEqual(legacy.map((e) => e.RepoTags), [['base:1'], ['example.com:5000/team/app:2']]);
    assert.equal(legacy[1].Config, `blobs/sha256/${app.id.slice(7)}`);
    assert.deepEqual(legacy[1].Layers, app.diffIds.map((d) => `blobs/sha256/${d.slice(7)}`));
    for (const l of legacy[1].Layers) {
      const m = members.find((x) => x.name === l);
      assert.ok(m, l);
      assert.equal(sha(m.data as Buffer), `sha256:${l.split('/').pop()}`, 'layer stored uncompressed under its DiffID');
    }
    // the shared busybox layer is written once
    assert.equal(names.filter((n) => n === `blobs/sha256/${base.diffIds[0].slice(7)}`).length, 1);
    // the manifest written lists the uncompressed layers, so its digest differs from the stored one
    assert.notEqual(index.manifests[1].digest, app.manifestDigest);
    const manifest = memberJson<{ layers: { mediaType: string; digest: string }[] }>(members, `blobs/sha256/${index.manifests[1].digest.slice(7)}`);
    assert.deepEqual(manifest.layers.map((l) => l.digest), app.diffIds);
    assert.ok(manifest.layers.every((l) => l.mediaType === 'application/vnd.oci.image.layer.v1.tar'));

    const other = tempDir();
    const l = await lading(['load', '-i', file], { store: other });
    assert.equal(l.code, 0, l.stderr);
    assert.equal(l.stdout, 'Loaded image: base:1\nLoaded image: example.com:5000/team/app:2\n');
    const facts = await imageFacts(await Store.open(other), 'example.com:5000/team/app:2');
    assert.equal(facts.id, app.id);
    assert.deepEqual(facts.diffIds, app.diffIds);
  });

  it('--format oci keeps blobs as stored (compressed layers, same manifest digest)', async () => {
    const file = path.join(work, 'o.tar');
    assert.equal((await lading(['save', '--format', 'oci', '-o', file, 'example.com:5000/team/app:2'], { store: storeDir })).code, 0);
    const members = await readTarMembers(file);
    assert.ok(!members.some((m) => m.name === 'manifest.json'));
    const index = memberJson<{ manifests: { digest: string }[] }>(members, 'index.json');
    assert.equal(index.manifests[0].digest, app.manifestDigest);
    for (const d of app.layerDigests) assert.ok(members.some((m) => m.name === `blobs/sha256/${d.slice(7)}`));
    const other = tempDir();
    assert.equal((await lading(['load', '-i', file], { store: other })).code, 0);
    const idx = JSON.parse(readFileSync(path.join(other, 'index.json'), 'utf8'));
    assert.equal(idx.manifests[0].digest, app.manifestDigest);
  });

  it('gzips with --gzip or a .tar.gz name, and loads gzip and zstd archives', async () => {
    const gz = path.join(work, 'x.tar.gz');
    assert.equal((await lading(['save', '-o', gz, 'base:1'], { store: storeDir })).code, 0);
    const head = readFileSync(gz).subarray(0, 2);
    assert.deepEqual([...head], [0x1f, 0x8b]);
    const other = tempDir();
    assert.equal((await lading(['load', '-q', '-i', gz], { store: other })).stdout, '');
    assert.equal((await imageFacts(await Store.open(other), 'base:1')).id, base.id);

    const plain = path.join(work, 'x.tar');
    assert.equal((await lading(['save', '-o', plain, 'base:1'], { store: storeDir })).code, 0);
    execFileSync('zstd', ['-q', '-f', plain, '-o', `${plain}.zst`]);
    const third = tempDir();
    const r = await lading(['load', '-i', `${plain}.zst`], { store: third });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'Loaded image: base:1\n');
  });

  it('streams to stdout and loads from stdin', async () => {
    // stdout goes straight to a file descriptor: the bytes are the archive, nothing else
    const file = path.join(work, 's.tar');
    const fd = openSync(file, 'w');
    execFileSync(process.execPath, [CLI, 'save', 'base:1'], { env: { ...process.env, LADING_STORE: storeDir }, stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    const other = tempDir();
    const l = await lading(['load'], { store: other, input: readFileSync(file) });
    assert.equal(l.code, 0, l.stderr);
    assert.equal(l.stdout, 'Loaded image: base:1\n');
  });

  it('loads when manifest.json and index.json come after the layers', async () => {
    const file = path.join(work, 'd2.tar');
    assert.equal((await lading(['save', '-o', file, 'example.com:5000/team/app:2'], { store: storeDir })).code, 0);
    const members = await readTarMembers(file);
    const meta = ['oci-layout', 'index.json', 'manifest.json', 'repositories'];
    const reordered = [...members.filter((m) => !meta.includes(m.name)).reverse(), ...members.filter((m) => meta.includes(m.name))];
    const out = await writeTar(path.join(work, 'late.tar'), reordered);
    const other = tempDir();
    const r = await lading(['load', '-i', out], { store: other });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await imageFacts(await Store.open(other), 'example.com:5000/team/app:2')).id, app.id);
  });

  it("loads crane's tarball (sha256:<hex> config, compressed <hex>.tar.gz layers)", async () => {
    const rootfs = await writeTar(path.join(work, 'rootfs.tar'), [{ name: 'etc/', type: 'directory' }, { name: 'etc/crane', data: 'hello\n' }]);
    const raw = readFileSync(rootfs);
    const gz = gzipSync(raw);
    const config = JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [sha(raw)] } });
    const members = [
      { name: `${sha(config)}`, data: config },
      { name: `${sha(gz).slice(7)}.tar.gz`, data: gz },
      { name: 'manifest.json', data: JSON.stringify([{ Config: sha(config), RepoTags: ['crane/img:v1'], Layers: [`${sha(gz).slice(7)}.tar.gz`] }]) },
    ];
    const file = await writeTar(path.join(work, 'crane.tar'), members);
    const other = tempDir();
    const r = await lading(['load', '-i', file], { store: other });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'Loaded image: crane/img:v1\n');
    const s = await Store.open(other);
    const facts = await imageFacts(s, 'crane/img:v1');
    assert.equal(facts.id, sha(config));
    assert.deepEqual(facts.diffIds, [sha(raw)]);
    const { resolveImage } = await import('../../src/engine/store/images');
    const img = await resolveImage(s, 'crane/img:v1');
    assert.equal(img.manifest.layers[0].digest, sha(gz), 'compressed layer kept as it came');
    assert.equal(img.manifest.layers[0].mediaType, 'application/vnd.oci.image.layer.v1.tar+gzip');
  });

  it('an untagged image loads as "Loaded image ID"; a missing image fails cleanly', async () => {
    const file = path.join(work, 'id.tar');
    assert.equal((await lading(['save', '-o', file, base.id], { store: storeDir })).code, 0);
    const legacy = memberJson<{ RepoTags: unknown }[]>(await readTarMembers(file), 'manifest.json');
    assert.equal(legacy[0].RepoTags, null);
    const r = await lading(['load', '-i', file], { store: tempDir() });
    assert.equal(r.stdout, `Loaded image ID: ${base.id}\n`);
    const bad = await lading(['save', '-o', path.join(work, 'none.tar'), 'nosuch:1'], { store: storeDir });
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, 'Error: No such image: nosuch:1\n');
    assert.throws(() => readFileSync(path.join(work, 'none.tar')));
  });

  it('an image made by `lading import` goes through save | load and shows in `images`', async () => {
    const rootfs = await writeRootfsTar(path.join(work, 'imp.tar'), { files: { 'etc/imported': 'yes\n' } });
    const a = tempDir();
    const imp = await lading(['import', rootfs, 'imp:1'], { store: a });
    assert.equal(imp.code, 0, imp.stderr);
    const id = imp.stdout.trim();
    const file = path.join(work, 'imp-saved.tar');
    assert.equal((await lading(['save', '-o', file, 'imp:1'], { store: a })).code, 0);
    const b = tempDir();
    assert.equal((await lading(['load', '-i', file], { store: b })).stdout, 'Loaded image: imp:1\n');
    const images = await lading(['images', '--no-trunc'], { store: b });
    assert.match(images.stdout, new RegExp(`imp\\s+1\\s+${id}`));
  });

  it('saving a repository name writes all its tags', async () => {
    const s = await Store.open(storeDir);
    const { setTag } = await import('../../src/engine/store/index-entries');
    const desc = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: base.manifestDigest, size: readFileSync(s.blobs.path(base.manifestDigest)).length };
    await s.updateIndex((i) => setTag(i, desc, 'docker.io/library/base:2'));
    const file = path.join(work, 'repo.tar');
    assert.equal((await lading(['save', '-o', file, 'base'], { store: storeDir })).code, 0);
    const legacy = memberJson<{ RepoTags: string[] }[]>(await readTarMembers(file), 'manifest.json');
    assert.deepEqual(legacy[0].RepoTags.sort(), ['base:1', 'base:2']);
  });
});
