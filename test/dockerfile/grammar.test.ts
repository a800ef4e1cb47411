import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, IGrammar, Registry, parseRawGrammar } from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const GRAMMAR = path.join(ROOT, 'syntaxes', 'dockerfile.tmLanguage.json');

let grammar: IGrammar;

/** Tokenizes the lines; returns for each line the tokens with their text and scopes. */
function tokenize(text: string): { text: string; scopes: string[] }[][] {
  let state = INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** Scopes of the first token on `line` whose text contains `needle` (searching tokens by start). */
function scopesOf(lines: ReturnType<typeof tokenize>, line: number, needle: string): string[] {
  const joined = lines[line].map((t) => t.text).join('');
  const at = joined.indexOf(needle);
  assert.ok(at >= 0, `${needle} not on line ${line}: ${joined}`);
  let pos = 0;
  for (const t of lines[line]) {
    if (pos <= at && at < pos + t.text.length) return t.scopes;
    pos += t.text.length;
  }
  throw new Error('unreachable');
}

function expectScope(lines: ReturnType<typeof tokenize>, line: number, needle: string, scope: string): void {
  const scopes = scopesOf(lines, line, needle);
  assert.ok(scopes.some((s) => s.startsWith(scope)), `"${needle}" on line ${line} has ${scopes.join(' ')}, expected ${scope}`);
}

describe('dockerfile grammar', () => {
  before(async () => {
    const wasm = fs.readFileSync(path.join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
    const registry = new Registry({
      onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
      // The embedded shell grammar belongs to VS Code; without it the fallback patterns apply.
      loadGrammar: async (scope) => (scope === 'source.dockerfile.lading' ? parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null),
    });
    const g = await registry.loadGrammar('source.dockerfile.lading');
    assert.ok(g);
    grammar = g;
  });

  it('scopes parser directives, pragmas and comments', () => {
    const t = tokenize('# syntax=docker/dockerfile:1\n# escape=\\\n# check=skip=JSONArgsRecommended\n# hadolint ignore=DL3008\n# just a comment');
    expectScope(t, 0, 'syntax', 'keyword.other.directive.dockerfile');
    expectScope(t, 0, 'docker/dockerfile:1', 'string.unquoted.directive-value');
    expectScope(t, 1, 'escape', 'keyword.other.directive');
    expectScope(t, 2, 'check', 'keyword.other.directive');
    expectScope(t, 3, 'hadolint', 'keyword.other.pragma');
    expectScope(t, 3, 'DL3008', 'constant.other.rule-id');
    expectScope(t, 4, 'just', 'comment.line.number-sign.dockerfile');
  });

  it('scopes FROM with flags, image, tag, AS and stage name', () => {
    const t = tokenize('FROM --platform=$BUILDPLATFORM golang:1.22 AS build');
    expectScope(t, 0, 'FROM', 'keyword.other.special-method.dockerfile');
    expectScope(t, 0, 'platform', 'variable.parameter.flag');
    expectScope(t, 0, 'BUILDPLATFORM', 'variable.other.dockerfile');
    expectScope(t, 0, 'golang', 'entity.name.type.image');
    expectScope(t, 0, '1.22', 'constant.other.tag');
    expectScope(t, 0, 'AS', 'keyword.control.as');
    expectScope(t, 0, 'build', 'entity.name.type.stage');
  });

  it('scopes instruction keywords in any case and ONBUILD triggers', () => {
    const t = tokenize('run echo hi\nONBUILD COPY . /app\nworkdir /src');
    expectScope(t, 0, 'run', 'keyword.other.special-method');
    expectScope(t, 1, 'ONBUILD', 'keyword.other.special-method');
    expectScope(t, 1, 'COPY', 'keyword.other.special-method');
    expectScope(t, 2, 'workdir', 'keyword.other.special-method');
  });

  it('scopes COPY flags and variables with defaults', () => {
    const t = tokenize('COPY --from=build --chown=app:app /out ${DEST:-/srv}');
    expectScope(t, 0, 'from', 'variable.parameter.flag');
    expectScope(t, 0, 'build', 'string.unquoted.flag-value');
    expectScope(t, 0, 'chown', 'variable.parameter.flag');
    expectScope(t, 0, 'DEST', 'variable.other.dockerfile');
    expectScope(t, 0, ':-', 'keyword.operator.substitution');
    expectScope(t, 0, '/srv', 'string.unquoted.default-value');
  });

  it('scopes JSON-array forms', () => {
    const t = tokenize('CMD ["node", "server.js"]\nENTRYPOINT ["/bin/sh", "-c"]');
    expectScope(t, 0, '[', 'punctuation.definition.array.begin');
    expectScope(t, 0, 'node', 'string.quoted.double.json');
    expectScope(t, 0, ',', 'punctuation.separator.array');
    expectScope(t, 1, '/bin/sh', 'string.quoted.double.json');
  });

  it('embeds shell in shell-form RUN across continuation lines, then ends', () => {
    const t = tokenize('RUN --mount=type=cache,target=/root/.cache apt-get update && \\\n    echo "$HOME" \\\n    # note\n    && true\nUSER app');
    expectScope(t, 0, 'mount', 'variable.parameter.flag');
    expectScope(t, 0, 'apt-get', 'meta.embedded.shell.dockerfile');
    expectScope(t, 0, '\\', 'constant.character.escape.line-continuation');
    expectScope(t, 1, 'HOME', 'variable.other.dockerfile');
    expectScope(t, 1, '"', 'string.quoted.double');
    expectScope(t, 2, 'note', 'comment.line.number-sign');
    expectScope(t, 3, 'true', 'meta.embedded.shell.dockerfile');
    expectScope(t, 4, 'USER', 'keyword.other.special-method');
    assert.ok(!scopesOf(t, 4, 'USER').some((s) => s.startsWith('meta.embedded.shell')));
  });

  it('scopes heredocs (<<EOF and <<-EOF) and resumes after the terminator', () => {
    const t = tokenize('RUN <<EOF\napt-get update\nEOF\nCOPY <<-"CONF" /etc/app.conf\n\tkey=value\n\tCONF\nCMD ["x"]');
    expectScope(t, 0, '<<', 'keyword.operator.heredoc');
    expectScope(t, 0, 'EOF', 'keyword.control.heredoc-token');
    expectScope(t, 1, 'apt-get', 'meta.embedded.block.shell');
    expectScope(t, 2, 'EOF', 'keyword.control.heredoc-token');
    expectScope(t, 3, 'CONF', 'keyword.control.heredoc-token');
    expectScope(t, 4, 'key=value', 'string.unquoted.heredoc');
    expectScope(t, 5, 'CONF', 'keyword.control.heredoc-token');
    expectScope(t, 6, 'CMD', 'keyword.other.special-method');
  });

  it('scopes ENV/LABEL keys and quoted strings', () => {
    const t = tokenize('ENV PATH="/opt/bin:$PATH" MODE=prod\nLABEL org.opencontainers.image.title=\'x\'');
    expectScope(t, 0, 'PATH', 'variable.other.property');
    expectScope(t, 0, '/opt/bin', 'string.quoted.double');
    expectScope(t, 0, 'MODE', 'variable.other.property');
    expectScope(t, 1, 'org.opencontainers.image.title', 'variable.other.property');
    expectScope(t, 1, "'", 'string.quoted.single');
  });

  it('scopes ports, protocols, signals and digests', () => {
    const t = tokenize('EXPOSE 80/tcp 8000-8010\nSTOPSIGNAL SIGTERM\nFROM debian:12@sha256:abcd');
    expectScope(t, 0, '80', 'constant.numeric');
    expectScope(t, 0, 'tcp', 'constant.language.protocol');
    expectScope(t, 0, '8000-8010', 'constant.numeric');
    expectScope(t, 1, 'SIGTERM', 'constant.language.signal');
    expectScope(t, 2, 'sha256:abcd', 'constant.other.digest');
  });

  it('handles the backtick escape as a continuation', () => {
    const t = tokenize('# escape=`\nRUN dir `\n    C:\\\nUSER x');
    expectScope(t, 1, '`', 'constant.character.escape.line-continuation');
    expectScope(t, 2, 'C:', 'meta.embedded.shell.dockerfile');
  });
});
