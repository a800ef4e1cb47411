import * as assert from 'node:assert/strict';
import { parseArgs, FlagSpec } from '../../src/cli/args';

const specs: FlagSpec[] = [
  { name: 'all', short: 'a', type: 'bool', description: '' },
  { name: 'quiet', short: 'q', type: 'bool', description: '' },
  { name: 'human', short: 'H', type: 'bool', default: true, description: '' },
  { name: 'filter', short: 'f', type: 'strings', description: '' },
  { name: 'format', type: 'string', description: '' },
];

describe('docker-style argument parsing', () => {
  it('combined short bools, repeated filters, --flag=value', () => {
    const p = parseArgs(['-aq', '--filter', 'dangling=true', '-f', 'label=a=b', '--format={{.ID}}', 'busybox'], specs);
    assert.equal(p.flags.all, true);
    assert.equal(p.flags.quiet, true);
    assert.deepEqual(p.flags.filter, ['dangling=true', 'label=a=b']);
    assert.equal(p.flags.format, '{{.ID}}');
    assert.deepEqual(p.args, ['busybox']);
  });
  it('-H=false turns off a default-true bool', () => {
    assert.equal(parseArgs([], specs).flags.human, true);
    assert.equal(parseArgs(['-H=false'], specs).flags.human, false);
    assert.equal(parseArgs(['--human=false'], specs).flags.human, false);
  });
  it('unknown flags and missing values are errors', () => {
    assert.throws(() => parseArgs(['--nope'], specs), /unknown flag: --nope/);
    assert.throws(() => parseArgs(['-z'], specs), /unknown shorthand flag: 'z'/);
    assert.throws(() => parseArgs(['--format'], specs), /flag needs an argument/);
  });
  it('-- ends the flags', () => {
    assert.deepEqual(parseArgs(['--', '-a'], specs).args, ['-a']);
  });
});
