// docker's `--format` handling: `table …` (tab-aligned, with a header row), `json` (one object per
// line), or a raw Go template per item. Alignment follows Go's text/tabwriter as docker sets it
// up: minimum cell width 10, padding 3, spaces.
import { compileTemplate, Template } from './template';

export const TABLE_PREFIX = 'table';

/** Aligns tab-separated cells: each column as wide as its widest cell + 3, at least 10. */
export function tabwrite(text: string, minWidth = 10, padding = 3): string {
  const lines = text.split('\n');
  const rows = lines.map((l) => l.split('\t'));
  const widths: number[] = [];
  for (const cells of rows) {
    // The text after the last tab is not a column cell: it is never padded.
    for (let j = 0; j < cells.length - 1; j++) {
      widths[j] = Math.max(widths[j] ?? 0, Math.max([...cells[j]].length + padding, minWidth));
    }
  }
  return rows
    .map((cells) => cells.map((c, j) => (j < cells.length - 1 ? c + ' '.repeat(widths[j] - [...c].length) : c)).join(''))
    .join('\n');
}

export interface FormatSpec {
  /** The user's `--format` value, or undefined for the command's default. */
  format?: string;
  /** The default table format (`table {{.Repository}}\t…`). */
  defaultFormat: string;
  /** Header names by field (`ID` → `IMAGE ID`). */
  headers: Record<string, string>;
  /** Whether `-q` was given: the quiet format replaces the default. */
  quietFormat?: string;
}

export class Formatter {
  private readonly template: Template;
  private readonly table: boolean;
  private readonly rows: string[] = [];

  constructor(private readonly spec: FormatSpec) {
    let f = spec.format ?? spec.defaultFormat;
    if (f === 'json') f = '{{json .}}';
    else if (f === 'table') f = spec.defaultFormat;
    this.table = f.startsWith(TABLE_PREFIX);
    if (this.table) f = f.slice(TABLE_PREFIX.length);
    f = f.trim().replace(/\\t/g, '\t').replace(/\\n/g, '\n');
    this.template = compileTemplate(f);
  }

  get isTable(): boolean {
    return this.table;
  }

  add(item: unknown): void {
    this.rows.push(this.template.execute(item));
  }

  /** The whole output, ending in a newline (empty when raw format and no rows). */
  render(): string {
    if (!this.table) return this.rows.map((r) => `${r}\n`).join('');
    const header = this.template.executeHeader(this.spec.headers);
    const body = [header, ...this.rows].join('\n');
    return `${tabwrite(body)}\n`;
  }
}

/** Renders items with a format spec in one go. */
export function renderFormatted(spec: FormatSpec, items: unknown[]): string {
  const f = new Formatter(spec);
  for (const i of items) f.add(i);
  return f.render();
}
