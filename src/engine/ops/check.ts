// `system check`: verifies the whole store. index.json parses; every blob's content matches its
// digest; every blob reachable from index.json exists. Read-only: it repairs nothing.
import { OpContext } from './context';
import { throwIfAborted } from '../errors';
import { Store } from '../store/store';

export interface CheckResult {
  ok: boolean;
  /** One line per problem found. */
  problems: string[];
  blobs: number;
  manifests: number;
}

export async function checkStore(store: Store, ctx: OpContext = {}): Promise<CheckResult> {
  const problems: string[] = [];
  let blobs = 0;
  for await (const digest of store.blobs.list()) {
    throwIfAborted(ctx.signal);
    blobs++;
    const good = await store.blobs.verify(digest).catch(() => false);
    if (!good) problems.push(`blob ${digest} is corrupt: its content does not match its digest`);
  }
  let manifests = 0;
  try {
    const index = await store.readIndex();
    const reachable = new Set<string>();
    for (const d of index.manifests) {
      manifests++;
      if (!d.digest || !/^sha256:[a-f0-9]{64}$/.test(d.digest)) {
        problems.push(`index.json entry has an invalid digest ${JSON.stringify(d.digest)}`);
        continue;
      }
      await store.reachable(d, reachable);
    }
    for (const digest of reachable) {
      if (!(await store.blobs.has(digest))) problems.push(`blob ${digest} is referenced from index.json but missing`);
    }
  } catch (e) {
    problems.push((e as Error).message);
  }
  return { ok: problems.length === 0, problems, blobs, manifests };
}
