// Benchmark: `lading pull` / `lading push` against skopeo (and pull against podman) on a loopback
// docker-registry, same run.
// A ~100 MB image of 5 gzip layers (3 of random bytes, 2 of compressible text).
// Run: npm run build && npm run compile && node out/bench/registry/pull-push.js [repetitions]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CLI } from '../../test/helpers/cli';
import { tempDir } from '../../test/helpers/tmp';
import { startRegistry } from '../../test/fixtures/registry/registry-server';
import { tarOf, writeGzipLayout } from '../../test/fixtures/registry/gzip-layout';
import { Store } from '../../src/engine/store/store';
import { listImages } from '../../src/engine/store/images';
import { setTag } from '../../src/engine/store/index-entries';
import { pull } from '../../src/engine/ops/pull';
import { push } from '../../src/engine/ops/push';

function compressible(size: number, seed: number): Buffer {
  const words = ['layer', 'image', 'registry', 'blob', 'manifest', 'digest', 'config', 'index', String(seed)];
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < size; i++) {
    const line = `${i} ${words[i % words.length]} ${words[(i * 7) % words.length]} ${(i * 2654435761) % 100000}\n`;
    parts.push(line);
    n += line.length;
  }
  return Buffer.from(parts.join('')).subarray(0, size);
}

export async function makeLayout(): Promise<string> {
  const MB = 1024 * 1024;
  const contents = [randomBytes(25 * MB), compressible(20 * MB, 1), randomBytes(25 * MB), compressible(20 * MB, 2), randomBytes(20 * MB)];
  const layout = writeGzipLayout(await Promise.all(contents.map((c, i) => tarOf(`data/layer${i}`, c))));
  console.log(`image: 5 layers, ${(layout.total / 1e6).toFixed(1)} MB compressed`);
  return layout.dir;
}

