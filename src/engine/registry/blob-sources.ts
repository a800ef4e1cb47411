// Which repositories a blob came from (<root>/lading/sources/<hex>.json), so a push to another
// repository of the same registry can mount the blob instead of uploading it again.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { readJsonFile, tempName } from '../util/fsutil';

export interface BlobSource {
  registry: string;
  repository: string;
}

const MAX_SOURCES = 8;

export class BlobSources {
  constructor(private readonly dir: string) {}

  static forStore(storeRoot: string): BlobSources {
    return new BlobSources(path.join(storeRoot, 'lading', 'sources'));
  }

  private file(digest: string): string {
    return path.join(this.dir, `${digest.replace(/^sha256:/, '')}.json`);
  }

  async get(digest: string): Promise<BlobSource[]> {
    const v = await readJsonFile<{ sources?: BlobSource[] }>(this.file(digest)).catch(() => undefined);
    return Array.isArray(v?.sources) ? v.sources : [];
  }

  /** Remembers a source, most recent first; concurrent writers may lose an entry, never the file. */
  async add(digest: string, source: BlobSource): Promise<void> {
    const known = await this.get(digest);
    if (known[0]?.registry === source.registry && known[0]?.repository === source.repository) return;
    const sources = [source, ...known.filter((s) => s.registry !== source.registry || s.repository !== source.repository)].slice(0, MAX_SOURCES);
    await fsp.mkdir(this.dir, { recursive: true });
    // Atomic (rename) but not fsynced: a lost hint after a crash only costs an upload.
    const tmp = tempName(this.dir, 'source');
    await fsp.writeFile(tmp, JSON.stringify({ sources }));
    await fsp.rename(tmp, this.file(digest)).catch(async (e) => {
      await fsp.rm(tmp, { force: true });
      throw e;
    });
  }
}
