// docker/go-units formatting, so sizes and ages read exactly as docker prints them.

const decimalUnits = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** go-units HumanSizeWithPrecision: base 1000, `%.{precision}g` then the unit. */
export function humanSize(bytes: number, precision = 3): string {
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < decimalUnits.length - 1) {
    size /= 1000;
    i++;
  }
  return `${formatG(size, precision)}${decimalUnits[i]}`;
}

/** Go's `%.Ng`: N significant digits, trailing zeros dropped, exponent form for large values. */
export function formatG(value: number, precision: number): string {
  if (value === 0) return '0';
  // The exponent after rounding to `precision` digits decides the form, as in Go (999.9 → 1e+03).
  const exp = Number(value.toExponential(precision - 1).split('e')[1]);
  if (exp < -4 || exp >= precision) {
    const s = value.toExponential(precision - 1).replace(/\.?0+e/, 'e');
    return s.replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(Number(value.toPrecision(precision)));
}

/** go-units HumanDuration: "Less than a second", "About a minute", "3 hours", "2 weeks"… */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 60000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(ms / 3600000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(Math.floor(ms / 3600000) / 24 / 365)} years`;
}

/** "2 hours ago", or "N/A" for an unknown time, as `docker images` prints. */
export function timeAgo(date: Date | undefined, now: Date = new Date()): string {
  if (!date || Number.isNaN(date.getTime()) || date.getTime() <= 0) return 'N/A';
  return `${humanDuration(Math.max(0, now.getTime() - date.getTime()))} ago`;
}

/**
 * go-units RAMInBytes/FromHumanSize counterpart for flags such as `--filter until=24h`:
 * parses Go durations (`1h30m`, `10m`, `45s`).
 */
export function parseGoDuration(s: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    total += parseFloat(m[1]) * unit[m[2]];
    consumed += m[0].length;
  }
  return consumed === s.length && consumed > 0 ? total : undefined;
}
