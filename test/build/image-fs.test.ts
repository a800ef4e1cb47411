// The merged file system of an image's layers, as the build and the image diff read it: the
// last layer to write a path wins, and whiteouts remove what the layers below had, never what
// their own layer writes, wherever they stand in the tar.
import { strict as assert } from 'node:assert';
import { Descriptor } from '../../src/engine/image/types';
import { readImageFs } from '../../src/engine/build/image-fs';
import { Store } from '../../src/engine/store/store';
import { LayerMember, storeLayer } from '../helpers/layer-tar';
import { tempDir } from '../helpers/tmp';

async function layers(store: Store, ...contents: LayerMember[][]): Promise<Descriptor[]> {
  const out: Descriptor[] = [];
  for (const members of contents) {
    const digest = await storeLayer(store, members);
    out.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest, size: (await store.blobs.size(digest)) ?? 0 });
  }
  return out;
}

describe('image file system from layers', () => {
  it('applies whiteouts to lower layers only, before or after the entries of their own layer', async () => {
    const store = await Store.open(tempDir('lading-imagefs-'));
    const ls = await layers(
      store,
      [{ name: 'opq/old', data: 'lower' }, { name: 'wh/gone', data: 'lower' }, { name: 'wh/kept', data: 'lower' }, { name: 'swap', data: 'a file below' }],
      [
        // Written before the opaque marker of its own folder: it stays; the lower file goes.
        { name: 'opq/new', data: 'upper' },
        { name: 'opq/.wh..wh..opq' },
        { name: 'wh/.wh.gone' },
        // A path replaced in one layer: its whiteout after the new folder must not remove it.
        { name: 'swap/', type: 'directory' },
        { name: 'swap/inside', data: 'upper' },
        { name: '.wh.swap' },
      ],
    );
    const tree = await readImageFs(store, ls);
    const files = [...tree.keys()].filter((k) => tree.get(k)?.type !== 'directory').sort();
    assert.deepEqual(files, ['opq/new', 'swap/inside', 'wh/kept']);
    assert.equal(tree.get('swap')?.type, 'directory');
  });
});
