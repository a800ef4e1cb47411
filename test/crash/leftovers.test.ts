// What a killed or interrupted command leaves next to its work: a build's download folder (ADD
// URL) and a save's temp file. SIGKILL cannot be caught, so the next command of the same kind
// (and gc) removes what dead processes left; SIGINT and SIGTERM clean up at once.
import { strict as assert } from 'node:assert';
import { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { lading } from '../helpers/cli';
import { deadPid, exited, kill, start, until } from './cli-process';
import { tempDir } from '../helpers/tmp';
import { haveBusybox, writeRootfsTar } from '../helpers/rootfs';
import { imageFiles } from '../build/image-files';

const tmpOf = (store: string) => path.join(store, 'lading', 'tmp');

const entriesOf = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
const bytesUnder = (dir: string) => entriesOf(dir).reduce((n, f) => n + (statSync(path.join(dir, f), { throwIfNoEntry: false })?.size ?? 0), 0);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Serves `payload` for ADD; while `held`, sends its first MiB and then nothing more. */
class Download {
  readonly payload = randomBytes(4 * 1024 * 1024);
  held = true;
  requests = 0;
  private server!: Server;
  private stalled: ServerResponse[] = [];

  async start(): Promise<string> {
    this.server = createServer((_req, res) => {
      this.requests++;
      res.writeHead(200, { 'Content-Length': this.payload.length });
      if (!this.held) return res.end(this.payload);
      res.write(this.payload.subarray(0, 1024 * 1024));
      this.stalled.push(res);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/files/payload.bin`;
  }

  async stop(): Promise<void> {
    for (const r of this.stalled) r.destroy();
    await new Promise((r) => this.server?.close(r));
  }
}

describe('leftovers of killed and interrupted commands', function () {
  this.timeout(120000);

  describe('build with ADD URL', () => {
    const download = new Download();
    let url: string;
    let ctxDir: string;

    before(async () => {
      url = await download.start();
      ctxDir = tempDir('lading-leftover-ctx-');
      writeFileSync(path.join(ctxDir, 'Dockerfile'), 'FROM scratch\nARG URL\nADD ${URL} /downloads/\n');
    });
    after(() => download.stop());

    /** Starts a build whose download stalls, and waits until its first MiB is on disk. */
    async function stalledBuild(store: string, systemTmp: string): Promise<{ child: ChildProcess; scratch: string }> {
      download.held = true;
      const child = start(['build', '-t', 'added:1', '--build-arg', `URL=${url}`, ctxDir], store, { TMPDIR: systemTmp });
      const mine = () => entriesOf(tmpOf(store)).find((n) => n.startsWith(`.build.${child.pid}.`));
      await until('the download wrote its first MiB', () => {
        const n = mine();
        return n !== undefined && bytesUnder(path.join(tmpOf(store), n)) >= 1024 * 1024;
      }, child);
      return { child, scratch: path.join(tmpOf(store), mine()!) };
    }

    it('killed mid-download: the folder is in the store, and the next build removes it and succeeds', async () => {
      const store = tempDir('lading-leftover-build-');
      const systemTmp = tempDir('lading-leftover-systmp-');
      const { child, scratch } = await stalledBuild(store, systemTmp);
      await kill(child);
      assert.ok(existsSync(scratch), 'the killed build left its download folder');
      assert.deepEqual(readdirSync(systemTmp), [], 'nothing in the system temp folder');

      download.held = false;
      const r = await lading(['build', '-q', '-t', 'added:1', '--build-arg', `URL=${url}`, ctxDir], { store, env: { TMPDIR: systemTmp } });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(existsSync(scratch), false, 'the next build removed the dead build\'s folder');
      assert.deepEqual(entriesOf(tmpOf(store)).filter((n) => n.startsWith('.build.')), [], 'no build folder remains');
      assert.deepEqual(readdirSync(systemTmp), []);
      const files = await imageFiles(store, 'docker.io/library/added:1');
      assert.ok(files.get('downloads/payload.bin')?.data.equals(download.payload), 'the image holds the whole download');
    });

    it('SIGTERM mid-download removes the folder at once and exits 143; SIGINT exits 130', async () => {
      for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
        const store = tempDir('lading-leftover-term-');
        const { child, scratch } = await stalledBuild(store, tempDir('lading-leftover-systmp-'));
        child.kill(signal);
        const end = await exited(child);
        assert.equal(end.code, code, `${signal}: exit ${end.code} (signal ${end.signal})`);
        assert.equal(existsSync(scratch), false, `${signal}: the download folder is removed`);
        const index = JSON.parse(readFileSync(path.join(store, 'index.json'), 'utf8')) as { manifests: unknown[] };
        assert.deepEqual(index.manifests, [], `${signal}: nothing tagged`);
      }
    });

    it('gc removes build folders of dead processes and keeps those of running ones', async () => {
      const store = tempDir('lading-leftover-gc-');
      assert.equal((await lading(['images'], { store })).code, 0);
      const dead = path.join(tmpOf(store), `.build.${await deadPid()}.0123456789ab`);
      const live = path.join(tmpOf(store), `.build.${process.pid}.0123456789ab`);
      for (const d of [dead, live]) {
        mkdirSync(d);
        writeFileSync(path.join(d, 'url-1'), 'partial');
      }
      const r = await lading(['image', 'prune', '-f'], { store });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(existsSync(dead), false, 'the dead build\'s folder is removed');
      assert.equal(existsSync(path.join(live, 'url-1')), true, 'a running build\'s folder is kept');
    });
  });

  describe('save -o', () => {
    let store: string;
    let outDir: string;
    let reference: string;

    before(async function () {
      if (!haveBusybox()) this.skip();
      store = tempDir('lading-leftover-save-');
      const src = path.join(tempDir('lading-leftover-savesrc-'), 'rootfs.tar');
      const files: Record<string, Buffer> = {};
      for (let i = 0; i < 24; i++) files[`data/f${i}.bin`] = randomBytes(1024 * 1024);
      await writeRootfsTar(src, { files });
      const imp = await lading(['import', src, 'big:1'], { store });
      assert.equal(imp.code, 0, imp.stderr);
      // gzip output of random data is slow enough to stop a save part-way.
      reference = path.join(tempDir('lading-leftover-ref-'), 'ref.tar.gz');
      const ref = await lading(['save', '-o', reference, 'big:1'], { store });
      assert.equal(ref.code, 0, ref.stderr);
    });

    beforeEach(() => {
      outDir = tempDir('lading-leftover-out-');
    });

    /** Starts `save -o out.tar.gz` and waits until its temp file holds a MiB. */
    async function savingPartWay(): Promise<{ child: ChildProcess; temp: string }> {
      const child = start(['save', '-o', path.join(outDir, 'out.tar.gz'), 'big:1'], store);
      const mine = () => entriesOf(outDir).find((n) => n.startsWith(`.out.tar.gz.${child.pid}.`));
      await until('the save wrote a MiB', () => {
        const n = mine();
        return n !== undefined && (statSync(path.join(outDir, n), { throwIfNoEntry: false })?.size ?? 0) >= 1024 * 1024;
      }, child);
      return { child, temp: path.join(outDir, mine()!) };
    }

    it('killed part-way: the next save of that name removes the dead temp file, not other names\' or live ones', async () => {
      const { child, temp } = await savingPartWay();
      await kill(child);
      assert.ok(existsSync(temp), 'the killed save left its temp file');
      assert.equal(existsSync(path.join(outDir, 'out.tar.gz')), false);
      const otherName = path.join(outDir, `.other.tar.${await deadPid()}.0123456789ab`);
      const running = path.join(outDir, `.out.tar.gz.${process.pid}.0123456789ab`);
      writeFileSync(otherName, 'another output');
      writeFileSync(running, 'a save still running');

      const r = await lading(['save', '-o', path.join(outDir, 'out.tar.gz'), 'big:1'], { store });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(existsSync(temp), false, 'the dead save\'s temp file is removed');
      assert.equal(existsSync(otherName), true, 'a temp file of another output name is left alone');
      assert.equal(existsSync(running), true, 'a running process\'s temp file is left alone');
      assert.equal(sha256(path.join(outDir, 'out.tar.gz')), sha256(reference), 'the archive is complete');
    });

    it('SIGTERM part-way removes the temp file, writes no archive and exits 143', async () => {
      const { child, temp } = await savingPartWay();
      child.kill('SIGTERM');
      const end = await exited(child);
      assert.equal(end.code, 143, `exit ${end.code} (signal ${end.signal})`);
      assert.equal(existsSync(temp), false, 'the temp file is removed');
      assert.deepEqual(readdirSync(outDir), []);
    });
  });
});
