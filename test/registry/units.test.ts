// Pure parts of the registry client: challenges, Link paging, progress output, credential order,
// settings, and the host rules for plain HTTP.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseWwwAuthenticate } from '../../src/engine/registry/challenge';
import { parseNextLink } from '../../src/engine/registry/paging';
import { CredentialStore, credentialKey } from '../../src/engine/registry/credentials';
import { apiHost, isLoopbackHost, normalizeRegistryName } from '../../src/engine/registry/hosts';
import { Transport } from '../../src/engine/registry/transport';
import { isRetryableStatus, withRetry, RetryableStatusError } from '../../src/engine/registry/retry';
import { loadConfig } from '../../src/engine/config/config';
import { ProgressRenderer } from '../../src/cli/progress/renderer';
import { tempDir } from '../helpers/tmp';

describe('registry: WWW-Authenticate parsing', () => {
  it('reads Bearer params with quoted commas and Basic alongside', () => {
    const ch = parseWwwAuthenticate('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push repository:c:pull", Basic realm="x"');
    assert.equal(ch.length, 2);
    assert.equal(ch[0].scheme, 'bearer');
    assert.deepEqual(ch[0].params, { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull,push repository:c:pull' });
    assert.deepEqual(ch[1], { scheme: 'basic', params: { realm: 'x' } });
  });
  it('handles unquoted values, escapes, case and several headers', () => {
    const ch = parseWwwAuthenticate(['BASIC Realm=simple', 'Bearer realm="a\\"b",error="insufficient_scope"']);
    assert.deepEqual(ch[0], { scheme: 'basic', params: { realm: 'simple' } });
    assert.deepEqual(ch[1].params, { realm: 'a"b', error: 'insufficient_scope' });
    assert.deepEqual(parseWwwAuthenticate(undefined), []);
  });
});

describe('registry: Link paging and hosts', () => {
  it('finds rel="next"', () => {
    assert.equal(parseNextLink('</v2/_catalog?last=b&n=2>; rel="next"'), '/v2/_catalog?last=b&n=2');
    assert.equal(parseNextLink('<https://x/a?p=1>; rel="prev", <https://x/a?p=3>; rel=next'), 'https://x/a?p=3');
    assert.equal(parseNextLink(undefined), undefined);
  });
  it('maps Docker Hub names and knows loopback hosts', () => {
    assert.equal(apiHost('docker.io'), 'registry-1.docker.io');
    assert.equal(normalizeRegistryName('https://index.docker.io/v1/'), 'docker.io');
    assert.equal(credentialKey('docker.io'), 'https://index.docker.io/v1/');
    assert.equal(credentialKey('LOCALHOST:5000'), 'localhost:5000');
    for (const h of ['localhost:5000', '127.0.0.1', '127.1.2.3:80', '[::1]:5000']) assert.ok(isLoopbackHost(h), h);
    for (const h of ['example.com', '10.0.0.1:5000', '128.0.0.1']) assert.ok(!isLoopbackHost(h), h);
  });
  it('refuses plain HTTP to a non-loopback host unless listed as insecure', async () => {
    const t = new Transport({});
    await assert.rejects(t.baseUrl('http://registry.example:5000'), /refusing plain HTTP to registry\.example:5000/);
    assert.equal(await t.baseUrl('registry.example'), 'https://registry.example');
    const insecure = new Transport({ insecureRegistries: ['registry.example:5000'] });
    assert.equal(await insecure.baseUrl('http://registry.example:5000'), 'http://registry.example:5000');
    await t.close();
    await insecure.close();
    assert.throws(() => new Transport({ caFile: '/nonexistent/ca.pem' }), /cannot read CA file \/nonexistent\/ca\.pem/);
  });
});

describe('registry: retries', () => {
  it('retries 408/429/5xx, not 4xx', async () => {
    assert.ok(isRetryableStatus(429) && isRetryableStatus(503) && isRetryableStatus(408));
    assert.ok(!isRetryableStatus(404) && !isRetryableStatus(401));
    let calls = 0;
    const v = await withRetry(async () => {
      if (++calls < 3) throw new RetryableStatusError(503, 'busy', 1);
      return 'ok';
    }, { baseDelayMs: 1 });
    assert.equal(v, 'ok');
    assert.equal(calls, 3);
    calls = 0;
    await assert.rejects(withRetry(async () => {
      calls++;
      throw new Error('bad request');
    }, { baseDelayMs: 1 }), /bad request/);
    assert.equal(calls, 1);
  });
});

describe('registry: credential sources', () => {
  it('follows docker\'s order: config.json, then REGISTRY_AUTH_FILE; a provider comes first', async () => {
    const home = tempDir('lading-home-');
    const dockerDir = path.join(home, 'd');
    mkdirSync(dockerDir);
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    writeFileSync(path.join(dockerDir, 'config.json'), JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: b64('hub:one') }, 'http://a.example:5000': { auth: b64('a:two') } } }));
    const podman = path.join(home, 'auth.json');
    writeFileSync(podman, JSON.stringify({ auths: { 'a.example:5000': { auth: b64('a:podman') }, 'b.example': { auth: b64('b:three') } } }));
    const env = { HOME: home, DOCKER_CONFIG: dockerDir, REGISTRY_AUTH_FILE: podman };
    const store = new CredentialStore(env);
    assert.deepEqual(await store.get('docker.io'), { username: 'hub', password: 'one' });
    assert.deepEqual(await store.get('a.example:5000'), { username: 'a', password: 'two' });
    assert.deepEqual(await store.get('b.example'), { username: 'b', password: 'three' });
    assert.equal(await store.get('c.example'), undefined);
    const withProvider = new CredentialStore(env, (r) => (r === 'a.example:5000' ? { username: 'vscode', password: 'secret' } : undefined));
    assert.deepEqual(await withProvider.get('a.example:5000'), { username: 'vscode', password: 'secret' });
    assert.deepEqual(await withProvider.get('b.example'), { username: 'b', password: 'three' });
  });
});

