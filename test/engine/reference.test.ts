import * as assert from 'node:assert/strict';
import { familiarString, formatReference, parseReference, parseNormalizedTagged } from '../../src/engine/reference/reference';

describe('reference', () => {
  const cases: [string, string][] = [
    ['busybox', 'docker.io/library/busybox:latest'],
    ['busybox:1.36', 'docker.io/library/busybox:1.36'],
    ['user/app', 'docker.io/user/app:latest'],
    ['index.docker.io/user/app:v1', 'docker.io/user/app:v1'],
    ['localhost/app', 'localhost/app:latest'],
    ['localhost:5000/a/b:tag', 'localhost:5000/a/b:tag'],
    ['127.0.0.1:5000/a', '127.0.0.1:5000/a:latest'],
    ['ghcr.io/owner/repo:1.0', 'ghcr.io/owner/repo:1.0'],
    [`busybox@sha256:${'a'.repeat(64)}`, `docker.io/library/busybox@sha256:${'a'.repeat(64)}`],
    [`host:5000/x:t@sha256:${'b'.repeat(64)}`, `host:5000/x:t@sha256:${'b'.repeat(64)}`],
    ['Registry.Example/app', 'Registry.Example/app:latest'],
  ];
  for (const [input, want] of cases) {
    it(`normalises ${input}`, () => {
      const r = parseReference(input);
      const full = r.tag || r.digest ? r : parseNormalizedTagged(input);
      assert.equal(formatReference(full), want);
    });
  }

  it('gives docker familiar names', () => {
    assert.equal(familiarString(parseNormalizedTagged('docker.io/library/busybox')), 'busybox:latest');
    assert.equal(familiarString(parseNormalizedTagged('docker.io/user/app:1')), 'user/app:1');
    assert.equal(familiarString(parseNormalizedTagged('localhost:5000/app:1')), 'localhost:5000/app:1');
  });

  const bad = ['', 'Busybox', 'busybox:', 'a:b:c', 'busybox@sha256:abc', ':tag', 'a//b', '-a', `${'a'.repeat(64)}`, 'a:tag with space', 'lower/UPPER'];
  for (const input of bad) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      assert.throws(() => parseReference(input), /invalid reference format|invalid repository name|must be lowercase/);
    });
  }
});
