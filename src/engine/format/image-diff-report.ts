// The text report of an image comparison, laid out as container-diff prints its file analysis
// (so its readers find their way) with a config section first. Shared by the CLI and the editor
// report, which is why it lives beside the other pure formatting rather than in either.
import { humanSize } from './units';
import { FileChange, ImageDiff, ModifiedFile } from '../ops/image-diff';

/** Columns as docker's tabwriter sets them: each as wide as its widest cell + 3, at least 10. */
function columns(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) for (let j = 0; j < r.length - 1; j++) widths[j] = Math.max(widths[j] ?? 10, [...r[j]].length + 3);
  return rows.map((r) => r.map((c, j) => (j < r.length - 1 ? c.padEnd(widths[j] + c.length - [...c].length) : c)).join('')).join('\n');
}

function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

/** What differs besides the sizes (which have their own columns). */
export function describeChange(m: ModifiedFile): string {
  const { before: a, after: b } = m;
  const parts: string[] = [];
  if (a.type !== b.type) parts.push(`type ${a.type} -> ${b.type}`);
  if (a.mode !== b.mode) parts.push(`mode ${octal(a.mode)} -> ${octal(b.mode)}`);
  if (a.uid !== b.uid || a.gid !== b.gid) parts.push(`owner ${a.uid}:${a.gid} -> ${b.uid}:${b.gid}`);
  if ((a.linkname ?? '') !== (b.linkname ?? '')) parts.push(`link ${a.linkname ?? '-'} -> ${b.linkname ?? '-'}`);
  if (a.type === b.type && a.type !== 'directory' && a.mtime !== b.mtime) parts.push('mtime');
  if (a.size !== b.size && !parts.length) parts.push('size');
  return parts.join(', ');
}

function section(title: string, header: string[], rows: string[][]): string {
  return rows.length ? `${title}:\n${columns([header, ...rows])}\n` : `${title}: None\n`;
}

function files(list: FileChange[]): string[][] {
  return list.map((c) => [c.path, humanSize(c.size)]);
}

export function renderImageDiff(d: ImageDiff): string {
  const one = d.a.ref;
  const two = d.b.ref;
  const out = [
    '-----Config-----',
    '',
    section(
      `These fields have been changed between ${one} and ${two}`,
      ['FIELD', 'BEFORE', 'AFTER'],
      d.config.map((c) => [c.field, c.before ?? '<none>', c.after ?? '<none>']),
    ),
    '-----File-----',
    '',
    section(`These entries have been added to ${two}`, ['FILE', 'SIZE'], files(d.added)),
    section(`These entries have been deleted from ${two}`, ['FILE', 'SIZE'], files(d.deleted)),
    section(
      `These entries have been changed between ${one} and ${two}`,
      ['FILE', 'SIZE1', 'SIZE2', 'CHANGED'],
      d.modified.map((m) => [m.path, humanSize(m.before.size), humanSize(m.after.size), describeChange(m)]),
    ),
  ];
  return out.join('\n');
}
