// A hand-made three-layer image with known waste, shared by the engine and CLI tests:
//   layer 0: /etc/app.conf (1000), /etc/keep (300), /cache/a (400), /cache/b (600), /big (2000), /link → big
//   layer 1: /etc/app.conf again (1500), /cache made opaque with a new /cache/c (50), /tmp/x (700, no folder entry)
//   layer 2: whiteouts of /etc/app.conf, /big and the folder /tmp
import { createWriteStream } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { commitImage } from '../../src/engine/ops/commit';
import { importImage } from '../../src/engine/ops/import';
import { Store } from '../../src/engine/store/store';

type Entry = [name: string, size: number] | [name: string, 'dir'] | [name: string, 'symlink', string];

export async function writeTar(file: string, entries: Entry[]): Promise<string> {
  const pack = tar.pack();
  const done = pipeline(pack, createWriteStream(file));
  const mtime = new Date('2024-01-01T00:00:00Z');
  for (const e of entries) {
    if (e[1] === 'dir') pack.entry({ name: e[0], type: 'directory', mode: 0o755, mtime });
    else if (e[1] === 'symlink') pack.entry({ name: e[0], type: 'symlink', linkname: e[2], mtime });
    else pack.entry({ name: e[0], mode: 0o644, mtime }, Buffer.alloc(e[1], 'x'));
  }
  pack.finalize();
  await done;
  return file;
}

/** Stores the image as `wasteful:1`; returns its ID. */
export async function storeWastefulImage(store: Store, dir: string): Promise<string> {
  const base = await writeTar(path.join(dir, 'l0.tar'), [
    ['etc/', 'dir'],
    ['etc/app.conf', 1000],
    ['etc/keep', 300],
    ['cache/', 'dir'],
    ['cache/a', 400],
    ['cache/b', 600],
    ['big', 2000],
    ['link', 'symlink', 'big'],
  ]);
  const middle = await writeTar(path.join(dir, 'l1.tar'), [
    ['etc/', 'dir'],
    ['etc/app.conf', 1500],
    ['cache/', 'dir'],
    ['cache/.wh..wh..opq', 0],
    ['cache/c', 50],
    ['tmp/x', 700],
  ]);
  const top = await writeTar(path.join(dir, 'l2.tar'), [
    ['etc/.wh.app.conf', 0],
    ['.wh.big', 0],
    ['.wh.tmp', 0],
  ]);
  await importImage(store, { source: base, reference: 'wasteful:0' });
  await commitImage(store, { image: 'wasteful:0', source: middle, reference: 'wasteful:01' });
  const r = await commitImage(store, { image: 'wasteful:01', source: top, reference: 'wasteful:1' });
  return r.id;
}

/** What dive's rules make of it (see the table above). */
export const EXPECTED = {
  wastedBytes: 2500 + 2000 + 700 + 600 + 400,
  totalBytes: 4300 + 2250,
  userBytes: 2250,
  // smallest version of each path (0 once removed): /etc/keep 300 + /cache/c 50, over every version
  efficiency: 350 / 6550,
  paths: [
    { path: '/etc/app.conf', count: 3, wastedBytes: 2500, layers: [0, 1, 2] },
    { path: '/big', count: 2, wastedBytes: 2000, layers: [0, 2] },
    { path: '/tmp/x', count: 2, wastedBytes: 700, layers: [1, 2] },
    { path: '/cache/b', count: 2, wastedBytes: 600, layers: [0, 1] },
    { path: '/cache/a', count: 2, wastedBytes: 400, layers: [0, 1] },
  ],
};
