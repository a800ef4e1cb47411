// Store state for "nothing changed" assertions, and a full consistency check.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export function snapshot(store: string): { index: string; blobs: string[] } {
  let blobs: string[] = [];
  try {
    blobs = readdirSync(path.join(store, 'blobs', 'sha256')).sort();
  } catch {
    blobs = [];
  }
  return { index: readFileSync(path.join(store, 'index.json'), 'utf8'), blobs };
}
