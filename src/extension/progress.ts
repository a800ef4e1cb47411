// Runs an engine operation under a cancellable notification: the Cancel button aborts the
// operation's AbortSignal, per-layer progress shows as the message and the bar, and every event
// goes to the "Lading" output channel in docker's words.
import * as vscode from 'vscode';
import { humanSize } from '../engine/format/units';
import { OpContext, ProgressEvent } from '../engine/ops/context';
import { LadingServices } from './services';

/** docker's final per-layer states. */
const DONE = /^(Pull complete|Already exists|Layer already exists|Pushed|Mounted from|Loading layer done)/;

interface LayerState {
  status: string;
  current?: number;
  total?: number;
}

export async function runWithProgress<T>(services: LadingServices, title: string, op: (ctx: OpContext) => Promise<T>): Promise<T> {
  services.log(`> ${title}`);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => {
      services.log('Cancelling…');
      abort.abort();
    });
    const layers = new Map<string, LayerState>();
    let reported = 0;
    const lastLogged = new Map<string, string>();
    const onProgress = (e: ProgressEvent) => {
      if (e.kind === 'message') {
        services.log(e.text);
        progress.report({ message: e.text });
        return;
      }
      layers.set(e.id, { status: e.status, current: e.current, total: e.total });
      // The log gets one line per status change, not one per chunk.
      if (lastLogged.get(e.id) !== e.status) {
        lastLogged.set(e.id, e.status);
        services.log(`${e.id.replace(/^sha256:/, '').slice(0, 12)}: ${e.status}`);
      }
      let done = 0;
      let total = 0;
      for (const l of layers.values()) {
        if (l.total) {
          total += l.total;
          done += Math.min(l.current ?? 0, l.total);
        }
      }
      const fraction = total > 0 ? (done / total) * 100 : 0;
      const increment = Math.max(0, fraction - reported);
      reported += increment;
      const bytes = e.total ? ` ${humanSize(e.current ?? 0)}/${humanSize(e.total)}` : '';
      const finished = [...layers.values()].filter((l) => DONE.test(l.status)).length;
      const overall = layers.size > 1 ? ` — ${finished}/${layers.size} layers done` : '';
      progress.report({ increment, message: `${e.id.replace(/^sha256:/, '').slice(0, 12)}: ${e.status}${bytes}${overall}` });
    };
    try {
      return await op({ signal: abort.signal, onProgress });
    } finally {
      sub.dispose();
    }
  });
}

/** Shows an engine error as one line (never a stack trace), and logs it. */
export function reportError(services: LadingServices, e: unknown): void {
  const msg = e instanceof Error ? e.message : String(e);
  services.log(`Error: ${msg}`);
  void vscode.window.showErrorMessage(`Lading: ${msg}`);
}
