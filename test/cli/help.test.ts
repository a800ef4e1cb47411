// Usage texts: docker's management commands (`lading image`, `lading system`, `lading builder`)
// list what is under them, and the main help names them.
import { strict as assert } from 'node:assert';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

describe('CLI usage of management commands', () => {
  const store = tempDir('lading-help-');

  it('lading image (alone or --help) lists its commands and exits 0', async () => {
    for (const args of [['image'], ['image', '--help']]) {
      const r = await lading(args, { store });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Usage: {2}lading image COMMAND\n\nManage images\n\nCommands:\n/);
      for (const sub of ['ls', 'rm', 'pull', 'push', 'prune', 'inspect', 'history', 'save', 'load', 'tag', 'build']) {
        assert.match(r.stdout, new RegExp(`^ {2}${sub} +\\S`, 'm'), sub);
      }
    }
  });

  it('lading system lists check, df and prune; the main help lists the groups', async () => {
    const r = await lading(['system'], { store });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([...r.stdout.matchAll(/^ {2}(\w+) /gm)].map((m) => m[1]), ['check', 'df', 'prune']);
    const main = await lading(['--help'], { store });
    assert.match(main.stdout, /\nManagement Commands:\n {2}builder +Manage builds\n {2}image +Manage images\n {2}system +Manage the image store\n/);
  });

  it('an unknown subcommand is still an error', async () => {
    const r = await lading(['image', 'nope'], { store });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "lading: 'image nope' is not a lading command.\nSee 'lading --help'\n");
  });
});
