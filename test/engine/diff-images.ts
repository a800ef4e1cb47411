// Two hand-made images over one shared base layer, for the image-diff tests (engine and CLI):
//   base:  /etc/conf, /etc/gone, /bin/tool (0755), /link → etc/conf, /cache/{a,b}, /olddir/x,
//          the empty folder /emptyold, /keep
//   one:   base + /a-only;                      CMD ["sh"], ENV MODE=dev, LABEL v=1
//   two:   base + whiteout of /etc/gone, /bin/tool as 0700 (same bytes and time), /link → etc/other,
//          /etc/other, /cache opaque with a new /cache/c, whiteouts of /olddir and /emptyold,
//          an empty /newdir, /app/main;          ENV MODE=prod, USER app, EXPOSE 8080, LABEL v=2 extra=x
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { commitImage } from '../../src/engine/ops/commit';
import { importImage } from '../../src/engine/ops/import';
import { Store } from '../../src/engine/store/store';
import { LayerMember, layerTar } from '../helpers/layer-tar';

async function tarFile(dir: string, name: string, members: LayerMember[]): Promise<string> {
  const file = path.join(dir, name);
  writeFileSync(file, await layerTar(members));
  return file;
}

export async function storeDiffImages(store: Store, dir: string): Promise<void> {
  const base = await tarFile(dir, 'base.tar', [
    { name: 'etc/', type: 'directory' },
    { name: 'etc/conf', data: 'conf' },
    { name: 'etc/gone', data: 'gone!' },
    { name: 'bin/', type: 'directory' },
    { name: 'bin/tool', data: 'tool-bytes', mode: 0o755 },
    { name: 'link', type: 'symlink', linkname: 'etc/conf' },
    { name: 'cache/', type: 'directory' },
    { name: 'cache/a', data: 'aaa' },
    { name: 'cache/b', data: 'bbbb' },
    { name: 'olddir/', type: 'directory' },
    { name: 'olddir/x', data: 'x' },
    { name: 'emptyold/', type: 'directory' },
    { name: 'keep', data: 'keep' },
  ]);
  const one = await tarFile(dir, 'one.tar', [{ name: 'a-only', data: '12345678' }]);
  const two = await tarFile(dir, 'two.tar', [
    { name: 'etc/.wh.gone' },
    { name: 'etc/other', data: 'other-conf' },
    { name: 'bin/tool', data: 'tool-bytes', mode: 0o700 },
    { name: 'link', type: 'symlink', linkname: 'etc/other' },
    { name: 'cache/', type: 'directory' },
    { name: 'cache/.wh..wh..opq' },
    { name: 'cache/c', data: 'c' },
    { name: '.wh.olddir' },
    { name: '.wh.emptyold' },
    { name: 'newdir/', type: 'directory' },
    { name: 'app/', type: 'directory' },
    { name: 'app/main', data: Buffer.alloc(2000, 1) },
  ]);
  await importImage(store, { source: base, reference: 'diffbase:1', platform: 'linux/amd64' });
  await commitImage(store, { image: 'diffbase:1', source: one, reference: 'diff:one', changes: ['CMD ["sh"]', 'ENV MODE=dev', 'LABEL v=1'] });
  await commitImage(store, { image: 'diffbase:1', source: two, reference: 'diff:two', changes: ['ENV MODE=prod', 'USER app', 'EXPOSE 8080', 'LABEL v=2 extra=x'] });
}

/** Paths of the comparison one → two. */
export const EXPECTED_PATHS = {
  added: ['/app/main', '/cache/c', '/etc/other', '/newdir'],
  deleted: ['/a-only', '/cache/a', '/cache/b', '/emptyold', '/etc/gone', '/olddir/x'],
  modified: ['/bin/tool', '/link'],
};

export const EXPECTED_CONFIG = [
  { field: 'Cmd', before: '["sh"]', after: null },
  { field: 'User', before: null, after: 'app' },
  { field: 'ExposedPorts', before: null, after: '8080/tcp' },
  { field: 'Env[MODE]', before: 'dev', after: 'prod' },
  { field: 'Labels[extra]', before: null, after: 'x' },
  { field: 'Labels[v]', before: '1', after: '2' },
];
