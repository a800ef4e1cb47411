// Lints a generated 1,000-line Dockerfile many times and reports p50/p95 of wall and CPU time;
// compares with hadolint when it is on PATH (run from the repository root after `npm run compile`):
//   node out/bench/lint/lint-bench.js [runs]
// On a shared machine wall time mostly measures waiting for a core: read the CPU figures, or pin
// the run to a quieter core (`taskset -c 1 node …`).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lint, lintAsync } from '../../src/dockerfile/lint/lint';
import { parseDockerfile } from '../../src/dockerfile/parse';

export function generateDockerfile(lines: number): string {
  const out = ['# syntax=docker/dockerfile:1', 'ARG BASE=debian:12'];
  let stage = 0;
  while (out.length < lines) {
    out.push(`FROM \${BASE} AS stage${stage}`, 'WORKDIR /app', `ENV STAGE=${stage} PATH=/app/bin:$PATH`);
    out.push('RUN apt-get update && apt-get install -y --no-install-recommends \\');
    for (let i = 0; i < 8; i++) out.push(`    pkg${i}=1.${i} \\`);
    out.push('    && rm -rf /var/lib/apt/lists/*');
    out.push(`COPY --chown=app:app src/${stage} /app/src/`, 'RUN cd /app && make build | tee build.log', `LABEL org.example.stage="${stage}"`);
    out.push('RUN <<EOF', 'set -e', 'echo building', 'EOF', 'EXPOSE 8080/tcp', 'USER app', 'CMD ["/app/bin/server"]');
    stage++;
  }
  return out.slice(0, lines).join('\n') + '\n';
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function stats(samples: number[]): { p50: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95) };
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

function row(label: string, wall: number[], cpu?: number[], note?: string): void {
  const w = stats(wall);
  let line = `${label.padEnd(22)} wall p50 ${fmt(w.p50)}  p95 ${fmt(w.p95)}`;
  if (cpu) {
    const c = stats(cpu);
    line += `   CPU p50 ${fmt(c.p50)}  p95 ${fmt(c.p95)}`;
  }
  console.log(note ? `${line}  (${note})` : line);
}

async function main(): Promise<void> {
  const runs = Math.max(50, Number(process.argv[2] ?? 100));
  const text = generateDockerfile(1000);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lading-bench-')), 'Dockerfile');
  fs.writeFileSync(file, text);
  console.log(`Dockerfile: ${text.split('\n').length - 1} lines, ${text.length} bytes; ${runs} runs each`);

  for (let i = 0; i < 20; i++) lint(text); // warm-up (JIT)
  const parseWall: number[] = [];
  const parseCpu: number[] = [];
  const lintWall: number[] = [];
  // CPU time of this process per run: on a busy machine wall time mostly measures waiting.
  const lintCpu: number[] = [];
  let findings = 0;
  const loadBefore = os.loadavg()[0];
  for (let i = 0; i < runs; i++) {
    let cpu = process.cpuUsage();
    let t = performance.now();
    parseDockerfile(text);
    parseWall.push(performance.now() - t);
    parseCpu.push(cpuMs(process.cpuUsage(cpu)));
    cpu = process.cpuUsage();
    t = performance.now();
    findings = lint(text).length;
    lintWall.push(performance.now() - t);
    lintCpu.push(cpuMs(process.cpuUsage(cpu)));
  }
  const lw = stats(lintWall);
  const lc = stats(lintCpu);
  console.log(`load average ${loadBefore.toFixed(2)} → ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`);
  row('parse only', parseWall, parseCpu);
  row('lint (parse + rules)', lintWall, lintCpu, `${findings} findings`);
  console.log(`goal p50 < 10 ms: wall ${lw.p50 < 10 ? 'met' : 'NOT met'}, CPU ${lc.p50 < 10 ? 'met' : 'NOT met'}`);

  const withSc: number[] = [];
  const scRuns = Math.min(runs, 20);
  const hasSc = spawnSync('shellcheck', ['--version']).status === 0;
  if (hasSc) {
    for (let i = 0; i < scRuns; i++) {
      const t = performance.now();
      await lintAsync(text);
      withSc.push(performance.now() - t);
    }
    row('lint + ShellCheck', withSc, undefined, `${scRuns} runs`);
  } else console.log('lint + ShellCheck       skipped: shellcheck not on PATH');

  const cli = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
  const cliTimes: number[] = [];
  if (fs.existsSync(cli)) {
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      spawnSync(process.execPath, [cli, 'lint', '--no-shellcheck', '-f', 'json', file]);
      cliTimes.push(performance.now() - t);
    }
    row('lading lint (process)', cliTimes, undefined, '10 runs, no ShellCheck');
  }

  let hadolint = false;
  try {
    execFileSync('hadolint', ['--version'], { stdio: 'ignore' });
    hadolint = true;
  } catch {
    console.log('hadolint                not installed (not packaged in Debian: `apt-cache policy hadolint` is empty); no comparison');
  }
  if (hadolint) {
    const h: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      spawnSync('hadolint', ['--no-fail', '-f', 'json', file]);
      h.push(performance.now() - t);
    }
    const hs = stats(h);
    row('hadolint (process)', h, undefined, '10 runs');
    if (cliTimes.length) console.log(`ratio lading/hadolint, process wall p50: ${(stats(cliTimes).p50 / hs.p50).toFixed(2)}`);
    console.log(`ratio lading in-process lint/hadolint process, wall p50: ${(lw.p50 / hs.p50).toFixed(3)}`);
  }
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

if (require.main === module) void main();
