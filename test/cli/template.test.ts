import * as assert from 'node:assert/strict';
import { compileTemplate, struct } from '../../src/cli/format/template';
import { renderFormatted, tabwrite } from '../../src/cli/format/table';

const run = (src: string, data: unknown) => compileTemplate(src).execute(data);

describe('Go template subset', () => {
  const data = {
    Name: 'busybox',
    Tags: ['1.36', 'latest'],
    Config: { Labels: { 'org.opencontainers.image.version': '1.36', maintainer: 'me' }, Env: ['A=1'], Empty: [] },
    Size: 42,
    Flag: false,
  };

  it('fields, nested fields and literal text', () => {
    assert.equal(run('name={{.Name}} env={{.Config.Env}}', data), 'name=busybox env=[A=1]');
  });
  it('json of a field and of dot', () => {
    assert.equal(run('{{json .Tags}}', data), '["1.36","latest"]');
    assert.equal(run('{{json .Config.Labels}}', data), '{"org.opencontainers.image.version":"1.36","maintainer":"me"}');
    assert.deepEqual(JSON.parse(run('{{json .}}', data)), data);
  });
  it('index with a dotted key', () => {
    assert.equal(run('{{index .Config.Labels "org.opencontainers.image.version"}}', data), '1.36');
    assert.equal(run('{{index .Tags 1}}', data), 'latest');
  });
  it('range over a list and a map (sorted keys), with variables', () => {
    assert.equal(run('{{range .Tags}}<{{.}}>{{end}}', data), '<1.36><latest>');
    assert.equal(run('{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}', data), 'maintainer=me;org.opencontainers.image.version=1.36;');
    assert.equal(run('{{range .Config.Empty}}x{{else}}none{{end}}', data), 'none');
  });
  it('if / else if / else', () => {
    assert.equal(run('{{if .Flag}}yes{{else}}no{{end}}', data), 'no');
    assert.equal(run('{{if .Flag}}a{{else if .Name}}b{{else}}c{{end}}', data), 'b');
    assert.equal(run('{{if eq .Name "busybox"}}same{{end}}', data), 'same');
  });
  it('join, upper, lower, printf, println, len, pipes', () => {
    assert.equal(run('{{join .Tags ","}}', data), '1.36,latest');
    assert.equal(run('{{upper .Name}} {{lower "ABC"}}', data), 'BUSYBOX abc');
    assert.equal(run('{{printf "%-10s|%5d" .Name .Size}}', data), 'busybox   |   42');
    assert.equal(run('{{println .Name}}', data), 'busybox\n');
    assert.equal(run('{{len .Tags}}', data), '2');
    assert.equal(run('{{.Name | upper}}', data), 'BUSYBOX');
    assert.equal(run('{{.Tags | json}}', data), '["1.36","latest"]');
  });
  it('trim markers', () => {
    assert.equal(run('a  {{- .Name -}}  b', data), 'abusyboxb');
  });
  it('missing map key prints <no value>; missing struct field is an error', () => {
    assert.equal(run('{{.Nope}}', data), '<no value>');
    assert.throws(() => run('{{.Nope}}', struct({ A: 1 })), /can't evaluate field Nope/);
  });
  it('bad templates give a clear parse error', () => {
    assert.throws(() => compileTemplate('{{.Name'), /template parsing error/);
    assert.throws(() => compileTemplate('{{range .Tags}}x'), /template parsing error.*unexpected EOF/);
    assert.throws(() => compileTemplate('{{end}}'), /template parsing error/);
    assert.throws(() => run('{{nosuchfn .Name}}', data), /function "nosuchfn" not defined/);
  });
});

describe('table output', () => {
  it('tabwrite pads columns to widest + 3, at least 10, last column unpadded', () => {
    assert.equal(tabwrite('REPOSITORY\tTAG\tSIZE\nbusybox\tlatest\t4MB'), 'REPOSITORY   TAG       SIZE\nbusybox      latest    4MB');
  });
  it('table directive renders docker header names', () => {
    const headers = { Repository: 'REPOSITORY', ID: 'IMAGE ID' };
    const out = renderFormatted({ format: 'table {{.Repository}}\\t{{.ID}}', defaultFormat: '', headers }, [struct({ Repository: 'a', ID: '123' })]);
    assert.equal(out, 'REPOSITORY   IMAGE ID\na            123\n');
  });
  it('json format: one object per line', () => {
    const out = renderFormatted({ format: 'json', defaultFormat: '', headers: {} }, [struct({ A: 1 }), struct({ A: 2 })]);
    assert.equal(out, '{"A":1}\n{"A":2}\n');
  });
  it('header functions pass field names through (json/upper in a table)', () => {
    const out = renderFormatted({ format: 'table {{upper .Repository}}', defaultFormat: '', headers: { Repository: 'REPOSITORY' } }, [struct({ Repository: 'x' })]);
    assert.equal(out, 'REPOSITORY\nX\n');
  });
});
