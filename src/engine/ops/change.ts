// `--change` for import and commit: the Dockerfile instructions docker accepts there, applied to
// an image's container config. Shell form becomes `/bin/sh -c …`, JSON form is taken as is.
import { LadingError } from '../errors';
import { ContainerConfig } from '../image/types';
import * as path from 'node:path';

const VALID = ['CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'LABEL', 'ONBUILD', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR'];

/** Splits on blanks outside quotes; quotes are removed and `\` escapes the next character. */
export function splitWords(s: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new LadingError(`unmatched quote in "${s}"`);
  if (inWord) words.push(cur);
  return words;
}

/** JSON exec form (`["a","b"]`), or undefined when the text is shell form. */
export function execForm(rest: string): string[] | undefined {
  const t = rest.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v = JSON.parse(t) as unknown;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  } catch {
    // docker falls back to shell form for text that is not a JSON string array
  }
  return undefined;
}

/** `k=v k2="v 2"` pairs, or the legacy `KEY value with spaces` form. */
function keyValues(instr: string, rest: string): [string, string][] {
  const words = splitWords(rest);
  if (!words.length) throw new LadingError(`${instr} requires at least one argument`);
  if (!words[0].includes('=')) {
    const m = /^\s*(\S+)\s+([\s\S]*)$/.exec(rest);
    if (!m) throw new LadingError(`${instr} requires at least two arguments`);
    return [[m[1], splitWords(m[2]).join(' ')]];
  }
  return words.map((w) => {
    const eq = w.indexOf('=');
    if (eq <= 0) throw new LadingError(`${instr} names can not be blank, or use key=value: "${w}"`);
    return [w.slice(0, eq), w.slice(eq + 1)];
  });
}

export interface ParsedChange {
  instruction: string;
  args: string;
}

export function parseChange(line: string): ParsedChange {
  const m = /^\s*([A-Za-z]+)(?:\s+([\s\S]*))?$/.exec(line);
  if (!m) throw new LadingError(`invalid change "${line}"`);
  const instruction = m[1].toUpperCase();
  if (!VALID.includes(instruction)) throw new LadingError(`${m[1].toLowerCase()} is not a valid change command`);
  return { instruction, args: (m[2] ?? '').trim() };
}

/** Applies `--change` lines in order to a copy of `base`. */
export function applyChanges(base: ContainerConfig | undefined, changes: string[]): ContainerConfig {
  const c: ContainerConfig = JSON.parse(JSON.stringify(base ?? {})) as ContainerConfig;
  let cmdSet = false;
  for (const line of changes) {
    const { instruction, args } = parseChange(line);
    const needArgs = () => {
      if (!args) throw new LadingError(`${instruction} requires at least one argument`);
    };
    switch (instruction) {
      case 'CMD':
        c.Cmd = execForm(args) ?? ['/bin/sh', '-c', args];
        cmdSet = true;
        break;
      case 'ENTRYPOINT': {
        const ex = execForm(args);
        c.Entrypoint = ex ?? (args ? ['/bin/sh', '-c', args] : null);
        // As in a Dockerfile: a new entrypoint drops an inherited CMD.
        if (!cmdSet) c.Cmd = null;
        break;
      }
      case 'ENV': {
        const env = [...(c.Env ?? [])];
        for (const [k, v] of keyValues('ENV', args)) {
          const i = env.findIndex((e) => e.split('=')[0] === k);
          if (i >= 0) env[i] = `${k}=${v}`;
          else env.push(`${k}=${v}`);
        }
        c.Env = env;
        break;
      }
      case 'LABEL':
        c.Labels = { ...(c.Labels ?? {}) };
        for (const [k, v] of keyValues('LABEL', args)) c.Labels[k] = v;
        break;
      case 'EXPOSE':
        needArgs();
        c.ExposedPorts = { ...(c.ExposedPorts ?? {}) };
        for (const p of splitWords(args)) {
          if (!/^\d+(-\d+)?(\/(tcp|udp|sctp))?$/i.test(p)) throw new LadingError(`invalid port "${p}" in EXPOSE`);
          c.ExposedPorts[p.includes('/') ? p.toLowerCase() : `${p}/tcp`] = {};
        }
        break;
      case 'WORKDIR':
        needArgs();
        c.WorkingDir = path.posix.resolve(c.WorkingDir || '/', args);
        break;
      case 'USER':
        needArgs();
        c.User = args;
        break;
      case 'VOLUME': {
        needArgs();
        c.Volumes = { ...(c.Volumes ?? {}) };
        for (const v of execForm(args) ?? splitWords(args)) c.Volumes[v] = {};
        break;
      }
      case 'STOPSIGNAL':
        needArgs();
        c.StopSignal = args;
        break;
      case 'ONBUILD': {
        needArgs();
        const trigger = /^(\S+)([\s\S]*)$/.exec(args) as RegExpExecArray;
        if (/^(ONBUILD|FROM|MAINTAINER)$/i.test(trigger[1])) throw new LadingError(`${trigger[1].toUpperCase()} isn't allowed as an ONBUILD trigger`);
        c.OnBuild = [...(c.OnBuild ?? []), `${trigger[1].toUpperCase()}${trigger[2]}`];
        break;
      }
    }
  }
  return c;
}
