// Crash safety: the real CLI is SIGKILLed part-way through each long operation. Afterwards the
// store must check clean (index.json parses, every blob matches its digest, nothing referenced is
// missing), the same command must succeed on a retry (a pull resuming what it had verified), and
// the next prune must remove the dead process's temp files.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync, readFileSync, writeFileSync, mkdirSync, utimesSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lading } from '../helpers/cli';
import { kill, start, until } from './cli-process';
import { tempDir } from '../helpers/tmp';
import { haveBusybox, writeRootfsTar } from '../helpers/rootfs';
import { RegistryServer, haveRegistry, startRegistry } from '../fixtures/registry/registry-server';
import { haveSkopeo, skopeoDigest, skopeoPush, writeOciLayout } from '../fixtures/registry/oci-images';
import { SeenRequest, startProxy } from '../fixtures/registry/proxy';

const tmpOf = (store: string) => path.join(store, 'lading', 'tmp');

/** Bytes in the store's temp folder (0 when it does not exist yet). */
function tempBytes(store: string): number {
  const dir = tmpOf(store);
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const f of readdirSync(dir)) n += statSync(path.join(dir, f), { throwIfNoEntry: false })?.size ?? 0;
  return n;
}

/** The store is valid: `system check` passes, index.json parses, every blob file matches its name. */
async function assertStoreValid(store: string): Promise<void> {
  const check = await lading(['system', 'check'], { store, timeoutMs: 60000 });
  assert.equal(check.code, 0, `system check: ${check.stdout}${check.stderr}`);
  JSON.parse(readFileSync(path.join(store, 'index.json'), 'utf8'));
}

/** `image prune` removes what the killed process left in lading/tmp. */
async function assertTempCleanedByPrune(store: string, deadPid: number, leftBehind = true): Promise<void> {
  const before = existsSync(tmpOf(store)) ? readdirSync(tmpOf(store)) : [];
  if (leftBehind) assert.ok(before.some((n) => n.includes(`.${deadPid}.`)), `the killed process left temp files: ${before.join(', ')}`);
  const r = await lading(['image', 'prune', '-f'], { store });
  assert.equal(r.code, 0, r.stderr);
  const left = existsSync(tmpOf(store)) ? readdirSync(tmpOf(store)) : [];
  const ofDead = left.filter((n) => n.includes(`.${deadPid}.`));
  assert.deepEqual(ofDead, [], `temp files of the killed process ${deadPid} survive prune`);
}

function randomFiles(count: number, each: number): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < count; i++) files[`data/f${i}.bin`] = randomBytes(each);
  return files;
}

