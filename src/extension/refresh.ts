// Keeps the trees in step with the store. Refresh requests are debounced (one burst of events →
// one reload), and the store folder is watched, so an image pulled with the `lading` CLI in a
// terminal shows up without pressing Refresh. index.json is replaced by rename, so the folder is
// watched rather than the file.
import * as fs from 'node:fs';
import * as vscode from 'vscode';

export type RefreshTarget = 'images' | 'registries';

export class RefreshManager implements vscode.Disposable {
  private readonly emitters = new Map<RefreshTarget, vscode.EventEmitter<void>>();
  private readonly timers = new Map<RefreshTarget, NodeJS.Timeout>();
  private watcher?: fs.FSWatcher;
  private watchedRoot?: string;

  constructor(private readonly storeRoot: () => string, private readonly delayMs = 250) {}

  onRefresh(target: RefreshTarget): vscode.Event<void> {
    return this.emitter(target).event;
  }

  private emitter(target: RefreshTarget): vscode.EventEmitter<void> {
    let e = this.emitters.get(target);
    if (!e) {
      e = new vscode.EventEmitter<void>();
      this.emitters.set(target, e);
    }
    return e;
  }

  /** Asks for a reload soon; several requests within the delay make one reload. */
  request(target: RefreshTarget = 'images'): void {
    clearTimeout(this.timers.get(target));
    this.timers.set(target, setTimeout(() => {
      this.timers.delete(target);
      this.emitter(target).fire();
    }, this.delayMs));
  }

  /** Watches the current store folder (again, if the store path setting changed). */
  watchStore(): void {
    const root = this.storeRoot();
    if (this.watchedRoot === root && this.watcher) return;
    this.watcher?.close();
    this.watcher = undefined;
    this.watchedRoot = root;
    try {
      this.watcher = fs.watch(root, (_event, file) => {
        if (!file || file === 'index.json') this.request('images');
      });
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch {
      // The store does not exist yet; it is watched once opened.
      this.watcher = undefined;
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.watcher?.close();
    for (const e of this.emitters.values()) e.dispose();
  }
}
