// save/load of a ~100 MB, 5-layer image: lading against skopeo and docker (private dockerd),
// in the same run, printed as ratios (peer time / lading time: above 1 means lading is faster).
// Also measures what gzipping uncompressed layers at load time would cost (see README "Archives").
//
//   npm run build && npm run compile && node out/bench/archive/save-load.js [runs]
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { Store } from '../../src/engine/store/store';
import { addFixtureImage } from '../../test/archive/fixture-image';
import { CLI } from '../../test/helpers/cli';
import { startDockerd } from '../../test/fixtures/docker/dockerd';
import { median, sh, time } from '../timing';

const runs = Number(process.argv[2] ?? 3);
const MB = 1024 * 1024;

/** A layer of ~20 MB: a mix of incompressible and text-like files, like real layers. */
function layerFiles(i: number): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (let f = 0; f < 8; f++) {
    const random = randomBytes(1 * MB);
    const text = Buffer.from(`line ${i}-${f} of some configuration or source text\n`.repeat(Math.ceil((1.5 * MB) / 48))).subarray(0, 1.5 * MB);
    files[`data/l${i}f${f}/file.bin`] = Buffer.concat([random, text]);
  }
  return files;
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'lading-bench-'));
  const storeDir = path.join(work, 'store');
  const store = await Store.open(storeDir);
  const layers = [0, 1, 2, 3, 4].map((i) => ({ files: layerFiles(i), busybox: i === 0 }));
  const img = await addFixtureImage(store, 'docker.io/library/bench:1', layers, { gzip: true });
  const lading = (args: string[], s = storeDir) => sh(process.execPath, [CLI, ...args], { LADING_STORE: s });
  const archive = path.join(work, 'lading.tar');
  lading(['save', '-o', archive, 'bench:1']);
  console.log(`image ${img.id.slice(7, 19)}: 5 layers, archive ${(statSync(archive).size / 1e6).toFixed(1)} MB uncompressed, store ${(img.layerDigests.reduce((n, d) => n + statSync(store.blobs.path(d)).size, 0) / 1e6).toFixed(1)} MB gzip`);

  const results: Record<string, number[]> = {};
  const note = (k: string, v: number) => (results[k] ??= []).push(v);
  const started = await startDockerd();
  const docker = 'dockerd' in started ? started.dockerd : undefined;
  if (!docker) console.log(`docker: skipped (${(started as { skip: string }).skip})`);
  const dockerArgs = docker ? ['-H', `unix://${docker.socket}`] : [];
  if (docker) sh('docker', [...dockerArgs, 'load', '-i', archive]);

  try {
  for (let r = 0; r < runs; r++) {
    const out = path.join(work, `out-${r}`);
    execFileSync('mkdir', ['-p', out]);
    note('save lading', time(() => lading(['save', '-o', path.join(out, 'l.tar'), 'bench:1'])));
    note('save skopeo', time(() => sh('skopeo', ['--insecure-policy', 'copy', '-q', `oci:${storeDir}:docker.io/library/bench:1`, `docker-archive:${path.join(out, 's.tar')}:bench:1`])));
    if (docker) note('save docker', time(() => sh('docker', [...dockerArgs, 'save', '-o', path.join(out, 'd.tar'), 'bench:1'])));
    const fresh = path.join(out, 'store');
    note('load lading', time(() => lading(['load', '-q', '-i', archive], fresh)));
    // The same save from a store holding the layers uncompressed (as load leaves them, and as
    // docker keeps them): no decompression needed.
    note('save lading (tar layers)', time(() => lading(['save', '-o', path.join(out, 'l2.tar'), 'bench:1'], fresh)));
    note('load skopeo', time(() => sh('skopeo', ['--insecure-policy', 'copy', '-q', `docker-archive:${archive}:bench:1`, `oci:${path.join(out, 'oci')}:bench:1`])));
    if (docker) {
      sh('docker', [...dockerArgs, 'rmi', 'bench:1']);
      note('load docker', time(() => sh('docker', [...dockerArgs, 'load', '-q', '-i', archive])));
    }
    if (r === 0) {
      // What gzipping the loaded (uncompressed) layers would add, all 5 in parallel (zlib runs
      // on libuv's thread pool), versus the load itself.
      const blobs = path.join(fresh, 'blobs', 'sha256');
      const big = readdirSync(blobs).filter((n) => statSync(path.join(blobs, n)).size > MB);
      let gzBytes = 0;
      const t0 = process.hrtime.bigint();
      await Promise.all(big.map((n) => pipeline(createReadStream(path.join(blobs, n)), createGzip({ level: 6 }), createWriteStream(path.join(out, `${n}.gz`)))));
      const gzSecs = Number(process.hrtime.bigint() - t0) / 1e9;
      for (const n of big) gzBytes += statSync(path.join(out, `${n}.gz`)).size;
      const raw = big.reduce((s, n) => s + statSync(path.join(blobs, n)).size, 0);
      console.log(`gzip of the ${big.length} loaded layers in parallel: ${gzSecs.toFixed(2)} s (${(raw / 1e6).toFixed(1)} MB → ${(gzBytes / 1e6).toFixed(1)} MB) vs load ${results['load lading'][0].toFixed(2)} s`);
    }
    rmSync(out, { recursive: true, force: true });
  }
  } finally {
    await docker?.stop();
  }
  rmSync(work, { recursive: true, force: true });

  console.log(`\nmedian of ${runs} runs (seconds; ratio = peer / lading, > 1 means lading is faster)`);
  const line = (label: string, mineKey: string, op: string) => {
    const mine = median(results[mineKey]);
    const parts = [`${label}: lading ${mine.toFixed(2)}`];
    for (const peer of ['skopeo', 'docker']) {
      const xs = results[`${op} ${peer}`];
      if (xs) parts.push(`${peer} ${median(xs).toFixed(2)} (×${(median(xs) / mine).toFixed(2)})`);
    }
    console.log(parts.join('  '));
  };
  line('save, store layers gzip', 'save lading', 'save');
  line('save, store layers tar ', 'save lading (tar layers)', 'save');
  line('load                   ', 'load lading', 'load');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
