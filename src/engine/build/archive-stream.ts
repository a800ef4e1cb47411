// Walks a local tar archive (plain, gzip or zstd) entry by entry, for ADD: names are cleaned to
// relative paths and any entry that would escape the destination (`..`, absolute paths, hard
// links out) is refused before it is used.
import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { unsafeEntryReason } from '../ops/layer-writer';
import { LadingError } from '../errors';
import { autoDecompress } from '../util/compression';

export type EntryHandler = (header: tar.Header, body: Readable) => Promise<void>;

function clean(name: string): string {
  return name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

export async function streamArchive(file: string, onEntry: EntryHandler): Promise<void> {
  const { stream } = await autoDecompress(createReadStream(file));
  const extract = tar.extract();
  const what = `ADD ${path.basename(file)}`;
  await new Promise<void>((resolve, reject) => {
    extract.on('entry', (h, body, next) => {
      const why = unsafeEntryReason(h.name, h.linkname ?? undefined, h.type ?? undefined);
      if (why) {
        extract.destroy();
        return reject(new LadingError(`${what}: ${why}`));
      }
      const name = clean(h.name);
      if (!name) {
        body.resume();
        return next();
      }
      const header = { ...h, name, linkname: h.type === 'link' && h.linkname ? clean(h.linkname) : h.linkname };
      onEntry(header, body as unknown as Readable).then(() => next(), (e: Error) => {
        extract.destroy();
        reject(e);
      });
    });
    extract.on('finish', resolve);
    extract.on('error', (e: Error) => reject(new LadingError(`${what}: not a valid tar archive: ${e.message}`)));
    stream.on('error', reject);
    stream.pipe(extract);
  });
}
