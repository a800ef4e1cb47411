// Lints a generated 1,000-line Dockerfile many times and reports p50/p95; compares with
// hadolint when it is on PATH (run from the repository root after `npm run compile`):
//   node out/bench/lint/lint-bench.js [runs]
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

async function main(): Promise<void> {
  const runs = Math.max(50, Number(process.argv[2] ?? 100));
  const text = generateDockerfile(1000);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lading-bench-')), 'Dockerfile');
  fs.writeFileSync(file, text);
  console.log(`Dockerfile: ${text.split('\n').length - 1} lines, ${text.length} bytes; ${runs} runs each`);

  for (let i = 0; i < 5; i++) lint(text); // warm-up (JIT)
  const parseOnly: number[] = [];
  const rules: number[] = [];
  // CPU time of this process per run: on a busy machine wall time mostly measures waiting.
  const rulesCpu: number[] = [];
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    parseDockerfile(text);
    parseOnly.push(performance.now() - t);
    const cpu = process.cpuUsage();
    t = performance.now();
    findings = lint(text).length;
    rules.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    rulesCpu.push((used.user + used.system) / 1000);
  }
  const r = stats(rules);
  const p = stats(parseOnly);
  const c = stats(rulesCpu);
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
  console.log(`parse only            p50 ${fmt(p.p50)}  p95 ${fmt(p.p95)}`);
  console.log(`lint (rules, in-proc) p50 ${fmt(r.p50)}  p95 ${fmt(r.p95)}  (${findings} findings)  goal p50 < 10 ms: ${r.p50 < 10 ? 'met' : 'NOT met'}`);
  console.log(`lint CPU time         p50 ${fmt(c.p50)}  p95 ${fmt(c.p95)}`);

  const withSc: number[] = [];
  const scRuns = Math.min(runs, 20);
  const hasSc = spawnSync('shellcheck', ['--version']).status === 0;
  if (hasSc) {
    for (let i = 0; i < scRuns; i++) {
      const t = performance.now();
      await lintAsync(text);
      withSc.push(performance.now() - t);
    }
    const s = stats(withSc);
    console.log(`lint + ShellCheck     p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  (${scRuns} runs)`);
  } else console.log('lint + ShellCheck     skipped: shellcheck not on PATH');

  const cli = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
  const cliTimes: number[] = [];
  if (fs.existsSync(cli)) {
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      spawnSync(process.execPath, [cli, 'lint', '--no-shellcheck', '-f', 'json', file]);
      cliTimes.push(performance.now() - t);
    }
    const c = stats(cliTimes);
    console.log(`lading lint (process) p50 ${fmt(c.p50)}  p95 ${fmt(c.p95)}  (10 runs, no ShellCheck)`);
  }

  let hadolint = false;
  try {
    execFileSync('hadolint', ['--version'], { stdio: 'ignore' });
    hadolint = true;
  } catch {
    console.log('hadolint               not installed (not packaged in Debian: `apt-cache policy hadolint` is empty); no comparison');
  }
  if (hadolint) {
    const h: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      spawnSync('hadolint', ['--no-fail', '-f', 'json', file]);
      h.push(performance.now() - t);
    }
    const hs = stats(h);
    console.log(`hadolint (process)    p50 ${fmt(hs.p50)}  p95 ${fmt(hs.p95)}`);
    if (cliTimes.length) console.log(`ratio lading/hadolint (process p50): ${(stats(cliTimes).p50 / hs.p50).toFixed(2)}`);
  }
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

if (require.main === module) void main();
