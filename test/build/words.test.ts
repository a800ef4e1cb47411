// docker's word processing and .dockerignore matching, as pure functions.
import * as assert from 'node:assert/strict';
import { keyValuePairs, processWord, splitRawWords } from '../../src/engine/build/expand';
import { IgnoreMatcher } from '../../src/engine/build/dockerignore';

describe('build variable expansion', () => {
  const vars = new Map([
    ['NAME', 'app'],
    ['EMPTY', ''],
  ]);

  it('expands $VAR, ${VAR} and the :- :+ - + modifiers like docker', () => {
    assert.equal(processWord('/srv/$NAME/${NAME}.conf', vars), '/srv/app/app.conf');
    assert.equal(processWord('${MISSING:-fallback}', vars), 'fallback');
    assert.equal(processWord('${EMPTY:-fallback}', vars), 'fallback');
    assert.equal(processWord('${EMPTY-fallback}', vars), '');
    assert.equal(processWord('${NAME:+set}', vars), 'set');
    assert.equal(processWord('${EMPTY:+set}', vars), '');
    assert.equal(processWord('${EMPTY+set}', vars), 'set');
    assert.equal(processWord('${MISSING:-${NAME}-x}', vars), 'app-x');
    assert.equal(processWord('$MISSING.txt', vars), '.txt');
    assert.throws(() => processWord('${MISSING:?must be set}', vars), /MISSING: must be set/);
  });

  it('handles quotes and the escape character (also the backtick escape directive)', () => {
    assert.equal(processWord("'$NAME'", vars), '$NAME');
    assert.equal(processWord('"a $NAME"', vars), 'a app');
    assert.equal(processWord('\\$NAME', vars), '$NAME');
    assert.equal(processWord('"a\\"b"', vars), 'a"b');
    assert.equal(processWord('`$NAME', vars, '`'), '$NAME');
    assert.equal(processWord('C:\\dir', vars, '`'), 'C:\\dir');
    assert.deepEqual(splitRawWords('a "b c" d\\ e'), ['a', '"b c"', 'd\\ e']);
  });

  it('splits KEY=VALUE pairs and the legacy "KEY value" form', () => {
    assert.deepEqual(keyValuePairs('ENV', 'A=1 B="two words" C=${NAME}', vars), [['A', '1'], ['B', 'two words'], ['C', 'app']]);
    assert.deepEqual(keyValuePairs('ENV', 'GREETING hello   big world', vars), [['GREETING', 'hello   big world']]);
    assert.throws(() => keyValuePairs('LABEL', '=x', vars), /names can not be blank/);
  });
});

describe('.dockerignore matching', () => {
  const m = new IgnoreMatcher('# comment\n*.md\n!README.md\n**/node_modules\nbuild/\n/tmp?/x\n[ab].txt\n');

  it('matches at the root, with ** at any depth, folders with their contents, and ! exceptions', () => {
    assert.equal(m.ignores('notes.md'), true);
    assert.equal(m.ignores('docs/notes.md'), false, '*.md is anchored at the root, as in docker');
    assert.equal(m.ignores('README.md'), false);
    assert.equal(m.ignores('node_modules/x/index.js'), true);
    assert.equal(m.ignores('a/b/node_modules'), true);
    assert.equal(m.ignores('build/out/app.js'), true);
    assert.equal(m.ignores('tmp1/x'), true);
    assert.equal(m.ignores('tmp12/x'), false);
    assert.equal(m.ignores('a.txt'), true);
    assert.equal(m.ignores('c.txt'), false);
    assert.equal(m.ignores('src/app.js'), false);
  });
});