describe('crash safety: SIGKILL part-way', function () {
  this.timeout(120000);
  let bigTar: string;

  before(async function () {
    if (!haveBusybox()) this.skip();
    bigTar = path.join(tempDir('lading-crash-src-'), 'rootfs.tar.gz');
    await writeRootfsTar(bigTar, { gzip: true, files: randomFiles(40, 1024 * 1024) });
  });

  it('a stale store lock of a dead process is recovered at once', async () => {
    const store = tempDir('lading-crash-lock-');
    const init = await lading(['images'], { store });
    assert.equal(init.code, 0, init.stderr);
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    const lockFile = path.join(store, 'lading', 'lock');
    writeFileSync(lockFile, JSON.stringify({ pid: dead.pid, host: os.hostname(), created: Date.now(), token: 'dead' }));
    // without recovery the lock would time out after two minutes; this bound is far shorter
    const r = await lading(['import', bigTar, 'after:lock'], { store, timeoutMs: 60000 });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(lockFile), 'the lock is released');
  });

  it('a lock file its owner was killed before writing (empty) does not block the store', async () => {
    const store = tempDir('lading-crash-emptylock-');
    assert.equal((await lading(['images'], { store })).code, 0);
    const lockFile = path.join(store, 'lading', 'lock');
    writeFileSync(lockFile, '');
    const minuteAgo = new Date(Date.now() - 60000);
    utimesSync(lockFile, minuteAgo, minuteAgo);
    // the lock's own timeout is two minutes: a bound of one shows it was not waited out
    const r = await lading(['tag', 'missing:1', 'other:1'], { store, timeoutMs: 60000 });
    assert.equal(r.stderr.includes('locked'), false, r.stderr);
    const ok = await lading(['image', 'prune', '-f'], { store, timeoutMs: 60000 });
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(!existsSync(lockFile), 'the lock is released');
  });

  it('prune removes small-file temp files of dead processes (index.json, layer facts, leases) and keeps live ones', async () => {
    const store = tempDir('lading-crash-smalltmp-');
    assert.equal((await lading(['import', bigTar, 'small:1'], { store })).code, 0);
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    const dirs = [store, path.join(store, 'lading'), path.join(store, 'lading', 'layers'), path.join(store, 'lading', 'leases')];
    for (const d of dirs) {
      mkdirSync(d, { recursive: true });
      writeFileSync(path.join(d, `.index.json.${dead.pid}.0123456789ab`), '{');
      writeFileSync(path.join(d, `.lease.${process.pid}.0123456789ab`), '{');
    }
    const r = await lading(['image', 'prune', '-f'], { store });
    assert.equal(r.code, 0, r.stderr);
    for (const d of dirs) {
      assert.equal(existsSync(path.join(d, `.index.json.${dead.pid}.0123456789ab`)), false, `dead temp file in ${d}`);
      assert.equal(existsSync(path.join(d, `.lease.${process.pid}.0123456789ab`)), true, `live temp file in ${d}`);
    }
    await assertStoreValid(store);
  });

  it('import: killed while writing the layer; the store stays valid and the retry succeeds', async () => {
    const store = tempDir('lading-crash-import-');
    const child = start(['import', bigTar, 'big:1'], store);
    await until('the import wrote temp bytes', () => tempBytes(store) > 1024 * 1024, child);
    await kill(child);
    await assertStoreValid(store);
    const retry = await lading(['import', bigTar, 'big:1'], { store });
    assert.equal(retry.code, 0, retry.stderr);
    await assertStoreValid(store);
    await assertTempCleanedByPrune(store, child.pid!);
  });

  it('load: killed while spooling a large archive; the store stays valid and the retry succeeds', async () => {
    const store = tempDir('lading-crash-load-');
    const src = tempDir('lading-crash-loadsrc-');
    const imp = await lading(['import', bigTar, 'big:1'], { store: src });
    assert.equal(imp.code, 0, imp.stderr);
    const archive = path.join(tempDir('lading-crash-archive-'), 'big.tar');
    const save = await lading(['save', '-o', archive, 'big:1'], { store: src });
    assert.equal(save.code, 0, save.stderr);
    const child = start(['load', '-i', archive], store);
    await until('the load spooled temp bytes', () => tempBytes(store) > 1024 * 1024, child);
    await kill(child);
    await assertStoreValid(store);
    const retry = await lading(['load', '-i', archive], { store });
    assert.equal(retry.code, 0, retry.stderr);
    assert.match(retry.stdout, /Loaded image: big:1/);
    await assertStoreValid(store);
    await assertTempCleanedByPrune(store, child.pid!);
  });

  it('build: killed during a big COPY; the store stays valid and the retry succeeds', async () => {
    const store = tempDir('lading-crash-build-');
    const ctxDir = tempDir('lading-crash-ctx-');
    mkdirSync(path.join(ctxDir, 'data'));
    for (let i = 0; i < 40; i++) writeFileSync(path.join(ctxDir, 'data', `f${i}.bin`), randomBytes(1024 * 1024));
    writeFileSync(path.join(ctxDir, 'Dockerfile'), 'FROM scratch\nCOPY data/ /data/\n');
    const child = start(['build', '-t', 'built:1', ctxDir], store);
    await until('the build wrote temp bytes', () => tempBytes(store) > 1024 * 1024, child);
    await kill(child);
    await assertStoreValid(store);
    const retry = await lading(['build', '-q', '-t', 'built:1', ctxDir], { store });
    assert.equal(retry.code, 0, retry.stderr);
    await assertStoreValid(store);
    await assertTempCleanedByPrune(store, child.pid!);
  });

  describe('pull', function () {
    let registry: RegistryServer;
    let stall: StallAfter;
    let layer: { digest: string; size: number };
    const home = tempDir('lading-crash-home-');
    const env = { HOME: home, DOCKER_CONFIG: path.join(home, '.docker'), XDG_CONFIG_HOME: path.join(home, '.config'), REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '' };

    before(async function () {
      if (!haveRegistry() || !haveSkopeo()) this.skip();
      registry = await startRegistry();
      // random content does not compress: the layer is as big as the files
      const files: Record<string, string> = {};
      for (let i = 0; i < 12; i++) files[`data/f${i}`] = randomBytes(768 * 1024).toString('base64');
      const img = await writeOciLayout({ archs: ['amd64'], files });
      skopeoPush(img.dir, img.tag, `${registry.host}/crash/big:latest`, 'oci');
      const manifest = JSON.parse(readFileSync(path.join(img.dir, 'blobs', 'sha256', img.manifests[0].digest.slice(7)), 'utf8')) as { layers: { digest: string; size: number }[] };
      layer = manifest.layers.reduce((a, b) => (a.size >= b.size ? a : b));
      stall = await startStallAfter(registry.host, layer.digest, Math.floor(layer.size / 2));
    });

    after(async () => {
      await stall?.stop();
      await registry?.stop();
    });

    it('killed mid-layer: the store stays valid and the retry resumes with a Range request', async () => {
      const store = tempDir('lading-crash-pull-');
      const ref = `${stall.host}/crash/big:latest`;
      const child = start(['pull', ref], store, env);
      // downloads are written in ~1 MiB batches: some of the half sent is on disk
      await until('part of the layer reached the store', () => tempBytes(store) >= 2 * 1024 * 1024, child);
      await kill(child);
      await assertStoreValid(store);
      stall.stalling = false;
      const retry = await lading(['pull', ref], { store, env });
      assert.equal(retry.code, 0, retry.stderr);
      const resumed = stall.requests.filter((r) => r.url.endsWith(layer.digest) && r.range);
      assert.ok(resumed.length > 0, `the retry asked for the rest of the layer: ${JSON.stringify(stall.requests)}`);
      assert.ok(stall.bytesAfterStall < layer.size, `the retry downloaded ${stall.bytesAfterStall} of ${layer.size} layer bytes`);
      await assertStoreValid(store);
      // a partial download is named by its digest, not the pid, and the retry consumed it
      await assertTempCleanedByPrune(store, child.pid!, false);
      assert.deepEqual(readdirSync(tmpOf(store)).filter((n) => n.startsWith('partial-')), []);
    });
  });

  describe('push', function () {
    let registry: RegistryServer;
    let stall: StallUpload;
    const home = tempDir('lading-crash-pushhome-');
    const env = { HOME: home, DOCKER_CONFIG: path.join(home, '.docker'), XDG_CONFIG_HOME: path.join(home, '.config'), REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '' };

    before(async function () {
      if (!haveRegistry() || !haveSkopeo()) this.skip();
      registry = await startRegistry();
      stall = await startStallUpload(registry.host);
    });

    after(async () => {
      await stall?.stop();
      await registry?.stop();
    });

    it('killed mid-upload: the retry completes and the registry serves the same digest', async () => {
      const store = tempDir('lading-crash-push-');
      const imp = await lading(['import', bigTar, 'big:1'], { store });
      assert.equal(imp.code, 0, imp.stderr);
      const ref = `${stall.host}/crash/pushed:1`;
      assert.equal((await lading(['tag', 'big:1', ref], { store })).code, 0);
      const child = start(['push', ref], store, env);
      await until('part of the layer was uploaded', () => stall.uploaded >= 2 * 1024 * 1024, child);
      await kill(child);
      await assertStoreValid(store);
      stall.stalling = false;
      const retry = await lading(['push', ref], { store, env });
      assert.equal(retry.code, 0, retry.stderr);
      const pushed = /digest: (sha256:[a-f0-9]{64}) size:/.exec(retry.stdout);
      assert.ok(pushed, retry.stdout);
      assert.equal(skopeoDigest(`${registry.host}/crash/pushed:1`), pushed[1]);
      const check = spawnSync('skopeo', ['inspect', '--tls-verify=false', `docker://${registry.host}/crash/pushed:1`], { encoding: 'utf8' });
      assert.equal(check.status, 0, check.stderr);
      assert.equal(JSON.parse(check.stdout).Digest, pushed[1]);
      await assertStoreValid(store);
    });
  });
});

