// `lading build` end to end: real contexts on disk, a temp store, the built CLI, and umoci
// unpacking what was built from our OCI layout.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as tar from 'tar-stream';
import { lading } from '../helpers/cli';
import { writeRootfsTar } from '../helpers/rootfs';
import { tempDir } from '../helpers/tmp';
import { snapshot } from '../cli/store-snapshot';
import { imageFiles, manifestOf } from './image-files';

function context(files: Record<string, string>): string {
  const dir = tempDir('lading-build-');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

async function inspect(store: string, ref: string): Promise<{ Config: Record<string, unknown>; Author: string; RootFS: { Layers: string[] } }> {
  const r = await lading(['inspect', ref], { store });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout)[0];
}

describe('lading build', function () {
  this.timeout(120000);
  const store = path.join(tempDir(), 'store');

  before(async () => {
    // Opening the store creates its layout, so every test can snapshot it.
    assert.equal((await lading(['images'], { store })).code, 0);
  });

  it('builds a multi-stage image from scratch: COPY --from, config instructions, classic output', async () => {
    const dir = context({
      'bin/tool': '#!/bin/sh\necho tool\n',
      'conf/app.conf': 'port=8080\n',
      'conf/extra/deep.txt': 'deep\n',
      Dockerfile: [
        'FROM scratch AS build',
        'COPY conf /etc/app/',
        'COPY bin/tool /out/tool',
        '',
        'FROM scratch',
        'ENV APP_HOME=/srv/app MODE="fast lane"',
        'WORKDIR $APP_HOME',
        'COPY --from=build /etc/app ./config',
        'COPY --from=build --chmod=0755 /out/tool /usr/local/bin/',
        'COPY --chown=1000:1001 conf/app.conf .',
        'LABEL org.example.title="demo app" version=1',
        'EXPOSE 8080 53/udp',
        'USER 1000:1001',
        'VOLUME /data',
        'STOPSIGNAL SIGINT',
        'ENTRYPOINT ["/usr/local/bin/tool"]',
        'CMD ["--serve"]',
        '',
      ].join('\n'),
    });
    const r = await lading(['build', '-t', 'demo:1', '-t', 'demo:latest', dir], { store });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], 'Step 1/16 : FROM scratch AS build');
    assert.ok(lines.includes('Step 16/16 : CMD ["--serve"]'), r.stdout);
    assert.match(lines[lines.length - 3], /^Successfully built [0-9a-f]{12}$/);
    assert.equal(lines[lines.length - 2], 'Successfully tagged demo:1');
    assert.equal(lines[lines.length - 1], 'Successfully tagged demo:latest');
    const img = await inspect(store, 'demo:1');
    const c = img.Config;
    assert.deepEqual(c.Env, ['APP_HOME=/srv/app', 'MODE=fast lane']);
    assert.equal(c.WorkingDir, '/srv/app');
    assert.equal(c.User, '1000:1001');
    assert.deepEqual(c.Entrypoint, ['/usr/local/bin/tool']);
    assert.deepEqual(c.Cmd, ['--serve']);
    assert.deepEqual(c.Labels, { 'org.example.title': 'demo app', version: '1' });
    assert.deepEqual(c.ExposedPorts, { '8080/tcp': {}, '53/udp': {} });
    assert.deepEqual(c.Volumes, { '/data': {} });
    assert.equal(c.StopSignal, 'SIGINT');
    // WORKDIR made a layer (the folder was missing), then three COPY layers.
    assert.equal(img.RootFS.Layers.length, 4);

    const files = await imageFiles(store, 'docker.io/library/demo:1');
    assert.equal(files.get('srv/app/config/app.conf')?.data.toString(), 'port=8080\n');
    assert.equal(files.get('srv/app/config/extra/deep.txt')?.data.toString(), 'deep\n');
    assert.equal(files.get('usr/local/bin/tool')?.mode, 0o755);
    const own = files.get('srv/app/app.conf');
    assert.deepEqual([own?.uid, own?.gid], [1000, 1001]);
    assert.equal(files.has('out/tool'), false, 'the build stage is not in the final image');

    const h = await lading(['history', '--no-trunc', '--format', '{{.CreatedBy}}', 'demo:1'], { store });
    assert.equal(h.code, 0, h.stderr);
    const hist = h.stdout.trim().split('\n');
    assert.equal(hist[0], '/bin/sh -c #(nop)  CMD ["--serve"]');
    assert.ok(hist.includes('/bin/sh -c #(nop) WORKDIR /srv/app'), h.stdout);
    assert.ok(hist.some((l) => /^\/bin\/sh -c #\(nop\) COPY dir:[0-9a-f]{64} in \/srv\/app\/config $/.test(l)), h.stdout);
    assert.ok(hist.includes('/bin/sh -c #(nop)  ENV APP_HOME=/srv/app MODE=fast lane'), h.stdout);
  });

  it('umoci unpacks the built image from the store', function () {
    if (spawnSync('umoci', ['--version']).status !== 0) this.skip();
    const out = path.join(tempDir(), 'bundle');
    const u = spawnSync('umoci', ['unpack', '--rootless', '--image', `${store}:docker.io/library/demo:1`, out], { encoding: 'utf8' });
    assert.equal(u.status, 0, u.stderr);
    assert.equal(readFileSync(path.join(out, 'rootfs/srv/app/config/extra/deep.txt'), 'utf8'), 'deep\n');
    assert.equal(readFileSync(path.join(out, 'rootfs/usr/local/bin/tool'), 'utf8'), '#!/bin/sh\necho tool\n');
    const cfg = JSON.parse(readFileSync(path.join(out, 'config.json'), 'utf8'));
    assert.deepEqual(cfg.process.args, ['/usr/local/bin/tool', '--serve']);
    assert.equal(cfg.process.cwd, '/srv/app');
  });

  it('podman loads the built image (lading save | podman load) and reads its config', function () {
    if (spawnSync('podman', ['--version']).status !== 0) this.skip();
    const work = tempDir();
    const archive = path.join(work, 'demo.tar');
    const saved = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'save', '-o', archive, 'demo:1'], { env: { ...process.env, LADING_STORE: store }, encoding: 'utf8' });
    assert.equal(saved.status, 0, saved.stderr);
    const podman = (...args: string[]) => spawnSync('podman', ['--root', path.join(work, 'root'), '--runroot', path.join(work, 'run'), '--storage-driver', 'vfs', ...args], { encoding: 'utf8', timeout: 60000 });
    const load = podman('load', '-i', archive);
    assert.equal(load.status, 0, load.stderr);
    const info = podman('image', 'inspect', 'docker.io/library/demo:1', '--format', '{{.Config.WorkingDir}}|{{.Config.User}}|{{json .Config.Entrypoint}}|{{len .RootFS.Layers}}');
    assert.equal(info.status, 0, info.stderr);
    assert.equal(info.stdout.trim(), '/srv/app|1000:1001|["/usr/local/bin/tool"]|4');
  });

  it('leaves out what .dockerignore excludes, with ! exceptions and **', async () => {
    const dir = context({
      '.dockerignore': '# build output\n**/*.log\nsecrets\ndocs/*\n!docs/keep.md\n',
      'app.js': 'x\n',
      'debug.log': 'no\n',
      'lib/deep/trace.log': 'no\n',
      'lib/deep/ok.js': 'yes\n',
      'secrets/key': 'no\n',
      'docs/drop.md': 'no\n',
      'docs/keep.md': 'yes\n',
      Dockerfile: 'FROM scratch\nCOPY . /src/\n',
    });
    const r = await lading(['build', '-t', 'ignored:1', dir], { store });
    assert.equal(r.code, 0, r.stderr);
    const files = await imageFiles(store, 'docker.io/library/ignored:1');
    const names = [...files.keys()].filter((k) => files.get(k)?.type === 'file').sort();
    assert.deepEqual(names, ['src/.dockerignore', 'src/Dockerfile', 'src/app.js', 'src/docs/keep.md', 'src/lib/deep/ok.js']);
    const missing = await lading(['build', dir, '-f', path.join(dir, 'Dockerfile.2')], { store });
    assert.equal(missing.code, 1);
    writeFileSync(path.join(dir, 'Dockerfile.2'), 'FROM scratch\nCOPY secrets/key /\n');
    const excluded = await lading(['build', '-f', path.join(dir, 'Dockerfile.2'), dir], { store });
    assert.equal(excluded.code, 1);
    assert.match(excluded.stderr, /^Error: Dockerfile\.2:2: file not found in build context or excluded by \.dockerignore/);
    // A Dockerfile's own ignore file wins over the context's.
    writeFileSync(path.join(dir, 'Dockerfile.2.dockerignore'), 'docs\n');
    const own = await lading(['build', '-f', path.join(dir, 'Dockerfile.2'), '-t', 'ignored:2', dir], { store });
    assert.equal(own.code, 0, own.stderr);
    const second = await imageFiles(store, 'docker.io/library/ignored:2');
    assert.equal(second.get('key')?.data.toString(), 'no\n');
  });

  it('ADD unpacks a local tar.gz and downloads a URL from a loopback server', async () => {
    const dir = context({});
    await writeRootfsTar(path.join(dir, 'bundle.tar.gz'), { gzip: true, noBusybox: true, files: { 'share/data.txt': 'from the archive\n' } });
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nADD bundle.tar.gz /opt/\nARG URL\nADD ${URL} /downloads/\n');
    const server: Server = createServer((req, res) => {
      res.setHeader('Last-Modified', 'Wed, 01 Jan 2025 00:00:00 GMT');
      res.end(`served ${req.url}\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/files/remote.txt`;
      const r = await lading(['build', '-t', 'added:1', '--build-arg', `URL=${url}`, dir], { store });
      assert.equal(r.code, 0, r.stderr);
    } finally {
      server.close();
    }
    const files = await imageFiles(store, 'docker.io/library/added:1');
    assert.equal(files.get('opt/share/data.txt')?.data.toString(), 'from the archive\n');
    assert.equal(files.get('opt/etc/passwd')?.data.toString(), 'root:x:0:0:root:/root:/bin/sh\n');
    assert.equal(files.has('opt/bundle.tar.gz'), false);
    const remote = files.get('downloads/remote.txt');
    assert.equal(remote?.data.toString(), 'served /files/remote.txt\n');
    assert.equal(remote?.mode, 0o600);
  });

  it('ADD refuses an archive entry that would leave its destination', async () => {
    const dir = context({ Dockerfile: 'FROM scratch\nADD evil.tar /opt/\n' });
    const pack = tar.pack();
    pack.entry({ name: 'ok.txt' }, 'fine\n');
    pack.entry({ name: '../../etc/evil' }, 'bad\n');
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const c of pack) chunks.push(c as Buffer);
    writeFileSync(path.join(dir, 'evil.tar'), Buffer.concat(chunks));
    const before = snapshot(store);
    const r = await lading(['build', '-t', 'evil:1', dir], { store });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), 'Error: Dockerfile:2: ADD evil.tar: archive entry "../../etc/evil" escapes the image root ("..")');
    assert.equal(snapshot(store).index, before.index);
  });

  it('ARG defaults, --build-arg (also from the environment), global ARGs in FROM, --label', async () => {
    const dir = context({
      'v1.txt': 'one\n',
      'v2.txt': 'two\n',
      Dockerfile: 'ARG BASE=scratch\nFROM ${BASE}\nARG VERSION=1\nARG FLAVOUR\nENV V=${VERSION} F=${FLAVOUR:-plain} G=${FLAVOUR:+set}\nCOPY v${VERSION}.txt /version\n',
    });
    const d = await lading(['build', '-t', 'args:default', dir], { store });
    assert.equal(d.code, 0, d.stderr);
    assert.deepEqual((await inspect(store, 'args:default')).Config.Env, ['V=1', 'F=plain', 'G=']);
    assert.equal((await imageFiles(store, 'docker.io/library/args:default')).get('version')?.data.toString(), 'one\n');
    const o = await lading(['build', '-t', 'args:two', '--build-arg', 'VERSION=2', '--build-arg', 'FLAVOUR', '--label', 'team=core', dir], { store, env: { FLAVOUR: 'spicy' } });
    assert.equal(o.code, 0, o.stderr);
    const img = await inspect(store, 'args:two');
    assert.deepEqual(img.Config.Env, ['V=2', 'F=spicy', 'G=set']);
    assert.deepEqual(img.Config.Labels, { team: 'core' });
    assert.equal((await imageFiles(store, 'docker.io/library/args:two')).get('version')?.data.toString(), 'two\n');
  });

  it('SHELL, shell-form CMD, HEALTHCHECK, MAINTAINER, the escape directive, JSON-form COPY and --platform', async () => {
    const dir = context({
      'my file.txt': 'spaced\n',
      Dockerfile: [
        '# escape=`',
        'FROM --platform=$TARGETPLATFORM scratch',
        'MAINTAINER Jane <jane@example.com>',
        'ARG NAME="my file"',
        'COPY ["${NAME}.txt", "/data/"]',
        'ENV WIN=C:\\dir `',
        '    OTHER=2',
        'SHELL ["/bin/ash", "-eo", "pipefail", "-c"]',
        'HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD wget -q -O- http://localhost/ || exit 1',
        'CMD echo $WIN',
        '',
      ].join('\n'),
    });
    const r = await lading(['build', '--platform', 'linux/arm64', '-t', 'misc:1', dir], { store });
    assert.equal(r.code, 0, r.stderr);
    const img = (await inspect(store, 'misc:1')) as unknown as { Author: string; Architecture: string; Config: Record<string, unknown> };
    assert.equal(img.Author, 'Jane <jane@example.com>');
    assert.equal(img.Architecture, 'arm64');
    assert.deepEqual(img.Config.Env, ['WIN=C:\\dir', 'OTHER=2']);
    assert.deepEqual(img.Config.Shell, ['/bin/ash', '-eo', 'pipefail', '-c']);
    assert.deepEqual(img.Config.Cmd, ['/bin/ash', '-eo', 'pipefail', '-c', 'echo $WIN']);
    assert.deepEqual(img.Config.Healthcheck, { Test: ['CMD-SHELL', 'wget -q -O- http://localhost/ || exit 1'], Interval: 30e9, Timeout: 5e9, StartPeriod: 0, Retries: 3 });
    assert.equal((await imageFiles(store, 'docker.io/library/misc:1')).get('data/my file.txt')?.data.toString(), 'spaced\n');
  });

  it('--target builds only the stages the target needs (a later RUN stage is not built)', async () => {
    const dir = context({
      'a.txt': 'a\n',
      Dockerfile: 'FROM scratch AS assets\nCOPY a.txt /\n\nFROM assets AS final\nLABEL stage=final\n\nFROM busybox\nRUN echo never\n',
    });
    const r = await lading(['build', '--target', 'final', '-t', 'target:1', dir], { store });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Step 4\/4 : LABEL stage=final\n ---> [0-9a-f]{12}\nSuccessfully built/);
    assert.deepEqual((await inspect(store, 'target:1')).Config.Labels, { stage: 'final' });
    // Without --target the last stage is built; a stage nothing needs is skipped, RUN and all.
    writeFileSync(path.join(dir, 'Dockerfile.unused'), 'FROM busybox AS tools\nRUN make\n\nFROM scratch AS assets\nCOPY a.txt /\n\nFROM assets\nLABEL last=1\n');
    const skipped = await lading(['build', '-f', path.join(dir, 'Dockerfile.unused'), '-t', 'target:2', dir], { store });
    assert.equal(skipped.code, 0, skipped.stderr);
    assert.doesNotMatch(skipped.stdout, /busybox|RUN/);
    const bad = await lading(['build', '--target', 'nope', dir], { store });
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr.trim(), 'Error: failed to reach build target nope in Dockerfile');
  });

  it('refuses RUN with one clear line and leaves the store unchanged', async () => {
    const dir = context({ 'a.txt': 'a\n', Dockerfile: 'FROM scratch\nCOPY a.txt /\nRUN \\\n  echo hi\nCMD ["x"]\n' });
    const before = snapshot(store);
    const r = await lading(['build', '-t', 'run:1', dir], { store });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), 'Error: Dockerfile:3: RUN needs a container runtime, which lading build does not have; build this file with docker/buildah, or move RUN into an earlier image');
    assert.deepEqual(snapshot(store), before);
  });

  it('refuses a context symlink pointing outside the folder and ".." in sources; tags nothing on failure', async () => {
    const outside = context({ 'secret.txt': 'secret\n' });
    const dir = context({ Dockerfile: 'FROM scratch\nCOPY link.txt /\n' });
    symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'link.txt'));
    const before = snapshot(store);
    const r = await lading(['build', '-t', 'escape:1', dir], { store });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error: Dockerfile:2: forbidden path outside the build context: link\.txt is a symlink to /);
    symlinkSync(outside, path.join(dir, 'linkdir'));
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY linkdir/secret.txt /\n');
    const parent = await lading(['build', '-t', 'escape:1', dir], { store });
    assert.equal(parent.code, 1);
    assert.equal(parent.stderr.trim(), 'Error: Dockerfile:2: forbidden path outside the build context: linkdir/secret.txt');
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY ../secret.txt /\n');
    const dots = await lading(['build', '-t', 'escape:1', dir], { store });
    assert.equal(dots.code, 1);
    assert.equal(dots.stderr.trim(), 'Error: Dockerfile:2: forbidden path outside the build context: ../secret.txt');
    // A failure after a layer was written still tags nothing.
    rmSync(path.join(dir, 'link.txt'));
    rmSync(path.join(dir, 'linkdir'));
    writeFileSync(path.join(dir, 'ok.txt'), 'ok\n');
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY ok.txt /\nCOPY missing.txt /\n');
    const late = await lading(['build', '-t', 'escape:1', dir], { store });
    assert.equal(late.code, 1);
    assert.equal(snapshot(store).index, before.index);
  });

  it('builds FROM an imported busybox: --chown by name, ONBUILD triggers, existing WORKDIR adds no layer, -q', async () => {
    const tar = path.join(tempDir(), 'rootfs.tar');
    await writeRootfsTar(tar, { files: { 'etc/group': 'root:x:0:\napp:x:500:\n', 'etc/motd': 'base\n' } });
    // The rootfs has root only; add an app user through a context file copied into a base image.
    const imp = await lading(['import', '-c', 'CMD ["sh"]', '-c', 'ONBUILD COPY onbuild.txt /from-trigger.txt', tar, 'busybase:1'], { store });
    assert.equal(imp.code, 0, imp.stderr);
    const dir = context({
      'onbuild.txt': 'triggered\n',
      passwd: 'root:x:0:0:root:/root:/bin/sh\napp:x:501:500::/home/app:/bin/sh\n',
      'app.sh': 'echo app\n',
      Dockerfile: 'FROM busybase:1 AS users\nCOPY passwd /etc/passwd\n\nFROM users\nWORKDIR /etc\nCOPY --chown=app:app app.sh /srv/\nCOPY --chown=app app.sh /srv/app2.sh\n',
    });
    const r = await lading(['build', '-t', 'onbusybox:1', dir], { store });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /# Executing 1 build trigger/);
    const img = await inspect(store, 'onbusybox:1');
    assert.deepEqual(img.Config.Cmd, ['sh']);
    assert.equal(img.Config.OnBuild, null);
    // base layer + trigger COPY + passwd COPY + two COPYs; WORKDIR /etc made no layer.
    assert.equal(img.RootFS.Layers.length, 5);
    const files = await imageFiles(store, 'docker.io/library/onbusybox:1');
    assert.equal(files.get('from-trigger.txt')?.data.toString(), 'triggered\n');
    assert.deepEqual([files.get('srv/app.sh')?.uid, files.get('srv/app.sh')?.gid], [501, 500]);
    assert.deepEqual([files.get('srv/app2.sh')?.uid, files.get('srv/app2.sh')?.gid], [501, 500]);
    assert.ok(files.get('bin/busybox'));
    // COPY --from follows a link named as the source; the copy keeps the name it was given.
    writeFileSync(path.join(dir, 'Dockerfile.links'), 'FROM scratch\nCOPY --from=busybase:1 /bin/sh /tools/\n');
    const links = await lading(['build', '-f', path.join(dir, 'Dockerfile.links'), '-t', 'links:1', dir], { store });
    assert.equal(links.code, 0, links.stderr);
    const sh = (await imageFiles(store, 'docker.io/library/links:1')).get('tools/sh');
    assert.equal(sh?.type, 'file');
    assert.ok(sh?.data.equals(readFileSync('/bin/busybox')), 'tools/sh holds the busybox binary');
    const q = await lading(['build', '-q', dir], { store });
    assert.equal(q.code, 0, q.stderr);
    assert.match(q.stdout, /^sha256:[0-9a-f]{64}\n$/);
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM busybase:1\nCOPY --chown=nobody app.sh /\n');
    const unknown = await lading(['build', dir], { store });
    assert.equal(unknown.stderr.trim(), 'Error: Dockerfile:2: unable to find user nobody: no matching entries in passwd file');
    assert.equal(manifestOf(store, 'docker.io/library/busybase:1').layers.length, 1);
  });
});
