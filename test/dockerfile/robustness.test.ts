import assert from 'node:assert/strict';
import { complete } from '../../src/dockerfile/completion';
import { foldingRanges } from '../../src/dockerfile/folding';
import { formatText } from '../../src/dockerfile/format';
import { hover } from '../../src/dockerfile/hover';
import { lint, lintAsync } from '../../src/dockerfile/lint/lint';
import { outline } from '../../src/dockerfile/outline';
import { parseDockerfile } from '../../src/dockerfile/parse';
import { codeFixes } from '../../src/dockerfile/quickfix';
import { DockerfileServices } from '../../src/dockerfile/services';
import { SAMPLES } from './samples';

const services: DockerfileServices = {
  localImages: async () => [{ name: 'debian', tag: '12', id: 'sha256:' + 'a'.repeat(64), size: 120_000_000, created: '2024-01-01T00:00:00Z', layers: 1, digest: 'sha256:' + 'b'.repeat(64) }],
  registryTags: async () => ['12', '12-slim'],
  resolveDigest: async () => 'sha256:' + 'c'.repeat(64),
};

describe('dockerfile robustness', () => {
  for (const [name, text] of Object.entries(SAMPLES)) {
    it(`every feature survives "${name}"`, async () => {
      const findings = lint(text);
      assert.ok(Array.isArray(findings));
      // ShellCheck too (when installed); it must not choke on what it is given either.
      assert.ok(Array.isArray(await lintAsync(text)));
      const doc = parseDockerfile(text);
      const formatted = formatText(doc);
      assert.equal(formatText(parseDockerfile(formatted)), formatted, 'formatting is idempotent');
      outline(doc);
      foldingRanges(doc);
      // Every offset of short documents; a sample of offsets for long ones.
      const step = Math.max(1, Math.floor(text.length / 400));
      for (let off = 0; off <= text.length; off += step) {
        const pos = doc.positionAt(off);
        await complete(doc, pos, services);
        await hover(doc, pos, services);
      }
      for (let l = 0; l < doc.lines.length; l += Math.max(1, Math.floor(doc.lines.length / 50))) {
        await codeFixes(doc, { start: { line: l, character: 0 }, end: { line: l, character: doc.lines[l].length } }, findings, services);
      }
    });
  }

  it('reports the hadolint findings expected in the multi-stage sample, and none for heredoc-only lines', () => {
    const codes = lint(SAMPLES.multiStage).map((f) => f.code);
    assert.ok(!codes.includes('DL3006'), codes.join(','));
    assert.ok(!codes.includes('DL3022'));
    const heredoc = lint(SAMPLES.heredocs);
    assert.ok(heredoc.some((f) => f.code === 'LD1013'), 'unterminated heredoc found');
    // Heredoc content lines are not instructions.
    assert.ok(!heredoc.some((f) => f.code === 'LD1001'), heredoc.map((f) => f.code).join(','));
    assert.ok(heredoc.some((f) => f.code === 'DL3008' && f.range.start.line === 4), 'apt-get inside a RUN heredoc is checked');
  });

  it('understands the backtick escape of Windows Dockerfiles', () => {
    const findings = lint(SAMPLES.windows);
    assert.ok(!findings.some((f) => f.code === 'LD1009'));
    assert.ok(!findings.some((f) => f.code === 'DL3000'), 'C:\\app is absolute');
    assert.ok(!findings.some((f) => f.code === 'LD1001'));
  });
});
