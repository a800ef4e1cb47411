// Bad archives: truncated, escaping members, oversized metadata, wrong digests or DiffIDs,
// missing layers. Each must fail with one clear line, exit 1, and leave the store unchanged.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Store } from '../../src/engine/store/store';
import { safeMemberName, resolveLinkTarget } from '../../src/engine/archive/safe-tar';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { addFixtureImage, storeSnapshot } from './fixture-image';
import { TestMember, memberJson, readTarMembers, writeTar } from './tar-util';

const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('archive safety', function () {
  this.timeout(120000);
  let work: string;
  let target: string;
  let targetStore: Store;
  let good: string;
  let goodMembers: TestMember[];
  let legacyMembers: TestMember[];

  before(async () => {
    work = tempDir();
    const src = tempDir();
    const s = await Store.open(src);
    await addFixtureImage(s, 'docker.io/library/evil:1', [{ files: { 'etc/a': 'a'.repeat(5000) } }, { files: { 'etc/b': 'b'.repeat(5000) } }]);
    good = path.join(work, 'good.tar');
    assert.equal((await lading(['save', '-o', good, 'evil:1'], { store: src })).code, 0);
    goodMembers = await readTarMembers(good);
    // A legacy-style archive (configs and layers by name, manifest.json only) from the same image.
    const legacy = memberJson<{ Config: string; RepoTags: string[]; Layers: string[] }[]>(goodMembers, 'manifest.json')[0];
    const get = (n: string) => goodMembers.find((m) => m.name === n)?.data as Buffer;
    legacyMembers = [
      { name: `${legacy.Config.split('/').pop()}.json`, data: get(legacy.Config) },
      ...legacy.Layers.map((l, i) => ({ name: `v1id${i}/layer.tar`, data: get(l) })),
      { name: 'manifest.json', data: JSON.stringify([{ Config: `${legacy.Config.split('/').pop()}.json`, RepoTags: ['evil:1'], Layers: legacy.Layers.map((_, i) => `v1id${i}/layer.tar`) }]) },
    ];
    target = tempDir();
    targetStore = await Store.open(target);
    // The target already holds an image: a failed load must not disturb it.
    await addFixtureImage(targetStore, 'docker.io/library/keep:1', [{ files: { 'etc/keep': 'k' } }]);
  });

  async function expectRejected(file: string, message: RegExp): Promise<void> {
    const before = await storeSnapshot(targetStore);
    const r = await lading(['load', '-i', file], { store: target });
    assert.equal(r.code, 1, `should fail: ${r.stdout}`);
    assert.match(r.stderr, /^Error: [^\n]+\n$/, 'one line of error');
    assert.match(r.stderr, message);
    assert.equal(await storeSnapshot(targetStore), before, 'store unchanged');
  }

  it('the untouched archive and its legacy form do load (control)', async () => {
    const other = tempDir();
    assert.equal((await lading(['load', '-i', good], { store: other })).code, 0);
    const file = await writeTar(path.join(work, 'legacy.tar'), legacyMembers);
    const r = await lading(['load', '-i', file], { store: tempDir() });
    assert.equal(r.stdout, 'Loaded image: evil:1\n', r.stderr);
  });

  it('rejects archives cut at several offsets, plain and gzipped', async () => {
    const bytes = readFileSync(good);
    for (const cut of [100, 700, Math.floor(bytes.length / 2), bytes.length - 3000]) {
      const f = path.join(work, `cut-${cut}.tar`);
      writeFileSync(f, bytes.subarray(0, cut));
      await expectRejected(f, /truncated|corrupt|missing|invalid archive/);
    }
    const gz = gzipSync(bytes);
    const f = path.join(work, 'cut.tar.gz');
    writeFileSync(f, gz.subarray(0, Math.floor(gz.length * 0.6)));
    await expectRejected(f, /truncated or corrupt/);
  });

  it('rejects members escaping the archive: ../, absolute paths, symlinks and hard links out', async () => {
    await expectRejected(await writeTar(path.join(work, 'dotdot.tar'), [{ name: '../evil', data: 'x' }, ...goodMembers]), /points outside the archive/);
    await expectRejected(await writeTar(path.join(work, 'abs.tar'), [{ name: '/etc/evil', data: 'x' }, ...goodMembers]), /absolute path/);
    const sym = legacyMembers.map((m) => (m.name === 'v1id0/layer.tar' ? { name: m.name, type: 'symlink' as const, linkname: '../../etc/passwd' } : m));
    await expectRejected(await writeTar(path.join(work, 'sym.tar'), sym), /points outside the archive/);
    const hard = legacyMembers.map((m) => (m.name === 'v1id0/layer.tar' ? { name: m.name, type: 'link' as const, linkname: '../x' } : m));
    await expectRejected(await writeTar(path.join(work, 'hard.tar'), hard), /points outside the archive/);
    const manifestOut = legacyMembers.map((m) => (m.name === 'manifest.json' ? { ...m, data: String(m.data).replace('v1id0/layer.tar', '../v1id0/layer.tar') } : m));
    await expectRejected(await writeTar(path.join(work, 'mout.tar'), manifestOut), /points outside the archive/);
  });

  it('accepts a symlinked layer.tar inside the archive (podman writes these)', async () => {
    const linked = [{ name: 'real.tar', data: legacyMembers[1].data }, ...legacyMembers.map((m) => (m.name === 'v1id0/layer.tar' ? { name: m.name, type: 'symlink' as const, linkname: '../real.tar' } : m))];
    const r = await lading(['load', '-i', await writeTar(path.join(work, 'inside.tar'), linked)], { store: tempDir() });
    assert.equal(r.code, 0, r.stderr);
  });

  it('refuses an oversized manifest.json without reading it into memory', async () => {
    const huge = Buffer.alloc(9 * 1024 * 1024, 0x20);
    await expectRejected(await writeTar(path.join(work, 'huge.tar'), [{ name: 'manifest.json', data: huge }, ...legacyMembers.slice(0, -1)]), /manifest\.json is too large/);
  });

  it('rejects a wrong diff_id, a missing layer, and tampered blobs', async () => {
    const cfgMember = legacyMembers[0];
    const cfg = JSON.parse(String(cfgMember.data));
    cfg.rootfs.diff_ids[1] = sha('something else');
    const cfgBytes = JSON.stringify(cfg);
    const wrongDiff = legacyMembers.map((m) => {
      if (m === cfgMember) return { name: `${sha(cfgBytes).slice(7)}.json`, data: cfgBytes };
      if (m.name === 'manifest.json') return { ...m, data: String(m.data).replace(cfgMember.name, `${sha(cfgBytes).slice(7)}.json`) };
      return m;
    });
    await expectRejected(await writeTar(path.join(work, 'diff.tar'), wrongDiff), /DiffID .* config expects/);

    const missing = legacyMembers.filter((m) => m.name !== 'v1id1/layer.tar');
    await expectRejected(await writeTar(path.join(work, 'missing.tar'), missing), /layer "v1id1\/layer.tar" is missing/);

    // OCI side: a layer blob whose bytes do not match its name
    const index = memberJson<{ manifests: { digest: string }[] }>(goodMembers, 'index.json');
    const manifest = memberJson<{ layers: { digest: string }[] }>(goodMembers, `blobs/sha256/${index.manifests[0].digest.slice(7)}`);
    const layerName = `blobs/sha256/${manifest.layers[0].digest.slice(7)}`;
    const tampered = goodMembers.map((m) => (m.name === layerName ? { ...m, data: Buffer.concat([m.data as Buffer].map((b) => { const c = Buffer.from(b); c[600] ^= 1; return c; })) } : m));
    await expectRejected(await writeTar(path.join(work, 'tamper.tar'), tampered), /does not match its content/);

    // A config renamed to a digest it does not have
    const renamed = legacyMembers.map((m) => (m === cfgMember ? { ...m, name: `${'0'.repeat(64)}.json` } : m.name === 'manifest.json' ? { ...m, data: String(m.data).replace(cfgMember.name, `${'0'.repeat(64)}.json`) } : m));
    await expectRejected(await writeTar(path.join(work, 'renamed.tar'), renamed), /does not match its name/);
  });

  it('rejects things that are not image archives', async () => {
    await expectRejected(await writeTar(path.join(work, 'plain.tar'), [{ name: 'hello.txt', data: 'hi' }]), /neither index.json nor manifest.json/);
    const junk = path.join(work, 'junk.bin');
    writeFileSync(junk, Buffer.alloc(4096, 7));
    await expectRejected(junk, /invalid archive/);
    const empty = path.join(work, 'empty.tar');
    writeFileSync(empty, '');
    await expectRejected(empty, /empty/);
  });

  it('normalises member names and link targets', () => {
    assert.equal(safeMemberName('./blobs//sha256/abc'), 'blobs/sha256/abc');
    assert.throws(() => safeMemberName('a/../../b'), /outside/);
    assert.throws(() => safeMemberName('C:\\x'), /absolute/);
    assert.equal(resolveLinkTarget('a/layer.tar', '../b/layer.tar', true), 'b/layer.tar');
    assert.equal(resolveLinkTarget('a/layer.tar', 'b/layer.tar', false), 'b/layer.tar');
    assert.throws(() => resolveLinkTarget('a/layer.tar', '../../x', true), /outside/);
    assert.throws(() => resolveLinkTarget('a/layer.tar', '/x', true), /absolute/);
  });
});
