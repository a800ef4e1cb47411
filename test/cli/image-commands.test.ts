// The local image commands end to end, through the real CLI binary on a temp store.
import * as assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { writeRootfsTar } from '../helpers/rootfs';
import { humanSize } from '../../src/engine/format/units';
import { MediaType } from '../../src/engine/image/types';
import { resolveImage } from '../../src/engine/store/images';
import { setTag } from '../../src/engine/store/index-entries';
import { Store } from '../../src/engine/store/store';

const ID = /^sha256:[a-f0-9]{64}$/;

describe('image commands (CLI)', function () {
  this.timeout(120000);
  const dir = tempDir();
  const store = path.join(dir, 'store');
  const tarFile = path.join(dir, 'rootfs.tar');
  const run = (args: string[], input?: string) => lading(args, { store, input });
  let id = '';
  let short = '';

  before(async () => {
    await writeRootfsTar(tarFile, { files: { 'etc/motd': 'hello\n' } });
  });

  it('import prints the image ID and records the message and changes', async () => {
    const r = await run(['import', '-m', 'base rootfs', '-c', 'CMD ["sh"]', '-c', 'ENV A=1', '-c', 'LABEL team=core', '--platform', 'linux/arm64', tarFile, 'busybox:1.0']);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    id = r.stdout.trim();
    assert.match(id, ID);
    short = id.slice(7, 19);
  });

  it('tag adds names; images lists familiar names with docker columns', async () => {
    assert.equal((await run(['tag', 'busybox:1.0', 'busybox'])).code, 0);
    assert.equal((await run(['tag', short, 'localhost:5000/team/app:v1'])).code, 0);
    const r = await run(['images']);
    assert.equal(r.code, 0);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^REPOSITORY {3,}TAG {3,}IMAGE ID {3,}CREATED {3,}SIZE$/);
    const size = humanSize(statSync(tarFile).size);
    const rows = lines.slice(1).map((l) => l.split(/ {3,}/));
    assert.deepEqual(
      rows.map((c) => [c[0], c[1], c[2], c[4]]).sort(),
      [
        ['busybox', '1.0', short, size],
        ['busybox', 'latest', short, size],
        ['localhost:5000/team/app', 'v1', short, size],
      ].sort(),
    );
    for (const c of rows) assert.match(c[3], /^(Less than a second|\d+ seconds?|About a minute|\d+ minutes) ago$/);
    // Columns line up: every row starts its TAG column where the header does.
    const tagCol = lines[0].indexOf('TAG');
    for (const l of lines.slice(1)) {
      assert.equal(l[tagCol - 1], ' ');
      assert.notEqual(l[tagCol], ' ');
    }
  });

  it('images -q, --no-trunc, --format, json, reference argument', async () => {
    assert.deepEqual((await run(['images', '-q'])).stdout.trim().split('\n'), [short, short, short]);
    assert.deepEqual((await run(['image', 'ls', '-q', '--no-trunc', 'busybox:1.0'])).stdout, `${id}\n`);
    assert.equal((await run(['images', '--format', '{{.Repository}}:{{.Tag}}', 'busybox'])).stdout, 'busybox:1.0\nbusybox:latest\n');
    const table = await run(['images', '--format', 'table {{.ID}}\\t{{.Tag}}', '--filter', 'reference=busybox:l*']);
    assert.equal(table.stdout, `IMAGE ID       TAG\n${short}   latest\n`);
    const json = (await run(['image', 'list', '--format', 'json', '--filter', 'reference=*/team/*'])).stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(json.length, 1);
    assert.equal(json[0].Repository, 'localhost:5000/team/app');
    assert.equal(json[0].ID, short);
    assert.equal(json[0].Digest, '<none>');
    assert.deepEqual(Object.keys(json[0]), ['Containers', 'CreatedAt', 'CreatedSince', 'Digest', 'ID', 'Repository', 'SharedSize', 'Size', 'Tag', 'UniqueSize', 'VirtualSize']);
  });

  it('images --digests, label and dangling filters; dangling images hidden without -a', async () => {
    const r = await run(['images', '--digests', 'busybox:1.0']);
    assert.match(r.stdout.split('\n')[0], /^REPOSITORY {3,}TAG {3,}DIGEST {3,}IMAGE ID/);
    assert.match(r.stdout.split('\n')[1], /^busybox {3,}1\.0 {3,}<none> {3,}/);
    assert.equal((await run(['images', '-q', '--filter', 'label=team=core', 'busybox:1.0'])).stdout, `${short}\n`);
    assert.equal((await run(['images', '-q', '--filter', 'label=team=other'])).stdout, '');
    // A second import without a name is dangling.
    const other = path.join(dir, 'small.tar');
    await writeRootfsTar(other, { noBusybox: true, files: { 'etc/x': 'x' } });
    const dangling = (await run(['import', other])).stdout.trim();
    assert.match(dangling, ID);
    assert.ok(!(await run(['images'])).stdout.includes('<none>'));
    const all = await run(['images', '-a']);
    assert.match(all.stdout, new RegExp(`<none> {3,}<none> {3,}${dangling.slice(7, 19)}`));
    assert.equal((await run(['images', '-q', '--filter', 'dangling=true'])).stdout, `${dangling.slice(7, 19)}\n`);
    assert.ok(!(await run(['images', '-q', '--filter', 'dangling=false'])).stdout.includes(dangling.slice(7, 19)));
    assert.equal((await run(['images', '-q', '--filter', `since=${short}`, '--filter', 'dangling=true'])).stdout, `${dangling.slice(7, 19)}\n`);
    assert.equal((await run(['images', '-q', '--filter', `before=${dangling.slice(7, 19)}`, 'busybox:1.0'])).stdout, `${short}\n`);
    const bad = await run(['images', '--filter', 'color=red']);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, "Error: invalid filter 'color'\n");
  });

  it('inspect: docker fields, familiar names, -f templates, missing image', async () => {
    const r = await run(['inspect', 'busybox']);
    assert.equal(r.code, 0);
    const [img] = JSON.parse(r.stdout);
    assert.equal(img.Id, id);
    assert.deepEqual(img.RepoTags.sort(), ['busybox:1.0', 'busybox:latest', 'localhost:5000/team/app:v1']);
    assert.deepEqual(img.RepoDigests, []);
    assert.equal(img.Parent, '');
    assert.equal(img.Comment, 'base rootfs');
    assert.equal(img.Architecture, 'arm64');
    assert.equal(img.Os, 'linux');
    assert.equal(img.Size, statSync(tarFile).size);
    assert.deepEqual(img.Config.Cmd, ['sh']);
    assert.deepEqual(img.Config.Env, ['A=1']);
    assert.deepEqual(img.Config.Labels, { team: 'core' });
    assert.equal(img.RootFS.Type, 'layers');
    assert.equal(img.RootFS.Layers.length, 1);
    assert.ok(img.Metadata.LastTagTime);
    assert.ok(!('GraphDriver' in img));
    const f = await run(['image', 'inspect', '-f', '{{.Os}}/{{.Architecture}} {{json .Config.Cmd}} {{index .Config.Labels "team"}}', 'busybox:1.0']);
    assert.equal(f.stdout, 'linux/arm64 ["sh"] core\n');
    const missing = await run(['inspect', 'busybox', 'nosuch']);
    assert.equal(missing.code, 1);
    assert.equal(JSON.parse(missing.stdout).length, 1);
    assert.equal(missing.stderr, 'Error: No such image: nosuch\n');
    const badTpl = await run(['inspect', '-f', '{{.Os', 'busybox']);
    assert.equal(badTpl.code, 1);
    assert.match(badTpl.stderr, /^Error: template parsing error/);
  });

  it('commit adds a folder as a layer; history shows it newest first', async () => {
    const folder = path.join(dir, 'changes');
    mkdirSync(path.join(folder, 'srv'), { recursive: true });
    writeFileSync(path.join(folder, 'srv', 'app.sh'), '#!/bin/sh\necho app\n', { mode: 0o755 });
    symlinkSync('/srv/app.sh', path.join(folder, 'app'));
    const long = 'a step whose description is long enough that docker cuts it';
    const r = await run(['commit', '-a', 'Jane <jane@example.com>', '-m', long, '-c', 'WORKDIR /srv', '-c', 'ENTRYPOINT ["/app"]', 'busybox:1.0', folder, 'app:2']);
    assert.equal(r.stderr, '');
    const id2 = r.stdout.trim();
    assert.match(id2, ID);
    // Same folder, same base → the same layer (deterministic packing).
    const again = await run(['commit', 'busybox:1.0', folder]);
    const layersOf = async (ref: string) => JSON.parse((await run(['inspect', '-f', '{{json .RootFS.Layers}}', ref])).stdout) as string[];
    const l1 = await layersOf('app:2');
    assert.deepEqual((await layersOf(again.stdout.trim()))[1], l1[1]);
    const h = await run(['history', 'app:2']);
    const lines = h.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^IMAGE {3,}CREATED {3,}CREATED BY {3,}SIZE {3,}COMMENT$/);
    assert.match(lines[1], new RegExp(`^${id2.slice(7, 19)} {3,}.* ago {3,}commit {3,}\\S+ {3,}a step whose description is long enough that docker cuts it$`));
    assert.match(lines[2], /^<missing> {3,}.* ago {3,}import {3,}\S+MB {3,}base rootfs$/);
    const raw = await run(['history', '-H=false', '--format', '{{.CreatedSince}}|{{.Size}}|{{.Comment}}', 'app:2']);
    const [top, base] = raw.stdout.trim().split('\n').map((l) => l.split('|'));
    assert.match(top[0], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(base[1], String(statSync(tarFile).size));
    assert.equal((await run(['history', '-q', 'app:2'])).stdout, `${id2.slice(7, 19)}\n<missing>\n`);
    const inspect = JSON.parse((await run(['inspect', 'app:2'])).stdout)[0];
    assert.equal(inspect.Author, 'Jane <jane@example.com>');
    assert.equal(inspect.Config.WorkingDir, '/srv');
    assert.deepEqual(inspect.Config.Entrypoint, ['/app']);
    assert.equal(inspect.Config.Cmd, null);
  });

  it('history: empty_layer rows are 0B, CREATED BY cut at 45 columns unless --no-trunc', async () => {
    // An image whose config carries a Dockerfile-style history, written straight into the store.
    const st = await Store.open(store);
    const base = await resolveImage(st, 'app:2');
    const createdBy = `/bin/sh -c #(nop)  CMD ["sh" "-c" "${'x'.repeat(60)}"]`;
    const config = {
      ...base.config,
      history: [
        { created: '2024-01-01T00:00:00Z', created_by: 'import' },
        { created: '2024-01-02T00:00:00Z', created_by: createdBy, empty_layer: true },
        { created: '2024-01-03T00:00:00Z', created_by: 'commit' },
      ],
    };
    const cfg = await st.blobs.writeJson(config);
    const manifest = { ...base.manifest, config: { ...base.manifest.config, digest: cfg.digest, size: cfg.size } };
    const m = await st.blobs.writeJson(manifest);
    await st.updateIndex((i) => setTag(i, { mediaType: MediaType.ociManifest, digest: m.digest, size: m.size }, 'docker.io/library/hist:1'));
    const out = (await run(['history', '--format', '{{.ID}}|{{.CreatedBy}}|{{.Size}}', 'hist:1'])).stdout.trim().split('\n').map((l) => l.split('|'));
    assert.equal(out.length, 3);
    assert.equal(out[0][0], cfg.digest.slice(7, 19));
    assert.equal(out[1][0], '<missing>');
    assert.equal(out[1][1], `${[...createdBy].slice(0, 44).join('')}…`);
    assert.equal(out[1][2], '0B');
    assert.notEqual(out[2][2], '0B');
    const full = (await run(['history', '--no-trunc', '--format', '{{.CreatedBy}}', 'hist:1'])).stdout.split('\n');
    assert.equal(full[1], createdBy);
    assert.equal((await run(['rmi', 'hist:1'])).code, 0);
  });

  it('rmi: conflict across repositories, untag by name, delete by ID with Deleted lines', async () => {
    const conflict = await run(['rmi', short]);
    assert.equal(conflict.code, 1);
    assert.equal(conflict.stderr, `Error: conflict: unable to delete ${short} (must be forced) - image is referenced in multiple repositories\n`);
    const untag = await run(['rmi', 'localhost:5000/team/app:v1']);
    assert.equal(untag.stdout, 'Untagged: localhost:5000/team/app:v1\n');
    // Several arguments: errors are per argument, the rest still happens.
    const mixed = await run(['image', 'rm', 'nosuch:1', 'busybox:latest']);
    assert.equal(mixed.code, 1);
    assert.equal(mixed.stdout, 'Untagged: busybox:latest\n');
    assert.equal(mixed.stderr, 'Error: No such image: nosuch:1\n');
    // Now only busybox:1.0 names it: by ID untags and deletes; layers shared with app:2 stay.
    const del = await run(['rmi', short]);
    assert.equal(del.code, 0);
    const lines = del.stdout.trim().split('\n');
    assert.equal(lines[0], 'Untagged: busybox:1.0');
    assert.equal(lines[1], `Deleted: ${id}`);
    assert.equal(lines.length, 3); // + the manifest; the layer is still used by app:2
    assert.match(lines[2], /^Deleted: sha256:[a-f0-9]{64}$/);
    assert.equal((await run(['images', '-q', 'busybox'])).stdout, '');
  });

  it('rmi -f removes an image named in several repositories', async () => {
    await run(['tag', 'app:2', 'other/app:x']);
    assert.equal((await run(['rmi', 'app:2'])).stdout, 'Untagged: app:2\n');
    await run(['tag', 'other/app:x', 'third:y']);
    const idOf = (await run(['images', '-q', 'third:y'])).stdout.trim();
    const r = await run(['rmi', '-f', idOf]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Untagged: other\/app:x\nUntagged: third:y\nDeleted: sha256:/);
  });

  it('system df: Images row with 4 significant digits, -v shared/unique sizes', async () => {
    const r = await run(['system', 'df']);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^TYPE {3,}TOTAL {3,}ACTIVE {3,}SIZE {3,}RECLAIMABLE$/);
    assert.match(lines[1], /^Images {3,}\d+ {3,}0 {3,}[\d.]+[kMG]?B {3,}[\d.]+[kMG]?B \(100%\)$/);
    const v = await run(['system', 'df', '-v']);
    assert.match(v.stdout, /^Images space usage:\n\nREPOSITORY {3,}TAG {3,}IMAGE ID {3,}CREATED {3,}SIZE {3,}SHARED SIZE {3,}UNIQUE SIZE {3,}CONTAINERS\n/);
    const f = await run(['system', 'df', '--format', '{{.Type}} {{.TotalCount}}']);
    assert.match(f.stdout, /^Images \d+\n$/);
  });

  it('image prune asks first; -a -f removes everything and reports reclaimed space', async () => {
    assert.equal((await run(['import', tarFile, 'keep:1'])).code, 0);
    const before = readFileSync(path.join(store, 'index.json'), 'utf8');
    const no = await run(['image', 'prune'], 'n\n');
    assert.equal(no.stdout, 'WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] \n');
    assert.equal(readFileSync(path.join(store, 'index.json'), 'utf8'), before);
    const dangling = await run(['image', 'prune'], 'y\n');
    assert.match(dangling.stdout, /Deleted Images:\ndeleted: sha256:[a-f0-9]{64}\n/);
    assert.match(dangling.stdout, /\nTotal reclaimed space: [\d.]+[kM]?B\n$/);
    assert.deepEqual((await run(['images', '-aq', '--format', '{{.Repository}}:{{.Tag}}'])).stdout, 'keep:1\n');
    const all = await run(['image', 'prune', '-a', '-f']);
    assert.match(all.stdout, /^Deleted Images:\n(untagged: .*\n)+(deleted: sha256:[a-f0-9]{64}\n)+\nTotal reclaimed space: [\d.]+[kM]?B\n$/);
    assert.equal((await run(['images', '-aq'])).stdout, '');
    assert.deepEqual(JSON.parse(readFileSync(path.join(store, 'index.json'), 'utf8')).manifests, []);
    const empty = await run(['system', 'prune', '-f']);
    assert.equal(empty.stdout, 'Total reclaimed space: 0B\n');
    const check = await run(['system', 'check']);
    assert.equal(check.code, 0);
    assert.match(check.stdout, /0 index entries, 0 blobs checked: OK/);
  });
});
