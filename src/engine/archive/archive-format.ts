// Which reader understands an archive, from the members it holds.
import { LadingError } from '../errors';
import { Spool } from './spool';

export type ArchiveFormat =
  /** index.json (+ blobs): OCI archives, and Docker 25+ archives (which also carry manifest.json) */
  | 'oci'
  /** manifest.json only: legacy docker/podman/skopeo docker-archive, crane tarballs */
  | 'docker-manifest';

/**
 * Docker 25+ archives have both index.json and manifest.json: index.json wins, because it keeps the
 * manifest (and so the manifest digest) the archive was made with.
 */
export function detectArchiveFormat(spool: Spool): ArchiveFormat {
  if (spool.has('index.json')) return 'oci';
  if (spool.has('manifest.json')) return 'docker-manifest';
  if (spool.has('repositories')) {
    throw new LadingError('invalid archive: no manifest.json (archives from docker before 1.10 are not supported)', 'EARCHIVE');
  }
  throw new LadingError('invalid archive: neither index.json nor manifest.json found; is this an image archive?', 'EARCHIVE');
}
