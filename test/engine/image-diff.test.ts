// Comparing two images: merged file systems (whiteouts, opaque folders, shared base layers) and
// the config fields that decide how a container runs.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { FsEntry, FsTree } from '../../src/engine/build/image-fs';
import { CancelledError } from '../../src/engine/errors';
import { diffImages, diffTrees } from '../../src/engine/ops/image-diff';
import { diffConfigs } from '../../src/engine/ops/image-diff-config';
import { ProgressEvent } from '../../src/engine/ops/context';
import { ImageConfig } from '../../src/engine/image/types';
import { Store } from '../../src/engine/store/store';
import { tempDir } from '../helpers/tmp';
import { EXPECTED_CONFIG, EXPECTED_PATHS, storeDiffImages } from './diff-images';

function tree(...entries: Partial<FsEntry>[]): FsTree {
  const t: FsTree = new Map();
  for (const e of entries) t.set(e.path!, { type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: new Date(0), size: 0, ...e } as FsEntry);
  return t;
}

describe('image diff', function () {
  this.timeout(60000);
  let store: Store;

  before(async () => {
    const dir = tempDir();
    store = await Store.open(path.join(dir, 'store'));
    await storeDiffImages(store, dir);
  });

  it('lists added, deleted and modified paths of the merged file systems', async () => {
    const events: ProgressEvent[] = [];
    const d = await diffImages(store, 'diff:one', 'diff:two', { onProgress: (e) => events.push(e) });
    assert.deepEqual(d.added.map((c) => c.path), EXPECTED_PATHS.added);
    assert.deepEqual(d.deleted.map((c) => c.path), EXPECTED_PATHS.deleted);
    assert.deepEqual(d.modified.map((c) => c.path), EXPECTED_PATHS.modified);
    assert.equal(d.sharedLayers, 1);
    // the shared base is read once: three layers in all
    assert.equal(events.length, 3);
    assert.equal(d.a.ref, 'diff:one');
    assert.match(d.b.id, /^sha256:[0-9a-f]{64}$/);
  });

  it('records what changed: mode only, link target, sizes, empty folders', async () => {
    const d = await diffImages(store, 'diff:one', 'diff:two');
    const tool = d.modified.find((m) => m.path === '/bin/tool')!;
    assert.equal(tool.before.mode, 0o755);
    assert.equal(tool.after.mode, 0o700);
    assert.equal(tool.before.size, tool.after.size);
    assert.equal(tool.before.mtime, tool.after.mtime);
    const link = d.modified.find((m) => m.path === '/link')!;
    assert.deepEqual([link.before.type, link.before.linkname, link.after.linkname], ['symlink', 'etc/conf', 'etc/other']);
    assert.deepEqual(d.added.find((c) => c.path === '/app/main')!.size, 2000);
    assert.equal(d.added.find((c) => c.path === '/newdir')!.type, 'directory');
    assert.equal(d.deleted.find((c) => c.path === '/emptyold')!.type, 'directory');
    // added: 2000 + 1 + 10; deleted: 8 + 3 + 4 + 5 + 1
    assert.equal(d.sizeDelta, 2011 - 21);
  });

  it('compares the configs field by field', async () => {
    const d = await diffImages(store, 'diff:one', 'diff:two');
    assert.deepEqual(d.config, EXPECTED_CONFIG);
  });

  it('the other way round swaps added and deleted', async () => {
    const d = await diffImages(store, 'diff:two', 'diff:one');
    assert.deepEqual(d.added.map((c) => c.path), EXPECTED_PATHS.deleted);
    assert.deepEqual(d.deleted.map((c) => c.path), EXPECTED_PATHS.added);
    assert.equal(d.sizeDelta, -(2011 - 21));
  });

  it('an image against itself (or its base) reads only what differs', async () => {
    const events: ProgressEvent[] = [];
    const same = await diffImages(store, 'diff:one', 'diff:one', { onProgress: (e) => events.push(e) });
    assert.deepEqual([same.added, same.deleted, same.modified, same.config, events], [[], [], [], [], []]);
    const base = await diffImages(store, 'diffbase:1', 'diff:one');
    assert.deepEqual(base.added.map((c) => c.path), ['/a-only']);
    assert.deepEqual([base.deleted, base.modified], [[], []]);
  });

  it('unknown images and cancellation end with clear errors', async () => {
    await assert.rejects(diffImages(store, 'diff:one', 'nope:1'), /No such image: nope:1$/);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(diffImages(store, 'diff:one', 'diff:two', { signal: ac.signal }), CancelledError);
  });

  it('folders: mtime alone is no change; a type change is; files inside a new folder list alone', () => {
    const a = tree({ path: 'd', type: 'directory', mtime: new Date(1) }, { path: 'x', type: 'directory' }, { path: 'x/f', size: 3 });
    const b = tree({ path: 'd', type: 'directory', mtime: new Date(2) }, { path: 'x', size: 7 }, { path: 'n', type: 'directory' }, { path: 'n/m', type: 'directory' }, { path: 'n/m/f' });
    const d = diffTrees(a, b);
    assert.deepEqual(d.modified.map((m) => [m.path, m.before.type, m.after.type]), [['/x', 'directory', 'file']]);
    assert.deepEqual(d.added.map((c) => c.path), ['/n/m/f']);
    assert.deepEqual(d.deleted.map((c) => c.path), ['/x/f']);
    assert.equal(d.sizeDelta, 4);
    // a file's mtime, owner or size alone is a change
    const t = diffTrees(tree({ path: 'f' }), tree({ path: 'f', mtime: new Date(5) }));
    assert.deepEqual(t.modified.map((m) => m.path), ['/f']);
    assert.equal(diffTrees(tree({ path: 'f' }), tree({ path: 'f', gid: 1 })).modified.length, 1);
    assert.equal(diffTrees(tree({ path: 'f' }), tree({ path: 'f' })).modified.length, 0);
  });

  it('platform, entrypoint, workdir and removed variables are config changes', () => {
    const rootfs = { type: 'layers' as const, diff_ids: [] };
    const a = { architecture: 'amd64', os: 'linux', rootfs, config: { Entrypoint: ['/app'], WorkingDir: '/srv', Env: ['A=1', 'B=2'] } } as ImageConfig;
    const b = { architecture: 'arm64', os: 'linux', variant: 'v8', rootfs, config: { Entrypoint: [], Env: ['A=1'] } } as ImageConfig;
    assert.deepEqual(diffConfigs(a, b), [
      { field: 'Platform', before: 'linux/amd64', after: 'linux/arm64/v8' },
      { field: 'Entrypoint', before: '["/app"]', after: null },
      { field: 'WorkingDir', before: '/srv', after: null },
      { field: 'Env[B]', before: '2', after: null },
    ]);
  });
});
