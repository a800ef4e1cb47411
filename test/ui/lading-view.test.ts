// End to end in real VS Code (code-server) driven through headless Chromium, the way a person
// uses it: open the Lading view, expand an image to its layers, run a command from F1 and see
// its notification. Screenshots go to test-results/screenshots/.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { Store } from '../../src/engine/store/store';
import { tempDir } from '../helpers/tmp';
import { makeImage } from '../vscode/fixtures';
import { push } from '../../src/engine/ops/push';
import { haveRegistry, RegistryServer, startRegistry } from '../fixtures/registry/registry-server';
import { startStallProxy } from './stall-proxy';
import { CHROMIUM, REPO, RunningCodeServer, chromiumArgs, codeServerInstalled, startCodeServer } from '../vscode/code-server';

const SHOTS = path.join(process.env.LADING_TEST_RESULTS ?? path.join(REPO, 'test-results'), 'screenshots');

describe('Lading in the VS Code UI', function () {
  let server: RunningCodeServer;
  let browser: Browser;
  let page: Page;
  let registry: RegistryServer;
  let home: string;
  let storeDir: string;
  const log: string[] = [];

  before(async function () {
    if (!codeServerInstalled()) throw new Error('code-server is not installed: run scripts/install-code-server.sh');
    mkdirSync(SHOTS, { recursive: true });
    home = tempDir('lading-ui-');
    storeDir = path.join(home, 'store');
    const workspace = path.join(home, 'project');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(path.join(workspace, 'Dockerfile'), 'FROM localhost:5000/fixture/app:1.0\nCOPY . /srv\n');
    const store = await Store.open(storeDir);
    await makeImage(store, 'localhost:5000/fixture/app:1.0');
    await makeImage(store, 'busybox:latest', { appFiles: { 'app/readme.txt': 'busybox app\n' } });
    // A loopback registry holding one image that is not in the store, to browse and pull.
    if (!haveRegistry()) throw new Error('docker-registry is not installed (scripts/apt-packages.txt)');
    registry = await startRegistry();
    const remoteStore = await Store.open(path.join(home, 'remote-store'));
    await makeImage(remoteStore, `${registry.host}/team/web:1.0`, { appFiles: { 'srv/index.html': '<h1>web</h1>\n' } });
    await push(remoteStore, `${registry.host}/team/web:1.0`);
    server = await startCodeServer({
      home,
      workspace,
      installExtension: REPO,
      settings: { 'lading.storePath': storeDir, 'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': false },
      env: { LADING_STORE: storeDir },
      log: (l) => log.push(l),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs() });
    page = await browser.newPage({ viewport: { width: 1200, height: 720 } });
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      const name = this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      await page.screenshot({ path: path.join(SHOTS, `FAILED-${name}.png`) }).catch(() => {});
    }
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    await registry?.stop();
  });

  it('shows images grouped by repository in the Lading view, with layers under an image', async () => {
    const tab = page.locator('.activitybar [aria-label^="Lading"]').first();
    await tab.waitFor({ timeout: 60_000 });
    await tab.click();
    // A wider side bar, so layer sizes and digests are readable in the screenshot.
    const box = await page.locator('.part.sidebar').boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width + 1, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width + 200, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
    }
    const group = page.locator('.monaco-list-row', { hasText: 'localhost:5000/fixture/app' });
    await group.waitFor({ timeout: 60_000 });
    const tag = page.locator('.monaco-list-row[aria-level="2"]', { hasText: '1.0' }).first();
    await tag.click();
    const layer = page.locator('.monaco-list-row', { hasText: 'COPY app/ /app/' });
    await layer.waitFor({ timeout: 30_000 });
    assert.ok(await page.locator('.monaco-list-row', { hasText: 'ADD file:4f1c2b in /' }).isVisible());
    await layer.click();
    const appFolder = page.locator('.monaco-list-row[aria-level="4"]', { hasText: /^app$/ }).first();
    await appFolder.waitFor({ timeout: 30_000 });
    await appFolder.click();
    await page.locator('.monaco-list-row', { hasText: 'hello.txt' }).waitFor({ timeout: 30_000 });
    await page.locator('.monaco-list-row', { hasText: 'hello.txt' }).click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'hello from the app layer' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'images-view.png') });
  });

  it('runs "Lading: System Disk Usage" from F1 and shows its notification', async () => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 30_000 });
    await input.fill('>Lading: System Disk Usage');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'System Disk Usage' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Lading disk usage' });
    await toast.waitFor({ timeout: 30_000 });
    assert.match(await toast.innerText(), /2 images using .*B/);
    await page.waitForTimeout(800); // let the toast finish sliding in before the screenshot
    await page.screenshot({ path: path.join(SHOTS, 'disk-usage-notification.png') });
  });

  it('connects a loopback registry from F1, browses it and pulls a tag from its context menu', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.fill('>Lading: Connect Registry');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Connect Registry' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'Registry to connect' }).waitFor({ timeout: 30_000 });
    await input.fill(registry.host);
    await page.keyboard.press('Enter');
    const registries = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Registries' }) });
    const hostRow = registries.locator('.monaco-list-row', { hasText: registry.host });
    await hostRow.waitFor({ timeout: 30_000 });
    await hostRow.click();
    const repoRow = registries.locator('.monaco-list-row', { hasText: 'team/web' });
    await repoRow.waitFor({ timeout: 30_000 });
    await repoRow.click();
    const tagRow = registries.locator('.monaco-list-row[aria-level="3"]', { hasText: '1.0' });
    await tagRow.waitFor({ timeout: 30_000 });
    await tagRow.click({ button: 'right' });
    // The context menu animates in: hover the item first, then click; Enter if the click was lost.
    const pullItem = page.locator('.monaco-menu .action-item', { hasText: /^Pull$/ }).first();
    await pullItem.waitFor({ timeout: 30_000 });
    await pullItem.hover();
    await page.waitForTimeout(300);
    await pullItem.click();
    if (await pullItem.isVisible().catch(() => false)) await page.keyboard.press('Enter');
    const images = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Images' }) });
    await images.locator('.monaco-list-row', { hasText: `${registry.host}/team/web` }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(SHOTS, 'registries-pull.png') });
  });

  it('shows per-layer pull progress and cancels the pull with the notification\'s Cancel button', async () => {
    const remoteStore = await Store.open(path.join(home, 'remote-store'));
    const slow = await makeImage(remoteStore, `${registry.host}/team/slow:1`, { baseFiles: { 'etc/os-release': 'NAME=Slow\n' }, appFiles: { 'srv/slow.txt': 'slow\n' } });
    await push(remoteStore, `${registry.host}/team/slow:1`);
    const proxy = await startStallProxy(registry.host, slow.layerDigests);
    try {
      const ref = `${proxy.host}/team/slow:1`;
      await page.keyboard.press('Escape');
      const input = page.locator('.quick-input-widget input');
      await page.keyboard.press('F1');
      await input.fill('>Notifications: Clear All Notifications');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Clear All Notifications' }).first().waitFor({ timeout: 30_000 });
      await page.keyboard.press('Enter');
      await page.keyboard.press('F1');
      await input.fill('>Lading: Pull Image');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Pull Image' }).first().waitFor({ timeout: 30_000 });
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget', { hasText: 'Image to pull' }).waitFor({ timeout: 30_000 });
      await input.fill(ref);
      await page.keyboard.press('Enter');
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: `Pulling ${ref}` });
      await toast.waitFor({ timeout: 30_000 });
      await toast.locator('text=/Pulling fs layer|Waiting|Downloading/').waitFor({ timeout: 30_000 });
      for (let i = 0; i < 100 && proxy.stalled === 0; i++) await page.waitForTimeout(100);
      assert.ok(proxy.stalled > 0, 'a layer download is in progress');
      await page.waitForTimeout(800); // the toast slides in
      await page.screenshot({ path: path.join(SHOTS, 'pull-progress.png') });
      await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
      await page.locator('.notifications-toasts .notification-toast', { hasText: 'operation cancelled' }).waitFor({ timeout: 30_000 });
      await page.waitForTimeout(800);
      await page.screenshot({ path: path.join(SHOTS, 'pull-cancelled.png') });
      const { listImages } = await import('../../src/engine/store/images');
      const images = await listImages(await Store.open(storeDir));
      assert.ok(!images.some((i) => i.repoTags.some((t) => t.includes('team/slow'))), 'a cancelled pull names no image');
    } finally {
      await proxy.stop();
    }
  });
});
