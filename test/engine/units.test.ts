import * as assert from 'node:assert/strict';
import { formatG, humanDuration, humanSize, parseGoDuration, timeAgo } from '../../src/engine/format/units';

describe('units (docker/go-units)', () => {
  const sizes: [number, string][] = [
    [0, '0B'],
    [1, '1B'],
    [999, '999B'],
    [1000, '1kB'],
    [5310, '5.31kB'],
    [1_234_567, '1.23MB'],
    [133_000_000, '133MB'],
    [999_999, '1e+03kB'],
    [2_500_000_000, '2.5GB'],
  ];
  for (const [n, want] of sizes) it(`humanSize(${n}) = ${want}`, () => assert.equal(humanSize(n), want));

  it('system df precision: 4 significant digits', () => {
    assert.equal(humanSize(1_996_800, 4), '1.997MB');
    assert.equal(humanSize(4_261_376, 4), '4.261MB');
  });

  it('formatG drops trailing zeros like %g', () => {
    assert.equal(formatG(2.5, 3), '2.5');
    assert.equal(formatG(100, 3), '100');
  });

  const s = 1000;
  const min = 60 * s;
  const h = 60 * min;
  const d = 24 * h;
  const durations: [number, string][] = [
    [0, 'Less than a second'],
    [999, 'Less than a second'],
    [1 * s, '1 second'],
    [59 * s, '59 seconds'],
    [60 * s, 'About a minute'],
    [119 * s, 'About a minute'],
    [2 * min, '2 minutes'],
    [59 * min, '59 minutes'],
    [60 * min, 'About an hour'],
    [89 * min, 'About an hour'],
    [90 * min, '2 hours'],
    [47 * h, '47 hours'],
    [48 * h, '2 days'],
    [13 * d, '13 days'],
    [14 * d, '2 weeks'],
    [59 * d, '8 weeks'],
    [60 * d, '2 months'],
    [729 * d, '24 months'],
    [730 * d, '2 years'],
  ];
  for (const [ms, want] of durations) it(`humanDuration(${ms}ms) = ${want}`, () => assert.equal(humanDuration(ms), want));

  it('timeAgo', () => {
    const now = new Date('2024-01-10T00:00:00Z');
    assert.equal(timeAgo(new Date('2024-01-09T21:00:00Z'), now), '3 hours ago');
    assert.equal(timeAgo(undefined, now), 'N/A');
  });

  it('parseGoDuration', () => {
    assert.equal(parseGoDuration('24h'), 24 * h);
    assert.equal(parseGoDuration('1h30m'), 90 * min);
    assert.equal(parseGoDuration('10x'), undefined);
  });
});
