// Writing one tar entry's body to a file, for the extraction operations. Shared because the
// details are where extraction goes wrong: never opening an existing name, and never leaving a
// file open (or a promise pending) when the walk over the layer stops half-way.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { CancelledError } from '../errors';

/**
 * Streams `body` into a NEW file (`wx`: an existing name, a symlink included, is an error and is
 * never followed). Settles once the file is closed: resolved when the whole body is written,
 * rejected when the write fails or the body stops early (the walk ended). The body is piped,
 * never destroyed here: a destroyed body takes the walk down with a less clear error than ours.
 */
export function writeEntryBody(body: Readable, file: string): Promise<void> {
  const ws = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  return new Promise<void>((resolve, reject) => {
    let failed: unknown;
    ws.on('error', (e) => (failed ??= e));
    ws.on('close', () => (failed === undefined ? resolve() : reject(failed)));
    // tar-stream bodies are streamx streams: no `readableEnded`, so the end is tracked here.
    let ended = false;
    const stopped = (): void => {
      if (!ended && !ws.destroyed) ws.destroy(new CancelledError());
    };
    body.on('end', () => (ended = true));
    body.on('close', stopped);
    if (body.destroyed) return stopped();
    body.pipe(ws);
  });
}
