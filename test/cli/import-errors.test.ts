// import from every kind of source, and the failures that must leave the store untouched.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as tar from 'tar-stream';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { writeRootfsTar } from '../helpers/rootfs';
import { snapshot } from './store-snapshot';

async function tarOf(entries: { name: string; type?: 'file' | 'link' | 'symlink'; linkname?: string; body?: string }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) {
    if (e.type && e.type !== 'file') pack.entry({ name: e.name, type: e.type, linkname: e.linkname });
    else pack.entry({ name: e.name }, e.body ?? 'x');
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack as unknown as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

describe('import sources and error handling (CLI)', function () {
  this.timeout(120000);
  const dir = tempDir();
  const store = path.join(dir, 'store');
  const run = (args: string[], input?: string | Buffer) => lading(args, { store, input });
  const plain = path.join(dir, 'rootfs.tar');
  let server: Server;
  let base = '';
  let diffId = '';

  before(async () => {
    await writeRootfsTar(plain, { noBusybox: true, files: { 'etc/motd': 'hi\n' } });
    server = createServer((req, res) => {
      if (req.url === '/rootfs.tar') res.end(readFileSync(plain));
      else if (req.url === '/moved') res.writeHead(302, { location: '/rootfs.tar' }).end();
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  const diffIdOf = async (ref: string) => JSON.parse((await run(['inspect', '-f', '{{json .RootFS.Layers}}', ref])).stdout)[0] as string;

  it('plain, gzip, zstd, stdin and http all give the same layer DiffID', async () => {
    assert.equal((await run(['import', plain, 'plain'])).code, 0);
    diffId = await diffIdOf('plain');
    assert.equal(diffId, `sha256:${execFileSync('sha256sum', [plain]).toString().split(' ')[0]}`);
    const gz = path.join(dir, 'rootfs.tar.gz');
    await writeRootfsTar(gz, { noBusybox: true, gzip: true, files: { 'etc/motd': 'hi\n' } });
    const zst = path.join(dir, 'rootfs.tar.zst');
    execFileSync('zstd', ['-q', '-f', plain, '-o', zst]);
    const r1 = await run(['import', gz, 'gz']);
    assert.equal(r1.code, 0, r1.stderr);
    const r2 = await run(['import', zst, 'zst']);
    assert.equal(r2.code, 0, r2.stderr);
    const r3 = await run(['import', '-', 'stdin'], readFileSync(plain));
    assert.equal(r3.code, 0, r3.stderr);
    const r4 = await run(['import', `${base}/moved`, 'http']);
    assert.equal(r4.code, 0, r4.stderr);
    for (const ref of ['gz', 'zst', 'stdin', 'http']) assert.equal(await diffIdOf(ref), diffId, ref);
    // The stored layer is gzip, described as such.
    const st = JSON.parse(readFileSync(path.join(store, 'index.json'), 'utf8'));
    const manifest = JSON.parse(readFileSync(path.join(store, 'blobs', 'sha256', st.manifests[0].digest.slice(7)), 'utf8'));
    assert.equal(manifest.layers[0].mediaType, 'application/vnd.oci.image.layer.v1.tar+gzip');
    assert.deepEqual([...readFileSync(path.join(store, 'blobs', 'sha256', manifest.layers[0].digest.slice(7))).subarray(0, 2)], [0x1f, 0x8b]);
  });

  const unchanged = async (args: string[], stderr: RegExp, input?: Buffer) => {
    const before = snapshot(store);
    const r = await run(args, input);
    assert.equal(r.code, 1, `${args.join(' ')} should fail`);
    assert.match(r.stderr, stderr);
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, `one line: ${r.stderr}`);
    assert.deepEqual(snapshot(store), before);
  };

  it('rejects archives with entries escaping the root, and bad input, leaving the store as it was', async () => {
    const evil = path.join(dir, 'evil.tar');
    writeFileSync(evil, await tarOf([{ name: 'ok' }, { name: '../../etc/passwd' }]));
    await unchanged(['import', evil, 'evil'], /^Error: archive entry "\.\.\/\.\.\/etc\/passwd" escapes the image root/);
    writeFileSync(evil, await tarOf([{ name: '/abs' }]));
    await unchanged(['import', evil], /^Error: archive entry "\/abs" has an absolute path/);
    writeFileSync(evil, await tarOf([{ name: 'h', type: 'link', linkname: '../outside' }]));
    await unchanged(['import', evil], /links outside the image root/);
    const junk = path.join(dir, 'junk.tar');
    writeFileSync(junk, Buffer.alloc(2000, 7));
    await unchanged(['import', junk], /^Error: not a valid tar archive/);
    const truncated = path.join(dir, 'trunc.tar');
    writeFileSync(truncated, readFileSync(plain).subarray(0, 700));
    await unchanged(['import', truncated], /^Error: not a valid tar archive/);
    const badGz = path.join(dir, 'bad.tar.gz');
    writeFileSync(badGz, Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(100, 1)]));
    await unchanged(['import', badGz], /^Error: /);
    await unchanged(['import', path.join(dir, 'nope.tar')], /^Error: open .*nope\.tar: no such file or directory/);
    await unchanged(['import', `${base}/missing`], /^Error: cannot download .*: HTTP 404/);
    await unchanged(['import', 'ftp://127.0.0.1/x.tar'], /only http and https/);
    await unchanged(['import', '-c', 'RUN rm -rf /', plain], /^Error: run is not a valid change command/);
  });

  it('bad references and missing images: one-line errors, exit 1, store unchanged', async () => {
    await unchanged(['import', plain, 'Bad:Name'], /^Error: invalid reference format/);
    await unchanged(['tag', 'plain', 'team/UPPER'], /^Error: invalid reference format: repository name \(team\/UPPER\) must be lowercase/);
    await unchanged(['tag', 'plain', 'a:b:c'], /^Error: invalid reference format/);
    await unchanged(['tag', 'nosuch', 'x'], /^Error: No such image: nosuch\n$/);
    await unchanged(['rmi', 'nosuch'], /^Error: No such image: nosuch\n$/);
    await unchanged(['history', 'nosuch:1'], /^Error: No such image: nosuch:1\n$/);
    await unchanged(['inspect', 'nosuch'], /^Error: No such image: nosuch\n$/);
    await unchanged(['commit', 'nosuch', plain], /^Error: No such image: nosuch\n$/);
    await unchanged(['images', '--filter', 'dangling=maybe'], /^Error: invalid filter 'dangling=maybe'\n$/);
    await unchanged(['images', '--format', '{{.Nope}}'], /can't evaluate field Nope/);
    await unchanged(['image', 'prune', '-f', '--filter', 'until=yesterday'], /^Error: invalid filter 'until=yesterday'/);
  });

  it('a corrupt config blob is named in a clear error; nothing changes', async () => {
    const index = JSON.parse(readFileSync(path.join(store, 'index.json'), 'utf8'));
    const entry = index.manifests.find((m: { annotations?: Record<string, string> }) => m.annotations?.['org.opencontainers.image.ref.name'] === 'docker.io/library/plain:latest');
    const manifest = JSON.parse(readFileSync(path.join(store, 'blobs', 'sha256', entry.digest.slice(7)), 'utf8'));
    const cfgPath = path.join(store, 'blobs', 'sha256', manifest.config.digest.slice(7));
    writeFileSync(cfgPath, readFileSync(cfgPath, 'utf8').replace('"linux"', '"Linux"'));
    const digest = manifest.config.digest as string;
    const named = new RegExp(`^Error: blob ${digest} of \\S+ is corrupt`);
    await unchanged(['inspect', 'plain'], named);
    await unchanged(['history', 'plain'], named);
    await unchanged(['tag', 'plain', 'copy'], named);
    await unchanged(['commit', 'plain', plain, 'c2'], named);
    await unchanged(['inspect', digest.slice(7, 19)], named);
    await unchanged(['rmi', 'plain'], named);
    const list = await run(['images', '-q', 'plain']);
    assert.equal(list.code, 0);
    assert.equal(list.stdout, '');
    assert.match(list.stderr, /^WARNING: 1 image in the store cannot be read .*lading system check/);
    const check = await run(['system', 'check']);
    assert.equal(check.code, 1);
    assert.match(check.stdout, new RegExp(`blob ${digest} is corrupt`));
  });
});
