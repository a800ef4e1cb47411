// Output helpers for registry listings: docker's tabwriter layout (min width 10, padding 3)
// and the small part of Go templates that `--format` users write ({{.Field}}, table, \t, json).

export function tabulate(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, Math.max(10, [...c].length + 3))));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i] - [...c].length))).join('')).join('\n') + '\n';
}

/** Renders `{{.Name}}\t{{.StarCount}}` for each item; `table` adds a header row. */
export function renderTemplate(format: string, items: Record<string, unknown>[], headers: Record<string, string>): string {
  let f = format.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  const table = /^table\s*/.test(f);
  if (table) f = f.replace(/^table\s*/, '');
  const fill = (item: Record<string, unknown> | undefined) =>
    f.replace(/\{\{\s*(json\s+)?\.([A-Za-z]*)\s*\}\}/g, (_m, json: string | undefined, field: string) => {
      if (!item) return headers[field] ?? field.toUpperCase();
      const v = field ? item[field] : item;
      return json ? JSON.stringify(v) : String(v ?? '');
    });
  const lines = items.map((i) => fill(i));
  if (table) {
    const rows = [fill(undefined), ...lines].map((l) => l.split('\t'));
    return tabulate(rows);
  }
  return lines.map((l) => `${l}\n`).join('');
}

/** docker's Ellipsis: at most `max` characters, the last one `…` when cut. */
export function ellipsis(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}
