// Local image commands: lading against podman (vfs storage in a temp root, no daemon either),
// in the same run, printed as ratios (podman time / lading time: above 1 means lading is faster).
//   import of a ~40 MB rootfs tar, `images` over 20 images, `inspect`, `history`, `rmi`.
//
//   npm run build && npm run compile && node out/bench/images/local-images.js [runs]
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CLI } from '../../test/helpers/cli';
import { writeRootfsTar } from '../../test/helpers/rootfs';
import { median, sh, time } from '../timing';

const runs = Number(process.argv[2] ?? 3);

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lading-bench-images-'));
  try {
    const tar = path.join(dir, 'rootfs.tar');
    // Half incompressible, half text: about 40 MB.
    await writeRootfsTar(tar, { files: { 'opt/random.bin': randomBytes(20 << 20), 'srv/text.txt': 'lorem ipsum dolor sit amet\n'.repeat(750_000) } });
    const results: Record<string, { lading: number[]; podman: number[] }> = {};
    const add = (op: string, tool: 'lading' | 'podman', s: number) => {
      results[op] ??= { lading: [], podman: [] };
      results[op][tool].push(s);
    };
    for (let r = 0; r < runs; r++) {
      const store = path.join(dir, `store${r}`);
      const proot = path.join(dir, `proot${r}`);
      const lading = (...args: string[]) => sh(process.execPath, [CLI, ...args], { LADING_STORE: store });
      const podman = (...args: string[]) => sh('podman', ['--root', proot, '--runroot', path.join(dir, `prun${r}`), '--storage-driver', 'vfs', ...args]);
      add('version (startup)', 'lading', time(() => lading('version')));
      add('version (startup)', 'podman', time(() => podman('version')));
      add('import 40MB', 'lading', time(() => lading('import', tar, 'bench:0')));
      add('import 40MB', 'podman', time(() => podman('import', tar, 'bench:0')));
      for (let i = 1; i < 20; i++) {
        lading('tag', 'bench:0', `bench:${i}`);
        podman('tag', 'bench:0', `bench:${i}`);
      }
      add('images (20 tags)', 'lading', time(() => lading('images')));
      add('images (20 tags)', 'podman', time(() => podman('images')));
      add('inspect', 'lading', time(() => lading('inspect', 'bench:0')));
      add('inspect', 'podman', time(() => podman('image', 'inspect', 'bench:0')));
      add('history', 'lading', time(() => lading('history', 'bench:0')));
      add('history', 'podman', time(() => podman('history', 'bench:0')));
      const id = lading('images', '-q', 'bench:0').trim();
      add('rmi -f (20 tags)', 'lading', time(() => lading('rmi', '-f', id)));
      add('rmi -f (20 tags)', 'podman', time(() => podman('rmi', '-f', 'bench:0')));
      rmSync(proot, { recursive: true, force: true });
    }
    console.log(`local image commands, median of ${runs} runs (seconds; ratio = podman / lading)`);
    for (const [op, r] of Object.entries(results)) {
      const l = median(r.lading);
      const p = median(r.podman);
      console.log(`${op.padEnd(18)} lading ${l.toFixed(3)}  podman ${p.toFixed(3)}  ratio ${(p / l).toFixed(2)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
