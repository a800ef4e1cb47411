// docker-style argument parsing: `-a`, `-aq`, `--all`, `--format X`, `--format=X`, `-H=false`,
// repeatable flags (`--filter a --filter b`), and `--` to end flags.
import { LadingError } from '../engine/errors';

export type FlagType = 'bool' | 'string' | 'strings' | 'int';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  description: string;
  default?: string | boolean | number;
  /** Shown in help instead of the type name (e.g. `FILE`). */
  valueName?: string;
  hidden?: boolean;
}

export interface ParsedArgs {
  flags: Record<string, string | boolean | number | string[] | undefined>;
  args: string[];
}

export function parseArgs(argv: string[], specs: FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const flags: ParsedArgs['flags'] = {};
  for (const s of specs) {
    if (s.type === 'strings') flags[s.name] = [];
    else if (s.default !== undefined) flags[s.name] = s.default;
    else if (s.type === 'bool') flags[s.name] = false;
  }
  const args: string[] = [];
  const set = (spec: FlagSpec, value: string | undefined, next: () => string | undefined, shown: string) => {
    if (spec.type === 'bool') {
      if (value === undefined) flags[spec.name] = true;
      else if (/^(true|1|t)$/i.test(value)) flags[spec.name] = true;
      else if (/^(false|0|f)$/i.test(value)) flags[spec.name] = false;
      else throw new LadingError(`invalid argument "${value}" for "${shown}" flag: parse error`);
      return;
    }
    const v = value ?? next();
    if (v === undefined) throw new LadingError(`flag needs an argument: ${shown}`);
    if (spec.type === 'strings') (flags[spec.name] as string[]).push(v);
    else if (spec.type === 'int') {
      if (!/^-?\d+$/.test(v)) throw new LadingError(`invalid argument "${v}" for "${shown}" flag: not a number`);
      flags[spec.name] = parseInt(v, 10);
    } else flags[spec.name] = v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => (i + 1 < argv.length ? argv[++i] : undefined);
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const spec = byName.get(name);
      if (!spec) throw new LadingError(`unknown flag: --${name}`);
      set(spec, eq >= 0 ? a.slice(eq + 1) : undefined, next, `--${name}`);
    } else if (a.startsWith('-') && a.length > 1) {
      const body = a.slice(1);
      for (let j = 0; j < body.length; j++) {
        const spec = byShort.get(body[j]);
        if (!spec) throw new LadingError(`unknown shorthand flag: '${body[j]}' in ${a}`);
        const rest = body.slice(j + 1);
        if (spec.type === 'bool') {
          if (rest.startsWith('=')) {
            set(spec, rest.slice(1), next, `-${body[j]}`);
            break;
          }
          set(spec, undefined, next, `-${body[j]}`);
        } else {
          set(spec, rest === '' ? undefined : rest.replace(/^=/, ''), next, `-${body[j]}`);
          break;
        }
      }
    } else {
      args.push(a);
    }
  }
  return { flags, args };
}