describe('registry: settings', () => {
  it('reads Lading\'s config and docker\'s registry-mirrors', async () => {
    const dir = tempDir('lading-cfg-');
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ registryMirrors: ['https://m1.example'], insecureRegistries: ['r.example:5000'], maxConcurrentDownloads: 5 }));
    writeFileSync(path.join(dir, 'daemon.json'), JSON.stringify({ 'registry-mirrors': ['https://m2.example'], 'max-concurrent-downloads': 7, 'max-concurrent-uploads': 2 }));
    const cfg = await loadConfig({ LADING_CONFIG: path.join(dir, 'config.json'), LADING_DOCKER_DAEMON_CONFIG: path.join(dir, 'daemon.json') });
    assert.deepEqual(cfg.registryMirrors, ['https://m1.example', 'https://m2.example']);
    assert.deepEqual(cfg.insecureRegistries, ['r.example:5000']);
    // Ours wins over daemon.json; daemon.json over docker's defaults (3 down, 5 up).
    assert.equal(cfg.maxConcurrentDownloads, 5);
    assert.equal(cfg.maxConcurrentUploads, 2);
    const none = await loadConfig({ LADING_CONFIG: path.join(dir, 'missing.json'), LADING_DOCKER_DAEMON_CONFIG: path.join(dir, 'missing.json') });
    assert.equal(none.maxConcurrentDownloads, 3);
    assert.equal(none.maxConcurrentUploads, 5);
  });
});

describe('registry: progress output', () => {
  const capture = (isTTY: boolean) => {
    let text = '';
    return { out: { write: (s: string) => void (text += s), isTTY }, text: () => text };
  };
  it('prints status changes only when not a terminal', () => {
    const c = capture(false);
    const r = new ProgressRenderer(c.out);
    r.handle({ kind: 'message', text: 'latest: Pulling from library/busybox' });
    r.handle({ kind: 'layer', id: 'abc123def456', status: 'Pulling fs layer' });
    for (let i = 0; i < 5; i++) r.handle({ kind: 'layer', id: 'abc123def456', status: 'Downloading', current: i * 1000, total: 5000 });
    r.handle({ kind: 'layer', id: 'abc123def456', status: 'Download complete' });
    r.handle({ kind: 'layer', id: 'abc123def456', status: 'Pull complete' });
    assert.equal(c.text(), 'latest: Pulling from library/busybox\nabc123def456: Pulling fs layer\nabc123def456: Download complete\nabc123def456: Pull complete\n');
  });
  it('redraws a layer\'s line in place on a terminal', () => {
    const c = capture(true);
    const r = new ProgressRenderer(c.out);
    r.handle({ kind: 'layer', id: 'aaa', status: 'Pulling fs layer' });
    r.handle({ kind: 'layer', id: 'bbb', status: 'Pulling fs layer' });
    r.handle({ kind: 'layer', id: 'aaa', status: 'Downloading', current: 12300000, total: 45600000 });
    assert.ok(c.text().startsWith('aaa: Pulling fs layer\nbbb: Pulling fs layer\n\x1b[2A\r\x1b[2Kaaa: Downloading ['), JSON.stringify(c.text()));
    assert.ok(c.text().endsWith('12.3MB/45.6MB\x1b[2B\r'));
  });
});
