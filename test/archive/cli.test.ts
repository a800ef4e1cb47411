// CLI behaviour that needs a terminal or in-process streams: docker's refusals and messages.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main';
import { Store } from '../../src/engine/store/store';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { addFixtureImage } from './fixture-image';
import { memberJson, readTarMembers, writeTar } from './tar-util';

function capture(isTTY: boolean) {
  let text = '';
  return { out: { write: (s: string) => void (text += s), isTTY }, text: () => text };
}

async function cli(argv: string[], store: string, tty: { stdout?: boolean; stdin?: boolean } = {}) {
  const stdout = capture(Boolean(tty.stdout));
  const stderr = capture(false);
  const stdin = Object.assign(new PassThrough(), { isTTY: Boolean(tty.stdin) });
  stdin.end();
  const code = await runCli(argv, { stdout: stdout.out, stderr: stderr.out, stdin, env: {}, signal: new AbortController().signal, storeRoot: store, binaryStdout: new PassThrough() });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('archive commands', function () {
  this.timeout(60000);
  let storeDir: string;
  let first: Awaited<ReturnType<typeof addFixtureImage>>;

  before(async () => {
    storeDir = tempDir();
    first = await addFixtureImage(await Store.open(storeDir), 'docker.io/library/cli:1', [{ files: { 'etc/one': '1' } }]);
  });

  it('save refuses to write an archive to a terminal, as docker does', async () => {
    const r = await cli(['save', 'cli:1'], storeDir, { stdout: true });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'Error: cowardly refusing to save to a terminal. Use the -o flag or redirect\n');
  });

  it('load refuses a terminal on stdin', async () => {
    const r = await cli(['load'], storeDir, { stdin: true });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'Error: requested load from stdin, but stdin is empty\n');
  });

  it('a missing input file and a bad --format are one-line errors', async () => {
    assert.equal((await cli(['load', '-i', '/nonexistent/x.tar'], storeDir)).stderr, 'Error: open /nonexistent/x.tar: no such file or directory\n');
    assert.match((await cli(['save', '--format', 'zip', '-o', '/tmp/x', 'cli:1'], storeDir)).stderr, /^Error: invalid --format "zip"/);
    assert.equal((await cli(['save', '-o', '/nonexistent/x.tar', 'cli:1'], storeDir)).stderr, 'Error: open /nonexistent/x.tar: no such file or directory\n');
    assert.equal((await lading(['load'], { store: storeDir, input: '' })).stderr, 'Error: requested load from stdin, but stdin is empty\n');
  });

  it('reports a tag taken from another image, like docker', async () => {
    const other = tempDir();
    const second = await addFixtureImage(await Store.open(other), 'docker.io/library/cli:1', [{ files: { 'etc/two': '2' } }]);
    const file = path.join(tempDir(), 'second.tar');
    assert.equal((await lading(['save', '-o', file, 'cli:1'], { store: other })).code, 0);
    const r = await lading(['load', '-i', file], { store: storeDir });
    assert.equal(r.stdout, `The image cli:1 already exists, renaming the old one with ID ${first.id} to empty string\nLoaded image: cli:1\n`);
    assert.notEqual(second.id, first.id);
  });

  it('an index entry pointing at a multi-platform index loads the host platform manifest', async () => {
    const src = tempDir();
    const img = await addFixtureImage(await Store.open(src), 'docker.io/library/multi:1', [{ files: { 'etc/m': 'm' } }]);
    const file = path.join(tempDir(), 'oci.tar');
    assert.equal((await lading(['save', '--format', 'oci', '-o', file, 'multi:1'], { store: src })).code, 0);
    const members = await readTarMembers(file);
    const index = memberJson<{ manifests: { mediaType: string; digest: string; size: number }[] }>(members, 'index.json');
    const m = index.manifests[0];
    const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
    const otherArch = arch === 'amd64' ? 'arm64' : 'amd64';
    const nested = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        // another platform whose blobs the archive does not carry
        { mediaType: m.mediaType, digest: `sha256:${'1'.repeat(64)}`, size: 100, platform: { os: 'linux', architecture: otherArch } },
        { mediaType: m.mediaType, digest: m.digest, size: m.size, platform: { os: 'linux', architecture: arch } },
      ],
    });
    const { createHash } = await import('node:crypto');
    const nd = `sha256:${createHash('sha256').update(nested).digest('hex')}`;
    const top = { schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', digest: nd, size: nested.length, annotations: { 'io.containerd.image.name': 'docker.io/library/multi:2' } }] };
    const rebuilt = [...members.filter((x) => x.name !== 'index.json'), { name: `blobs/sha256/${nd.slice(7)}`, data: nested }, { name: 'index.json', data: JSON.stringify(top) }];
    const out = await writeTar(path.join(tempDir(), 'multi.tar'), rebuilt);
    const target = tempDir();
    const r = await lading(['load', '-i', out], { store: target });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'Loaded image: multi:2\n');
    const { resolveImage } = await import('../../src/engine/store/images');
    const loaded = await resolveImage(await Store.open(target), 'multi:2');
    assert.equal(loaded.id, img.id);
    assert.equal(loaded.manifestDescriptor.digest, img.manifestDigest);
  });
});
