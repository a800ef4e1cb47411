// Benchmark: CLI start-up. `lading version` (with and without the V8 code cache of the bundle)
// against `node -e 0`, the floor every Node program pays, in the same run.
// Run: npm run build && npm run compile && node out/bench/cli/startup.js [repetitions]
import { spawnSync } from 'node:child_process';
import { CLI } from '../../test/helpers/cli';
import { tempDir } from '../../test/helpers/tmp';

function timed(args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function main(): void {
  const reps = Number(process.argv[2] ?? 20);
  const cache = tempDir('lading-bench-cache-');
  const env = { ...process.env, XDG_CACHE_HOME: cache };
  const cases: [string, string[], NodeJS.ProcessEnv][] = [
    ['node -e 0', ['-e', '0'], env],
    ['lading version (code cache)', [CLI, 'version'], env],
    ['lading version (no code cache)', [CLI, 'version'], { ...env, LADING_NO_COMPILE_CACHE: '1' }],
  ];
  timed([CLI, 'version'], env); // fills the cache
  const times = cases.map(() => [] as number[]);
  for (let i = 0; i < reps; i++) {
    // Interleaved, so load changes on the machine hit every case alike.
    cases.forEach(([, args, e], k) => times[k].push(timed(args, e)));
  }
  const floor = median(times[0]);
  cases.forEach(([name], k) => {
    const m = median(times[k]);
    console.log(`${name.padEnd(32)} median ${m.toFixed(0)} ms, ratio to node -e 0: ${(m / floor).toFixed(2)}`);
  });
}

if (require.main === module) main();
