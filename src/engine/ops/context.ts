// What every engine operation takes besides its own options: cancellation and progress.
// The CLI renders progress events docker-style; the extension maps them to withProgress.

export type ProgressEvent =
  /** One layer/blob of a transfer: docker's per-layer lines (`Pulling fs layer`, `Downloading`…). */
  | { kind: 'layer'; id: string; status: string; current?: number; total?: number }
  /** A line of output (`Digest: sha256:…`, `Status: Downloaded newer image for …`). */
  | { kind: 'message'; text: string };

export interface OpContext {
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
}