// CPU seconds (user + system) of each run too: on a shared, loaded machine wall times swing with
// everyone else's work, while the CPU a tool spends is its own (GNU time measures it).
const cpu: Record<string, number[]> = {};
const TIME = '/usr/bin/time';
const haveTime = spawnSync(TIME, ['-f', '%U', 'true']).status === 0;

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, cpuKey?: string): number {
  const cpuFile = path.join(tempDir('lading-bench-time-'), 'cpu');
  const [exe, argv] = haveTime && cpuKey ? [TIME, ['-f', '%U %S', '-o', cpuFile, cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(exe, argv, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  if (haveTime && cpuKey) {
    const [u, sys] = readFileSync(cpuFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    (cpu[cpuKey] ??= []).push((u + sys) * 1000);
  }
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  const reps = Number(process.argv[2] ?? 3);
  // Node 20 reads and parses NODE_EXTRA_CA_CERTS when any process starts, before a line of ours
  // runs (~60 ms for a 144-certificate bundle on a 2-core machine); skopeo does not pay it.
  if (process.env.NODE_EXTRA_CA_CERTS) {
    console.log(`note: NODE_EXTRA_CA_CERTS is set: each lading run pays Node's start-up parse of ${process.env.NODE_EXTRA_CA_CERTS}`);
  }
  const layout = await makeLayout();
  const source = await startRegistry();
  const home = tempDir('lading-bench-home-');
  const env = { ...process.env, HOME: home, DOCKER_CONFIG: path.join(home, '.docker'), LADING_CONFIG: path.join(home, 'none.json') };
  const ref = `${source.host}/bench/src:latest`;
  run('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `oci:${layout}:latest`, `docker://${ref}`]);
  const times = { ladingPull: [] as number[], skopeoPull: [] as number[], ladingPush: [] as number[], skopeoPush: [] as number[], enginePull: [] as number[], enginePush: [] as number[], podmanPull: [] as number[] };
  // podman checks what skopeo does not: it unpacks each layer, so it inflates it and checks its
  // DiffID, as lading pull does (podman writes the files out too). A second peer for pull.
  const havePodman = spawnSync('podman', ['--version']).status === 0;
  // The extension calls the engine in its long-lived process: measure that too (warm, no start-up).
  const timed = async (fn: () => Promise<unknown>) => {
    const t0 = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  const engineEnv = { env: { HOME: home, DOCKER_CONFIG: path.join(home, '.docker') }, config: { registryMirrors: [], insecureRegistries: [], maxConcurrentDownloads: 3, maxConcurrentUploads: 5 } };
  await pull(await Store.open(tempDir('lading-bench-warm-')), ref, engineEnv);
  try {
    for (let i = 0; i < reps; i++) {
      // Alternate the order so caches favour neither tool.
      const store = tempDir('lading-bench-store-');
      const skopeoDir = tempDir('lading-bench-skopeo-');
      const pulls = [
        () => times.ladingPull.push(run(process.execPath, [CLI, 'pull', '-q', ref], { ...env, LADING_STORE: store }, 'ladingPull')),
        () => times.skopeoPull.push(run('skopeo', ['copy', '--quiet', '--src-tls-verify=false', `docker://${ref}`, `oci:${skopeoDir}:latest`], process.env, 'skopeoPull')),
      ];
      if (havePodman) {
        const root = tempDir('lading-bench-podman-');
        const podman = ['--root', path.join(root, 'root'), '--runroot', path.join(root, 'run'), '--storage-driver', 'vfs'];
        pulls.push(() => times.podmanPull.push(run('podman', [...podman, 'pull', '-q', '--tls-verify=false', ref], process.env, 'podmanPull')));
      }
      if (i % 2) pulls.reverse();
      for (const p of pulls) p();
      const engineStore = await Store.open(tempDir('lading-bench-engine-'));
      times.enginePull.push(await timed(() => pull(engineStore, ref, engineEnv)));

      // Push each to an empty registry, so both upload every blob.
      const forLading = await startRegistry();
      const forSkopeo = await startRegistry();
      try {
        const s = await Store.open(store);
        const [img] = await listImages(s);
        await s.updateIndex((idx) => setTag(idx, img.manifestDescriptor, `${forLading.host}/bench/pushed:latest`));
        const pushes = [
          () => times.ladingPush.push(run(process.execPath, [CLI, 'push', '-q', `${forLading.host}/bench/pushed:latest`], { ...env, LADING_STORE: store }, 'ladingPush')),
          () => times.skopeoPush.push(run('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `oci:${skopeoDir}:latest`, `docker://${forSkopeo.host}/bench/pushed:latest`], process.env, 'skopeoPush')),
        ];
        if (i % 2) pushes.reverse();
        for (const p of pushes) p();
        await engineStore.updateIndex((idx) => setTag(idx, img.manifestDescriptor, `${forLading.host}/bench/engine:latest`));
        times.enginePush.push(await timed(() => push(engineStore, `${forLading.host}/bench/engine:latest`, engineEnv)));
      } finally {
        await forLading.stop();
        await forSkopeo.stop();
      }
      console.log(`rep ${i + 1}: pull lading ${times.ladingPull[i].toFixed(0)} ms, skopeo ${times.skopeoPull[i].toFixed(0)} ms; push lading ${times.ladingPush[i].toFixed(0)} ms, skopeo ${times.skopeoPush[i].toFixed(0)} ms`);
    }
  } finally {
    await source.stop();
  }
  const row = (name: string, l: number[], s: number[]) =>
    console.log(`${name}: lading median ${median(l).toFixed(0)} ms, skopeo median ${median(s).toFixed(0)} ms, ratio lading/skopeo ${(median(l) / median(s)).toFixed(2)}`);
  row('pull (CLI)', times.ladingPull, times.skopeoPull);
  row('push (CLI)', times.ladingPush, times.skopeoPush);
  row('pull (engine in-process)', times.enginePull, times.skopeoPull);
  if (havePodman) {
    console.log(`pull (CLI) against podman pull (vfs): lading median ${median(times.ladingPull).toFixed(0)} ms, podman median ${median(times.podmanPull).toFixed(0)} ms, ratio lading/podman ${(median(times.ladingPull) / median(times.podmanPull)).toFixed(2)}`);
  }
  row('push (engine in-process)', times.enginePush, times.skopeoPush);
  if (haveTime) {
    const cpuRow = (name: string, l: number[], s: number[]) =>
      console.log(`${name}: lading median ${median(l).toFixed(0)} ms CPU, skopeo median ${median(s).toFixed(0)} ms CPU, ratio lading/skopeo ${(median(l) / median(s)).toFixed(2)}`);
    cpuRow('pull CPU (CLI)', cpu.ladingPull, cpu.skopeoPull);
    cpuRow('push CPU (CLI)', cpu.ladingPush, cpu.skopeoPush);
  }
}

if (require.main === module) main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
