// The pure parts behind the Images view: history/layer pairing, grouping and sorting, and the
// listing of a layer's files (whiteouts included).
import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { layerTar } from '../helpers/layer-tar';
import { ImageConfig, Manifest } from '../../src/engine/image/types';
import { StoredImage } from '../../src/engine/store/images';
import { arrangeImages } from '../../src/extension/images/image-groups';
import { instructionText, layerRows } from '../../src/extension/images/layer-rows';
import { listLayer, readLayerFile } from '../../src/extension/layerfs/layer-listing';

const layer = (n: number) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${String(n).repeat(64)}`, size: n * 100 });

function image(tags: string[], created: string, size: number, id = 'a'): StoredImage {
  const config = { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } } as ImageConfig;
  const manifest = { schemaVersion: 2, config: layer(9), layers: [] } as Manifest;
  return { id: `sha256:${id.repeat(64)}`, config, manifest, manifestDescriptor: layer(8), entries: [], repoTags: tags, repoDigests: [], size, created: new Date(created) };
}

function tarOf(entries: { name: string; type?: 'file' | 'directory' | 'symlink' | 'link'; body?: string; linkname?: string }[]): Promise<Buffer> {
  return layerTar(entries.map(({ body, ...e }) => ({ ...e, data: body })));
}

describe('layer rows', () => {
  it('pairs non-empty history entries with layers in order and keeps empty ones as rows', () => {
    const config = {
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: ['sha256:d1', 'sha256:d2'] },
      history: [{ created_by: '/bin/sh -c #(nop) ADD file:x in / ' }, { created_by: 'ENV A=b', empty_layer: true }, { created_by: '/bin/sh -c apk add curl' }],
    } as ImageConfig;
    const rows = layerRows(config, { schemaVersion: 2, config: layer(9), layers: [layer(1), layer(2)] });
    assert.deepEqual(rows.map((r) => [r.layer?.digest.slice(7, 8), r.diffId]), [['1', 'sha256:d1'], [undefined, undefined], ['2', 'sha256:d2']]);
    assert.equal(instructionText(rows[0].history?.created_by), 'ADD file:x in /');
    assert.equal(instructionText(rows[2].history?.created_by), 'RUN apk add curl');
  });

  it('lists layers that the history does not account for', () => {
    const rows = layerRows({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } } as ImageConfig, { schemaVersion: 2, config: layer(9), layers: [layer(1), layer(2)] });
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => r.layer && !r.history));
  });
});

describe('image grouping', () => {
  const images = [
    image(['docker.io/library/busybox:latest', 'docker.io/library/busybox:1.36'], '2024-01-01T00:00:00Z', 5, 'a'),
    image(['localhost:5000/app:1'], '2025-01-01T00:00:00Z', 50, 'b'),
    image([], '2023-01-01T00:00:00Z', 1, 'c'),
  ];

  it('groups by repository with familiar names, dangling images hidden unless asked', () => {
    const groups = arrangeImages(images, { groupBy: 'repository', sortBy: 'name', showDangling: false });
    assert.deepEqual(groups.map((g) => [g.label, g.entries.map((e) => e.tag)]), [['busybox', ['1.36', 'latest']], ['localhost:5000/app', ['1']]]);
    const withDangling = arrangeImages(images, { groupBy: 'repository', sortBy: 'name', showDangling: true });
    assert.equal(withDangling.at(-1)!.label, '<none>');
  });

  it('groups by registry, sorts by size, and filters by name or ID prefix', () => {
    const byRegistry = arrangeImages(images, { groupBy: 'registry', sortBy: 'size', showDangling: false });
    assert.deepEqual(byRegistry.map((g) => g.label), ['docker.io', 'localhost:5000']);
    const flat = arrangeImages(images, { groupBy: 'none', sortBy: 'size', showDangling: true });
    assert.deepEqual(flat[0].entries.map((e) => e.image.size), [50, 5, 5, 1]);
    assert.deepEqual(arrangeImages(images, { groupBy: 'none', sortBy: 'created', showDangling: true, filter: 'bbbb' })[0].entries.map((e) => e.familiar), ['localhost:5000/app:1']);
    assert.deepEqual(arrangeImages(images, { groupBy: 'none', sortBy: 'created', showDangling: false, filter: 'busy' })[0].entries.length, 2);
  });
});

describe('layer listing', () => {
  it('builds a folder tree, marks whiteouts and opaque folders, reads files and hard links', async () => {
    const data = gzipSync(
      await tarOf([
        { name: 'etc/', type: 'directory' },
        { name: 'etc/hosts', body: '127.0.0.1 localhost\n' },
        { name: 'etc/.wh.motd' },
        { name: 'var/cache/.wh..wh..opq' },
        { name: 'usr/bin/tool', body: 'binary' },
        { name: 'usr/bin/alias', type: 'link', linkname: 'usr/bin/tool' },
        { name: './bin/sh', type: 'symlink', linkname: 'busybox' },
      ]),
    );
    const root = await listLayer(Readable.from([data]));
    const etc = root.children!.get('etc')!;
    assert.equal(etc.children!.get('hosts')!.size, 20);
    assert.equal(etc.children!.get('motd')!.whiteout, 'file');
    assert.equal(root.children!.get('var')!.children!.get('cache')!.whiteout, 'opaque');
    assert.equal(root.children!.get('bin')!.children!.get('sh')!.linkname, 'busybox');
    assert.equal((await readLayerFile(() => Readable.from([data]), '/etc/hosts')).toString(), '127.0.0.1 localhost\n');
    assert.equal((await readLayerFile(() => Readable.from([data]), 'usr/bin/alias')).toString(), 'binary');
    await assert.rejects(readLayerFile(() => Readable.from([data]), 'nope'), /not a regular file/);
  });

  it('reads names as docker applies a layer: absolute ones from the root, escaping ones nowhere', async () => {
    const data = await tarOf([
      { name: '/abs/file', body: 'absolute' },
      { name: '../../evil', body: 'escaped' },
      { name: 'etc/../../evil2', body: 'escaped' },
      { name: 'ok/../fine', body: 'inside' },
    ]);
    const root = await listLayer(Readable.from([data]));
    assert.deepEqual([...root.children!.keys()].sort(), ['abs', 'fine']);
    assert.equal((await readLayerFile(() => Readable.from([data]), 'abs/file')).toString(), 'absolute');
    // Not found under its clamped name (evil) nor under its own.
    await assert.rejects(readLayerFile(() => Readable.from([data]), 'evil'), /not a regular file/);
    await assert.rejects(readLayerFile(() => Readable.from([data]), '../../evil'), /not a regular file/);
  });
});
