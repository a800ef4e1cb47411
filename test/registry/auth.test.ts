// Logins, stored credentials (config.json and a credential helper) and token authentication
// against real registries: htpasswd (Basic) and token (Bearer, JWT from a test token server).
import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { lading } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { haveBusybox } from '../helpers/rootfs';
import { RegistryServer, haveRegistry, startRegistry } from '../fixtures/registry/registry-server';
import { TokenServer, startTokenServer } from '../fixtures/registry/token-server';
import { haveSkopeo, skopeoPush, writeOciLayout } from '../fixtures/registry/oci-images';

const PASSWORD = 'pa55-Secret-xyzzy';

function homeEnv(home: string): NodeJS.ProcessEnv {
  return { HOME: home, DOCKER_CONFIG: path.join(home, '.docker'), XDG_CONFIG_HOME: path.join(home, '.config'), REGISTRY_AUTH_FILE: '', XDG_RUNTIME_DIR: '' };
}

describe('registry: login, credentials and Basic auth', function () {
  this.timeout(120000);
  let registry: RegistryServer;
  let layout: { dir: string; tag: string };

  before(async function () {
    if (!haveRegistry() || !haveSkopeo() || !haveBusybox()) this.skip();
    registry = await startRegistry({ htpasswd: { user: 'alice', password: PASSWORD } });
    layout = await writeOciLayout({ archs: ['amd64'], noBusybox: true, files: { 'etc/auth': 'basic\n' } });
    skopeoPush(layout.dir, layout.tag, `${registry.host}/team/app:latest`, 'oci', ['--dest-creds', `alice:${PASSWORD}`]);
  });
  after(async () => registry?.stop());

  it('refuses a wrong password with a clear error and stores nothing', async () => {
    const home = tempDir('lading-home-');
    const res = await lading(['login', '-u', 'alice', '--password-stdin', registry.host], { input: 'wrong-password\n', env: homeEnv(home) });
    assert.equal(res.code, 1);
    assert.match(res.stderr, new RegExp(`^Error: login to ${registry.host.replace(/\./g, '\\.')} failed: unauthorized: `));
    assert.equal(existsSync(path.join(home, '.docker', 'config.json')), false);
  });

  it('refuses pull and push without credentials with one clear line', async () => {
    const home = tempDir('lading-home-');
    const store = tempDir('lading-store-');
    const pulled = await lading(['pull', `${registry.host}/team/app`], { store, env: homeEnv(home) });
    assert.equal(pulled.code, 1);
    assert.match(pulled.stderr, /^Error: .*unauthorized/m);
    const rootfs = path.join(tempDir('lading-rootfs-'), 'r.tar');
    writeFileSync(rootfs, Buffer.alloc(1024)); // an empty tar: two zero blocks
    assert.equal((await lading(['import', rootfs, `${registry.host}/team/other:1`], { store })).code, 0);
    const pushed = await lading(['push', `${registry.host}/team/other:1`], { store, env: homeEnv(home), timeoutMs: 60000 });
    assert.equal(pushed.code, 1, pushed.stdout);
    assert.match(pushed.stderr, new RegExp(`^Error: ${registry.host.replace(/\./g, '\\.')}/team/other: unauthorized: `, 'm'));
    assert.doesNotMatch(pushed.stderr, /\n\s+at /, 'no stack trace');
  });

  it('logs in (never printing the password, even with LADING_DEBUG), pulls with the stored credentials, logs out', async () => {
    const home = tempDir('lading-home-');
    const env = { ...homeEnv(home), LADING_DEBUG: '1' };
    const res = await lading(['login', '-u', 'alice', '--password-stdin', registry.host], { input: `${PASSWORD}\n`, env });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /Login Succeeded\n$/);
    assert.match(res.stderr, /DEBUG GET http:\/\/127\.0\.0\.1:\d+\/v2\/ -> 200/, 'debug tracing is on');
    const file = path.join(home, '.docker', 'config.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const cfg = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(Buffer.from(cfg.auths[registry.host].auth, 'base64').toString(), `alice:${PASSWORD}`);

    const store = tempDir('lading-store-');
    const pulled = await lading(['pull', `${registry.host}/team/app`], { store, env });
    assert.equal(pulled.code, 0, pulled.stderr);
    const pushed = await lading(['push', `${registry.host}/team/app:latest`], { store, env });
    assert.equal(pushed.code, 0, pushed.stderr);
    const viaFlag = await lading(['login', '-u', 'alice', '-p', PASSWORD, registry.host], { env });
    assert.equal(viaFlag.code, 0, viaFlag.stderr);
    assert.ok(viaFlag.stderr.includes('WARNING! Using --password via the CLI is insecure. Use --password-stdin.'));
    for (const out of [res, pulled, pushed]) {
      assert.ok(!out.stdout.includes(PASSWORD) && !out.stderr.includes(PASSWORD), 'password never printed');
      const b64 = Buffer.from(`alice:${PASSWORD}`).toString('base64');
      assert.ok(!out.stderr.includes(b64) && !out.stdout.includes(b64), 'encoded credentials never printed');
    }
    const out = await lading(['logout', registry.host], { env });
    assert.equal(out.stdout, `Removing login credentials for ${registry.host}\n`);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).auths[registry.host], undefined);
    const anonymous = await lading(['pull', `${registry.host}/team/app`], { store: tempDir('lading-store-'), env });
    assert.equal(anonymous.code, 1);
    assert.match(anonymous.stderr, /^Error: .*unauthorized: authentication required$/m);
  });

  it('stores, uses and erases credentials through a docker-credential helper', async () => {
    const home = tempDir('lading-home-');
    const bin = tempDir('lading-bin-');
    const db = path.join(bin, 'db');
    const log = path.join(bin, 'calls');
    mkdirSync(db);
    const helper = path.join(bin, 'docker-credential-test');
    // A real helper speaking docker's protocol, keeping secrets in files named after the server.
    writeFileSync(
      helper,
      `#!/bin/sh
input=$(cat)
echo "$1" >> ${JSON.stringify(log)}
case "$1" in
  store) key=$(printf '%s' "$input" | sed -n 's/.*"ServerURL":"\\([^"]*\\)".*/\\1/p' | tr '/:' '__'); printf '%s' "$input" > ${JSON.stringify(db)}/"$key" ;;
  get) key=$(printf '%s' "$input" | tr '/:' '__'); if [ -f ${JSON.stringify(db)}/"$key" ]; then cat ${JSON.stringify(db)}/"$key"; else echo "credentials not found in native keychain"; exit 1; fi ;;
  erase) key=$(printf '%s' "$input" | tr '/:' '__'); rm -f ${JSON.stringify(db)}/"$key" ;;
esac
`,
    );
    chmodSync(helper, 0o755);
    const env = { ...homeEnv(home), PATH: `${bin}:${process.env.PATH}` };
    mkdirSync(path.join(home, '.docker'));
    writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ credsStore: 'test' }));
    const res = await lading(['login', '-u', 'alice', '--password-stdin', registry.host], { input: PASSWORD, env });
    assert.equal(res.code, 0, res.stderr);
    assert.doesNotMatch(res.stdout, /unencrypted/);
    const cfgText = readFileSync(path.join(home, '.docker', 'config.json'), 'utf8');
    assert.ok(!cfgText.includes(Buffer.from(`alice:${PASSWORD}`).toString('base64')), 'no secret in config.json');
    const stored = JSON.parse(readFileSync(path.join(db, registry.host.replace(/[/:]/g, '_')), 'utf8'));
    assert.deepEqual(stored, { ServerURL: registry.host, Username: 'alice', Secret: PASSWORD });
    const pulled = await lading(['pull', `${registry.host}/team/app`], { store: tempDir('lading-store-'), env });
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.ok(readFileSync(log, 'utf8').includes('get'));
    const out = await lading(['logout', registry.host], { env });
    assert.equal(out.code, 0, out.stderr);
    assert.equal(existsSync(path.join(db, registry.host.replace(/[/:]/g, '_'))), false);
  });

  it('reads podman\'s auth.json after docker\'s config', async () => {
    const home = tempDir('lading-home-');
    const authFile = path.join(home, 'auth.json');
    writeFileSync(authFile, JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`alice:${PASSWORD}`).toString('base64') } } }));
    const res = await lading(['pull', `${registry.host}/team/app`], { store: tempDir('lading-store-'), env: { ...homeEnv(home), REGISTRY_AUTH_FILE: authFile } });
    assert.equal(res.code, 0, res.stderr);
  });
});

