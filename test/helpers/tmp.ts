// Temp folders removed when the test process exits.
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const made: string[] = [];
process.on('exit', () => {
  if (process.env.LADING_KEEP_TMP) return;
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'lading-test-'): string {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
}
