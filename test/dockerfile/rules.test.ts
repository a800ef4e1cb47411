import assert from 'node:assert/strict';
import { lint } from '../../src/dockerfile/lint/lint';
import { RULES } from '../../src/dockerfile/lint/rules';
import { CASES, configOf } from './rule-cases';

describe('dockerfile lint rules', () => {
  it('has a case for every rule and at least 40 hadolint rules', () => {
    const covered = new Set(CASES.map((c) => c.code));
    const missing = RULES.map((r) => r.code).filter((c) => !covered.has(c));
    assert.deepEqual(missing, []);
    assert.ok(RULES.filter((r) => r.code.startsWith('DL')).length >= 40);
  });

  for (const c of CASES) {
    describe(c.code, () => {
      // Rules off by default (DL1001, DL3057) are switched on to be tested.
      const severities = { [c.code]: 'warning' as const };
      it('catches the documented mistake', () => {
        const found = lint(c.bad, { config: configOf(c), severities }).filter((f) => f.code === c.code);
        assert.ok(found.length > 0, `${c.code} not reported for:\n${c.bad}`);
        const f = found[0];
        assert.ok(f.message.length > 0);
        assert.ok(f.link && /^https:\/\//.test(f.link));
        if (c.at) assert.deepEqual([f.range.start.line + 1, f.range.start.character + 1], c.at);
        assert.ok(f.range.end.line > f.range.start.line || f.range.end.character > f.range.start.character, 'range is empty');
      });
      it('passes the correct form', () => {
        const found = lint(c.good, { config: configOf(c), severities }).filter((f) => f.code === c.code);
        assert.deepEqual(found.map((f) => `${f.range.start.line + 1}: ${f.message}`), [], `${c.code} wrongly reported for:\n${c.good}`);
      });
    });
  }
});