describe('registry: token authentication', function () {
  this.timeout(120000);
  let tokens: TokenServer;
  let registry: RegistryServer;

  before(async function () {
    if (!haveRegistry() || !haveSkopeo() || !haveBusybox()) this.skip();
    tokens = await startTokenServer({ bob: PASSWORD }, { 'refresh-abc': 'bob' });
    registry = await startRegistry({ token: tokens });
  });
  after(async () => {
    await registry?.stop();
    await tokens?.stop();
  });

  it('denies an anonymous push clearly, pushes after login, and pulls anonymously', async () => {
    const home = tempDir('lading-home-');
    const store = tempDir('lading-store-');
    const layout = await writeOciLayout({ archs: ['amd64'], noBusybox: true, files: { 'etc/token': 'bearer\n' } });
    // Load the image into the Lading store by pulling it from a plain registry first.
    const plain = await startRegistry();
    try {
      skopeoPush(layout.dir, layout.tag, `${plain.host}/src/app:latest`, 'oci');
      assert.equal((await lading(['pull', `${plain.host}/src/app:latest`], { store, env: homeEnv(home) })).code, 0);
    } finally {
      await plain.stop();
    }
    const { Store } = await import('../../src/engine/store/store');
    const { listImages } = await import('../../src/engine/store/images');
    const { setTag } = await import('../../src/engine/store/index-entries');
    const s = await Store.open(store);
    const [img] = await listImages(s);
    await s.updateIndex((idx) => setTag(idx, img.manifestDescriptor, `${registry.host}/bob/app:latest`));

    const denied = await lading(['push', `${registry.host}/bob/app:latest`], { store, env: homeEnv(home) });
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /^Error: .*(unauthorized|denied)/);
    assert.equal(denied.stderr.split('\n').filter(Boolean).length, 1, 'one line, no stack');

    const wrong = await lading(['login', '-u', 'bob', '--password-stdin', registry.host], { input: 'nope', env: homeEnv(home) });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /^Error: login to .* failed: unauthorized: incorrect username or password/);

    const ok = await lading(['login', '-u', 'bob', '--password-stdin', registry.host], { input: PASSWORD, env: homeEnv(home) });
    assert.equal(ok.code, 0, ok.stderr);
    // docker login's OAuth2 password grant: the refresh token is stored, not the password.
    const grant = tokens.requests.filter((r) => r.method === 'POST' && r.body.includes('grant_type=password'));
    assert.equal(grant.length, 2, 'the wrong and the right password');
    assert.match(grant[1].body, /access_type=offline/);
    const cfgText = readFileSync(path.join(home, '.docker', 'config.json'), 'utf8');
    assert.ok(!cfgText.includes(PASSWORD) && !cfgText.includes(Buffer.from(`bob:${PASSWORD}`).toString('base64')), 'no password stored');
    assert.match(JSON.parse(cfgText).auths[registry.host].identitytoken, /^refresh-/);
    const seen = tokens.requests.length;
    const pushed = await lading(['push', `${registry.host}/bob/app:latest`], { store, env: homeEnv(home) });
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /^latest: digest: sha256:/m);
    const scoped = tokens.requests.slice(seen).filter((r) => r.method === 'POST' && r.body.includes('grant_type=refresh_token') && r.body.includes('scope=repository%3Abob%2Fapp%3Apull%2Cpush'));
    assert.ok(scoped.length > 0, 'push token asked with the refresh token');

    const anonHome = tempDir('lading-home-');
    const beforePull = tokens.requests.length;
    const pulled = await lading(['pull', `${registry.host}/bob/app:latest`], { store: tempDir('lading-store-'), env: homeEnv(anonHome) });
    assert.equal(pulled.code, 0, pulled.stderr);
    // One token for the repository's pull scope serves the manifest and every blob (cached per scope).
    const pullTokens = tokens.requests.slice(beforePull).filter((r) => decodeURIComponent(r.url).includes('scope=repository:bob/app:pull'));
    assert.equal(pullTokens.length, 1, tokens.requests.slice(beforePull).map((r) => r.url).join('\n'));
  });

  it('uses an identity token with an OAuth2 refresh_token POST', async () => {
    const home = tempDir('lading-home-');
    mkdirSync(path.join(home, '.docker'));
    writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ auths: { [registry.host]: { identitytoken: 'refresh-abc' } } }));
    const before = tokens.requests.length;
    const res = await lading(['tags', `${registry.host}/bob/app`], { env: homeEnv(home) });
    assert.equal(res.code, 0, res.stderr);
    const posts = tokens.requests.slice(before).filter((r) => r.method === 'POST');
    assert.ok(posts.length > 0);
    assert.match(posts[0].body, /grant_type=refresh_token/);
    assert.match(posts[0].body, /refresh_token=refresh-abc/);
  });
});
