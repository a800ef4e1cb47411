import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { readEntryBody, walkLayerEntries } from '../../src/engine/archive/layer-entries';
import { CancelledError } from '../../src/engine/errors';
import { tempDir } from '../helpers/tmp';
import { writeTar } from './tar-util';

const big = Buffer.alloc(3 * 1024 * 1024, 7);

async function layerTar(): Promise<Buffer> {
  const file = path.join(tempDir(), 'layer.tar');
  await writeTar(file, [
    { name: 'etc/', type: 'directory' },
    { name: 'etc/hosts', data: '127.0.0.1 localhost\n' },
    { name: 'usr/lib/big.bin', data: big },
    { name: 'usr/bin/alias', type: 'link', linkname: 'etc/hosts' },
    { name: 'etc/.wh.motd', data: '' },
  ]);
  return readFileSync(file);
}

function sha256(b: Buffer): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

describe('walking layer entries', () => {
  let plain: Buffer;
  before(async () => {
    plain = await layerTar();
  });

  it('visits every entry in order through gzip, drains unread bodies and hashes the tar only when asked', async () => {
    const names: string[] = [];
    let hosts = '';
    const walked = await walkLayerEntries(Readable.from([gzipSync(plain)]), async (h, body) => {
      names.push(h.name);
      if (h.name === 'etc/hosts') hosts = (await readEntryBody(body)).toString();
      // big.bin is left unread: the walk must drain it rather than stall.
    }, { diffId: true });
    assert.deepEqual(names, ['etc/', 'etc/hosts', 'usr/lib/big.bin', 'usr/bin/alias', 'etc/.wh.motd']);
    assert.equal(hosts, '127.0.0.1 localhost\n');
    assert.equal(walked.compression, 'gzip');
    assert.equal(walked.diffId, sha256(plain));
    assert.equal(walked.size, plain.length);

    const unhashed = await walkLayerEntries(Readable.from([plain]), () => undefined);
    assert.deepEqual(unhashed, { compression: 'none' });
  });

  it('reads zstd layers when this machine can decompress them', async function () {
    const z = spawnSync('zstd', ['-q', '-c'], { input: plain });
    if (z.status !== 0) this.skip();
    const walked = await walkLayerEntries(Readable.from([z.stdout]), async (h, body) => {
      if (h.name === 'usr/lib/big.bin') assert.ok((await readEntryBody(body)).equals(big));
    }, { diffId: true });
    assert.equal(walked.compression, 'zstd');
    assert.equal(walked.diffId, sha256(plain));
  });

  it('ends with the error a handler throws, without visiting later entries', async () => {
    const names: string[] = [];
    await assert.rejects(
      walkLayerEntries(Readable.from([plain]), (h) => {
        names.push(h.name);
        if (h.name === 'usr/lib/big.bin') throw new Error('refused big.bin');
      }),
      /refused big\.bin/,
    );
    assert.deepEqual(names, ['etc/', 'etc/hosts', 'usr/lib/big.bin']);
  });

  it('fails on a truncated gzip layer and on an abort', async () => {
    const gz = gzipSync(plain);
    await assert.rejects(walkLayerEntries(Readable.from([gz.subarray(0, gz.length >> 1)]), () => undefined));

    const ac = new AbortController();
    await assert.rejects(
      walkLayerEntries(Readable.from([plain]), (h) => {
        if (h.name === 'etc/hosts') ac.abort();
      }, { signal: ac.signal }),
      (e: unknown) => e instanceof CancelledError,
    );
    const before = new AbortController();
    before.abort();
    await assert.rejects(walkLayerEntries(Readable.from([plain]), () => undefined, { signal: before.signal }), CancelledError);
  });
});