interface StallUpload {
  host: string;
  stalling: boolean;
  /** Upload body bytes received while stalling (held, never forwarded). */
  uploaded: number;
  stop(): Promise<void>;
}

/** A loopback proxy that swallows blob upload bodies (PUT/PATCH) without answering while `stalling`. */
async function startStallUpload(target: string): Promise<StallUpload> {
  const state = { stalling: true, uploaded: 0 };
  const proxy = await startProxy({
    target,
    intercept: (req) => {
      const isUpload = (req.method === 'PUT' || req.method === 'PATCH') && (req.url ?? '').includes('/blobs/uploads/');
      if (!isUpload || !state.stalling) return false;
      req.on('data', (c: Buffer) => (state.uploaded += c.length));
      return true;
    },
  });
  return Object.assign(state, { host: proxy.host, stop: proxy.stop });
}

interface StallAfter {
  host: string;
  stalling: boolean;
  requests: SeenRequest[];
  /** Layer body bytes sent once stalling was turned off. */
  readonly bytesAfterStall: number;
  stop(): Promise<void>;
}

/** A loopback proxy that sends the first `after` bytes of one blob, then holds the connection open. */
async function startStallAfter(target: string, digest: string, after: number): Promise<StallAfter> {
  let stalling = true;
  let resumedFrom = Infinity; // index of the first request after stalling was turned off
  const isLayer = (method: string, url: string) => method === 'GET' && url.endsWith(`/blobs/${digest}`);
  const proxy = await startProxy({ target, holdAfter: (req) => (stalling && isLayer(req.method ?? '', req.url ?? '') ? after : undefined) });
  return {
    host: proxy.host,
    requests: proxy.requests,
    get stalling() {
      return stalling;
    },
    set stalling(v: boolean) {
      if (stalling && !v) resumedFrom = proxy.requests.length;
      stalling = v;
    },
    get bytesAfterStall() {
      return proxy.requests.slice(resumedFrom).filter((r) => isLayer(r.method, r.url)).reduce((n, r) => n + r.bytes, 0);
    },
    stop: proxy.stop,
  };
}
