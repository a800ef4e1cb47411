// The objects `--format` templates see, with docker's field names and table headers.
import { HistoryRow } from '../../engine/ops/history';
import { ImageRow } from '../../engine/ops/images';
import { ImageDiskUsage } from '../../engine/ops/df';
import { humanSize, timeAgo } from '../../engine/format/units';
import { shortId } from '../../engine/store/images';
import { struct } from './template';

/** Go's time.Time String() in UTC: `2024-01-02 03:04:05 +0000 UTC`. */
export function goTimeString(d: Date | undefined): string {
  if (!d || Number.isNaN(d.getTime())) return '0001-01-01 00:00:00 +0000 UTC';
  return `${d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} +0000 UTC`;
}

/** RFC 3339 with the offset, as Go prints a time with `-H=false`. */
export function rfc3339(d: Date | undefined): string {
  if (!d || Number.isNaN(d.getTime())) return '0001-01-01T00:00:00Z';
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

export const imageHeaders: Record<string, string> = {
  Containers: 'CONTAINERS',
  CreatedAt: 'CREATED AT',
  CreatedSince: 'CREATED',
  Digest: 'DIGEST',
  ID: 'IMAGE ID',
  Repository: 'REPOSITORY',
  SharedSize: 'SHARED SIZE',
  Size: 'SIZE',
  Tag: 'TAG',
  UniqueSize: 'UNIQUE SIZE',
  VirtualSize: 'VIRTUAL SIZE',
};

export function imageRowContext(row: ImageRow, opts: { noTrunc?: boolean; now?: Date }): Record<string, unknown> {
  const img = row.image;
  return struct({
    Containers: 'N/A',
    CreatedAt: goTimeString(img.created),
    CreatedSince: timeAgo(img.created, opts.now),
    Digest: row.digest,
    ID: opts.noTrunc ? img.id : shortId(img.id),
    Repository: row.repository,
    SharedSize: 'N/A',
    Size: humanSize(img.size),
    Tag: row.tag,
    UniqueSize: 'N/A',
    VirtualSize: humanSize(img.size),
  });
}

export const historyHeaders: Record<string, string> = {
  ID: 'IMAGE',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  CreatedBy: 'CREATED BY',
  Size: 'SIZE',
  Comment: 'COMMENT',
};

/** docker truncates CREATED BY to 45 columns, ending with `…`. */
export function ellipsis(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

export function historyRowContext(row: HistoryRow, opts: { noTrunc?: boolean; human?: boolean; now?: Date }): Record<string, unknown> {
  const human = opts.human !== false;
  const createdBy = row.createdBy.replace(/\t/g, ' ').replace(/\n/g, ' ');
  return struct({
    ID: row.id === '<missing>' || opts.noTrunc ? row.id : shortId(row.id),
    CreatedSince: human ? timeAgo(row.created, opts.now) : rfc3339(row.created),
    CreatedAt: rfc3339(row.created),
    CreatedBy: opts.noTrunc ? createdBy : ellipsis(createdBy, 45),
    Size: human ? humanSize(row.size) : String(row.size),
    Comment: row.comment,
  });
}

export const dfHeaders: Record<string, string> = {
  Type: 'TYPE',
  TotalCount: 'TOTAL',
  Active: 'ACTIVE',
  Size: 'SIZE',
  Reclaimable: 'RECLAIMABLE',
};

/** docker's `X (NN%)` with 4 significant digits. */
export function reclaimableText(reclaimable: number, total: number): string {
  const size = humanSize(reclaimable, 4);
  return total > 0 ? `${size} (${Math.trunc((reclaimable * 100) / total)}%)` : size;
}

export const dfImageHeaders: Record<string, string> = {
  ...imageHeaders,
  Size: 'SIZE',
};

export function dfImageContext(u: ImageDiskUsage, repository: string, tag: string, now?: Date): Record<string, unknown> {
  return struct({
    Containers: String(u.containers),
    CreatedAt: goTimeString(u.image.created),
    CreatedSince: timeAgo(u.image.created, now),
    Digest: '<none>',
    ID: shortId(u.image.id),
    Repository: repository,
    SharedSize: humanSize(u.sharedSize, 4),
    Size: humanSize(u.size),
    Tag: tag,
    UniqueSize: humanSize(u.uniqueSize, 4),
    VirtualSize: humanSize(u.size),
  });
}
