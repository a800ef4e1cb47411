import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

describe('lading lint', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    dir = tempDir();
    // Keep the user's own hadolint config out of the way.
    env = { HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'xdg') };
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM ubuntu\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n');
    fs.writeFileSync(path.join(dir, 'clean.Dockerfile'), 'FROM debian:12\nCMD ["true"]\n');
    fs.writeFileSync(path.join(dir, 'info.Dockerfile'), 'FROM debian:12\nRUN echo a\nRUN echo b\n');
  });

  it('prints hadolint-style JSON and exits 1 on warnings', async () => {
    const r = await lading(['lint', '--format', 'json', 'Dockerfile'], { cwd: dir, env });
    assert.equal(r.code, 1, r.stderr);
    const rows = JSON.parse(r.stdout);
    const dl3006 = rows.find((x: { code: string }) => x.code === 'DL3006');
    assert.deepEqual(dl3006, { code: 'DL3006', column: 6, file: 'Dockerfile', level: 'warning', line: 1, message: dl3006.message });
    assert.ok(rows.some((x: { code: string; line: number }) => x.code === 'DL3008' && x.line === 2));
  });

  it('exits 0 on a clean file and respects --failure-threshold', async () => {
    assert.equal((await lading(['lint', 'clean.Dockerfile'], { cwd: dir, env })).code, 0);
    const info = await lading(['lint', 'info.Dockerfile'], { cwd: dir, env });
    assert.equal(info.code, 1);
    assert.match(info.stdout, /^info\.Dockerfile:3 DL3059 info: /m);
    assert.equal((await lading(['lint', '-t', 'warning', 'info.Dockerfile'], { cwd: dir, env })).code, 0);
    assert.equal((await lading(['lint', '--failure-threshold', 'none', 'Dockerfile'], { cwd: dir, env })).code, 0);
  });

  it('reads stdin, honours --ignore, and never colours when not a terminal', async () => {
    const r = await lading(['lint', '--ignore', 'DL3006', '--ignore', 'DL3008', '-'], { cwd: dir, env, input: 'FROM ubuntu\nRUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' });
    assert.equal(r.stdout, '');
    assert.equal(r.code, 0);
    const bom = await lading(['lint', '-'], { cwd: dir, env, input: '\ufeffFROM debian:12\n' });
    assert.equal(bom.stdout, '', 'a byte-order mark is not an unknown instruction');
    const t = await lading(['lint', '-'], { cwd: dir, env, input: 'FROM ubuntu\n' });
    assert.equal(t.stdout, '-:1 DL3006 warning: Always tag the version of an image explicitly: `ubuntu` has no tag (e.g. `ubuntu:<version>`).\n');
  });

  it('finds .hadolint.yaml next to the file, or takes --config', async () => {
    const sub = path.join(dir, 'svc');
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, 'Dockerfile'), 'FROM ubuntu\n');
    fs.writeFileSync(path.join(sub, '.hadolint.yaml'), 'ignored: [DL3006]\n');
    const r = await lading(['lint', path.join(sub, 'Dockerfile')], { cwd: dir, env });
    assert.equal(r.stdout, '');
    assert.equal(r.code, 0);
    fs.writeFileSync(path.join(dir, 'strict.yaml'), 'override:\n  error: [DL3006]\nfailure-threshold: error\n');
    const c = await lading(['lint', '--config', 'strict.yaml', '-f', 'json', 'Dockerfile'], { cwd: dir, env });
    assert.equal(JSON.parse(c.stdout).find((x: { code: string }) => x.code === 'DL3006').level, 'error');
    assert.equal(c.code, 1);
  });

  it('writes SARIF, checkstyle and GNU formats', async () => {
    const s = await lading(['lint', '-f', 'sarif', 'Dockerfile'], { cwd: dir, env });
    const sarif = JSON.parse(s.stdout);
    assert.equal(sarif.version, '2.1.0');
    const res = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'DL3006');
    assert.equal(res.level, 'warning');
    assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 1, startColumn: 6, endLine: 1, endColumn: 12 });
    assert.ok(sarif.runs[0].tool.driver.rules.some((r: { id: string; helpUri: string }) => r.id === 'DL3006' && r.helpUri.endsWith('/DL3006')));
    const c = await lading(['lint', '-f', 'checkstyle', 'Dockerfile'], { cwd: dir, env });
    assert.match(c.stdout, /<file name='Dockerfile'>/);
    assert.match(c.stdout, /<error line='1' column='6' severity='warning' message='[^']*' source='DL3006'\/>/);
    const g = await lading(['lint', '-f', 'gnu', 'Dockerfile'], { cwd: dir, env });
    assert.match(g.stdout, /^lading:Dockerfile:1:6: DL3006 warning: /m);
  });

  it('fails cleanly on a missing file, a bad format and a broken config', async () => {
    const m = await lading(['lint', 'nope/Dockerfile'], { cwd: dir, env });
    assert.equal(m.code, 1);
    assert.equal(m.stderr.trim(), 'Error: nope/Dockerfile: no such file');
    const f = await lading(['lint', '-f', 'xml', 'Dockerfile'], { cwd: dir, env });
    assert.equal(f.code, 1);
    assert.match(f.stderr, /^Error: invalid format "xml"/);
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'ignored: DL3006\n');
    const b = await lading(['lint', '-c', 'bad.yaml', 'Dockerfile'], { cwd: dir, env });
    assert.equal(b.code, 1);
    assert.match(b.stderr, /^Error: .*ignored/);
    assert.ok(!b.stderr.includes('    at '), 'no stack trace');
  });
});
