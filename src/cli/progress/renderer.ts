// docker's transfer output. On a terminal, one line per layer is redrawn in place
// (`abc123def456: Downloading [==>   ]  12.3MB/45.6MB`); otherwise each status change is one
// plain line and byte counts are left out, so logs do not fill with Downloading lines.
import { humanSize } from '../../engine/format/units';
import { ProgressEvent } from '../../engine/ops/context';
import { Output } from '../command';

const BAR_WIDTH = 50;

export function progressText(status: string, current?: number, total?: number): string {
  if (current === undefined) return status;
  if (!total) return `${status}  ${humanSize(current)}`;
  const filled = Math.max(0, Math.min(BAR_WIDTH, Math.floor((current / total) * BAR_WIDTH)));
  const bar = `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${' '.repeat(BAR_WIDTH - filled)}]`;
  return `${status} ${bar}  ${humanSize(current)}/${humanSize(total)}`;
}

export class ProgressRenderer {
  private readonly rows = new Map<string, number>();
  private readonly lastStatus = new Map<string, string>();
  private lines = 0;

  constructor(private readonly out: Output, private readonly tty = out.isTTY) {}

  readonly handle = (e: ProgressEvent): void => {
    if (e.kind === 'message') {
      this.print(e.text);
      return;
    }
    const hasBytes = e.current !== undefined;
    if (!this.tty) {
      // Plain output: status changes only.
      if (hasBytes || this.lastStatus.get(e.id) === e.status) return;
      this.lastStatus.set(e.id, e.status);
      this.print(`${e.id}: ${e.status}`);
      return;
    }
    const text = `${e.id}: ${progressText(e.status, e.current, e.total)}`;
    const row = this.rows.get(e.id);
    if (row === undefined) {
      this.rows.set(e.id, this.lines);
      this.print(text);
      return;
    }
    const up = this.lines - row;
    this.out.write(`\x1b[${up}A\r\x1b[2K${text}\x1b[${up}B\r`);
  };

  private print(text: string): void {
    this.out.write(`${text}\n`);
    this.lines += text.split('\n').length;
  }
}
