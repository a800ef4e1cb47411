// FROM and COPY --from of images the store does not have: pulled from a real registry on
// 127.0.0.1, then built on.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { lading } from '../helpers/cli';
import { writeRootfsTar } from '../helpers/rootfs';
import { tempDir } from '../helpers/tmp';
import { RegistryServer, haveRegistry, startRegistry } from '../fixtures/registry/registry-server';
import { imageFiles } from './image-files';

describe('lading build with images from a registry', function () {
  this.timeout(120000);
  let registry: RegistryServer | undefined;
  const dir = tempDir();

  before(async function () {
    if (!haveRegistry()) this.skip();
    registry = await startRegistry();
    const source = path.join(dir, 'source-store');
    const tar = path.join(dir, 'rootfs.tar');
    await writeRootfsTar(tar, { files: { 'etc/motd': 'from the registry\n' } });
    const imp = await lading(['import', '-c', 'CMD ["sh"]', tar, `${registry.host}/base/busybox:1`], { store: source });
    assert.equal(imp.code, 0, imp.stderr);
    const push = await lading(['push', `${registry.host}/base/busybox:1`], { store: source });
    assert.equal(push.code, 0, push.stderr);
  });

  after(async () => {
    await registry?.stop();
  });

  it('pulls FROM and COPY --from images that are not in the store', async () => {
    const host = (registry as RegistryServer).host;
    const ctx = path.join(dir, 'ctx');
    mkdirSync(ctx);
    writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${host}/base/busybox:1\nCOPY --from=${host}/base/busybox:1 /etc/motd /copied/motd\nENV BUILT=1\n`);
    const store = path.join(dir, 'fresh-store');
    const r = await lading(['build', '--pull', '-t', 'pulled:1', ctx], { store });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Step 1\/3 : FROM 127\.0\.0\.1:\d+\/base\/busybox:1\n/);
    assert.match(r.stdout, /Status: Downloaded newer image for 127\.0\.0\.1:\d+\/base\/busybox:1/);
    const files = await imageFiles(store, 'docker.io/library/pulled:1');
    assert.equal(files.get('copied/motd')?.data.toString(), 'from the registry\n');
    assert.ok(files.get('bin/busybox'));
    const images = await lading(['images', '--format', '{{.Repository}}:{{.Tag}}'], { store });
    assert.deepEqual(images.stdout.trim().split('\n').sort(), [`${host}/base/busybox:1`, 'pulled:1']);
  });
});
