import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { LadingError } from '../../src/engine/errors';
import { findConfigFile, parseConfig } from '../../src/dockerfile/lint/config';
import { failsThreshold, lint, lintAsync } from '../../src/dockerfile/lint/lint';
import { tempDir } from '../helpers/tmp';

function hasShellcheck(): boolean {
  try {
    execFileSync('shellcheck', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('dockerfile lint configuration and pragmas', () => {
  it('parses every .hadolint.yaml key', () => {
    const c = parseConfig(
      ['ignored: [DL3008]', 'override:', '  error: [DL3015]', '  style: [DL3059]', 'trustedRegistries: [docker.io, "*.example.com"]', 'failure-threshold: warning', 'label-schema:', '  author: text', '  url: url', 'strict-labels: true', 'disable-ignore-pragma: true'].join('\n'),
    );
    assert.deepEqual(c.ignored, ['DL3008']);
    assert.deepEqual(c.override.error, ['DL3015']);
    assert.deepEqual(c.trustedRegistries, ['docker.io', '*.example.com']);
    assert.equal(c.failureThreshold, 'warning');
    assert.deepEqual(c.labelSchema, { author: 'text', url: 'url' });
    assert.equal(c.strictLabels, true);
    assert.equal(c.disableIgnorePragma, true);
  });

  it('rejects malformed configuration with a one-line error', () => {
    assert.throws(() => parseConfig('ignored: DL3008'), (e: unknown) => e instanceof LadingError && /ignored/.test(e.message));
    assert.throws(() => parseConfig('failure-threshold: loud'), LadingError);
    assert.throws(() => parseConfig('label-schema:\n  a: colour'), LadingError);
    assert.throws(() => parseConfig('a: [unclosed'), (e: unknown) => e instanceof LadingError && !e.message.includes('\n'));
  });

  it('applies ignored, severity overrides and trusted registries', () => {
    const text = 'FROM quay.io/x/y:1\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n';
    const config = parseConfig('ignored: [DL3008]\noverride:\n  error: [DL3015]\ntrustedRegistries: ["*.docker.io", docker.io]\n');
    const f = lint(text, { config });
    assert.ok(!f.some((x) => x.code === 'DL3008'));
    assert.equal(f.find((x) => x.code === 'DL3015')?.severity, 'error');
    assert.ok(f.some((x) => x.code === 'DL3026'));
    assert.ok(!lint('FROM debian:12\n', { config }).some((x) => x.code === 'DL3026'));
    // Editor severities win over the file.
    assert.equal(lint(text, { config, severities: { DL3015: 'style' } }).find((x) => x.code === 'DL3015')?.severity, 'style');
  });

  it('honours ignore pragmas for the next instruction only, and global ones everywhere', () => {
    const text = 'FROM debian:12\n# hadolint ignore=DL3008,DL3015\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get install -y wget && rm -rf /var/lib/apt/lists/*\n';
    const lines = lint(text).filter((f) => f.code === 'DL3008').map((f) => f.range.start.line);
    assert.deepEqual(lines, [3]);
    assert.equal(lint('# hadolint global ignore=DL3008\n' + text).filter((f) => f.code === 'DL3008').length, 0);
    // disable-ignore-pragma turns them off.
    assert.equal(lint(text, { config: parseConfig('disable-ignore-pragma: true') }).filter((f) => f.code === 'DL3008').length, 2);
  });

  it('skips POSIX-shell checks after `# hadolint shell=powershell`', () => {
    const text = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\n# hadolint shell=powershell\nRUN Get-Item a | Out-Null\n';
    assert.ok(!lint(text).some((f) => f.code === 'DL4006'));
    assert.ok(lint(text.replace('# hadolint shell=powershell\n', '')).some((f) => f.code === 'DL4006'));
  });

  it('applies hadolint\'s failure threshold', () => {
    const findings = lint('FROM debian:12\nRUN echo a\nRUN echo b\n'); // DL3059: info
    assert.ok(failsThreshold(findings, 'info'));
    assert.ok(!failsThreshold(findings, 'warning'));
    assert.ok(!failsThreshold(findings, 'none'));
  });

  it('finds .hadolint.yaml from the file\'s folder upward, then the XDG config', () => {
    const root = tempDir();
    const deep = path.join(root, 'a', 'b');
    fs.mkdirSync(deep, { recursive: true });
    const xdg = path.join(root, 'xdg');
    fs.mkdirSync(xdg);
    const env = { HOME: path.join(root, 'home'), XDG_CONFIG_HOME: xdg };
    assert.equal(findConfigFile(deep, env), undefined);
    fs.writeFileSync(path.join(xdg, 'hadolint.yaml'), 'ignored: []\n');
    assert.equal(findConfigFile(deep, env), path.join(xdg, 'hadolint.yaml'));
    fs.writeFileSync(path.join(root, 'a', '.hadolint.yml'), 'ignored: []\n');
    assert.equal(findConfigFile(deep, env), path.join(root, 'a', '.hadolint.yml'));
  });
});

describe('dockerfile ShellCheck integration', function () {
  before(function () {
    if (!hasShellcheck()) this.skip(); // scripts/apt-packages.txt installs it in CI
  });

  it('maps SC findings to ranges inside multi-line RUN instructions', async () => {
    const text = 'FROM debian:12\nARG NAME\nRUN --mount=type=cache,target=/c echo start && \\\n    echo $1 && \\\n    echo "$NAME"\n';
    const sc = (await lintAsync(text)).filter((f) => f.code === 'SC2086');
    assert.equal(sc.length, 1, JSON.stringify(sc));
    assert.deepEqual(sc[0].range.start, { line: 3, character: 9 });
    assert.deepEqual(sc[0].range.end, { line: 3, character: 11 });
    assert.match(sc[0].link!, /shellcheck\.net\/wiki\/SC2086/);
  });

  it('obeys ignore pragmas for SC codes and skips JSON-form RUN', async () => {
    const text = 'FROM debian:12\n# hadolint ignore=SC2086\nRUN echo $1\nRUN ["sh", "-c", "echo $1"]\n';
    assert.deepEqual((await lintAsync(text)).filter((f) => f.code.startsWith('SC')), []);
  });

  it('is silently off when shellcheck is missing', async () => {
    const f = await lintAsync('FROM debian:12\nRUN echo $1\n', { shellcheck: { path: '/nonexistent/shellcheck' } });
    assert.ok(!f.some((x) => x.code.startsWith('SC')));
    assert.ok(f.length >= 0);
  });
});
