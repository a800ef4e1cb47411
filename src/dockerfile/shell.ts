// A small shell reader for RUN instructions: splits the command line into simple commands and
// words with their offsets in the document, which is all the hadolint rules need to inspect
// `apt-get install …` and friends and to point at the exact word. Not a full shell parser.
import { Instruction } from 'dockerfile-ast';
import { ParsedDockerfile, isJsonForm } from './parse';

export interface Word {
  /** Unquoted value. */
  value: string;
  /** Offsets in the document text [start, end). */
  start: number;
  end: number;
}

export interface SimpleCommand {
  /** Words after leading `VAR=value` assignments. */
  words: Word[];
  /** The operator that joined this command to the next one (`&&`, `|`, `;`, newline…). */
  next?: string;
}

export interface ShellScript {
  commands: SimpleCommand[];
  /** Offsets of the script in the document. */
  start: number;
  end: number;
}

const escapedNewlines = new Map<string, RegExp>();

function escapedNewline(escape: string): RegExp {
  let re = escapedNewlines.get(escape);
  if (!re) escapedNewlines.set(escape, (re = new RegExp(`\\${escape}\\r?\\n`, 'g')));
  return re;
}

/** The script of a shell-form RUN (or CMD/ENTRYPOINT); JSON form gives its strings as one command. */
export function shellOf(doc: ParsedDockerfile, ins: Instruction): ShellScript | undefined {
  const args = ins.getArguments();
  if (args.length === 0) return undefined;
  const start = doc.offsetAt(args[0].getRange().start);
  const end = doc.offsetAt(ins.getRange().end);
  if (isJsonForm(ins)) {
    const words: Word[] = [];
    try {
      const arr = JSON.parse(doc.text.slice(start, end).replace(escapedNewline(doc.escape), ' '));
      if (Array.isArray(arr)) for (const v of arr) words.push({ value: String(v), start, end });
    } catch {
      return undefined;
    }
    return { commands: words.length ? [{ words }] : [], start, end };
  }
  const commands: SimpleCommand[] = [];
  tokenize(doc.text, start, end, doc.escape, commands);
  return { commands, start, end };
}

const OPERATORS = ['&&', '||', ';;', '|&', '&', '|', ';', '(', ')', '{', '}'];
const OPERATOR_START = new Set(OPERATORS.map((o) => o[0]));
/** Characters the tokenizer must look at one by one. */
const SPECIAL = new Set([' ', '\t', '\n', '\r', "'", '"', '\\', '$', '`', '#', '&', '|', ';', '(', ')', '{', '}', '<', '>']);

function tokenize(text: string, from: number, to: number, escape: string, out: SimpleCommand[]): void {
  let words: Word[] = [];
  let cur = '';
  let curStart = -1;
  let skipNextWord = false;
  let atLineStart = true;
  const heredocs: { delim: string; strip: boolean; script: boolean }[] = [];
  const endWord = () => {
    if (curStart >= 0) {
      if (skipNextWord) skipNextWord = false;
      else words.push({ value: cur, start: curStart, end: i });
    }
    cur = '';
    curStart = -1;
  };
  const endCommand = (op: string) => {
    endWord();
    const assigned = dropAssignments(words);
    if (assigned.length) out.push({ words: assigned, next: op });
    else if (out.length && op !== '\n') out[out.length - 1].next = op;
    words = [];
  };
  let i = from;
  while (i < to) {
    const c = text[i];
    // Line continuation: the escape character, optional blanks, end of line.
    if (c === escape) {
      let j = i + 1;
      while (j < to && (text[j] === ' ' || text[j] === '\t')) j++;
      if (j >= to || text[j] === '\n' || text[j] === '\r') {
        endWord();
        i = j + (text[j] === '\r' && text[j + 1] === '\n' ? 2 : 1);
        // Comment lines inside a continued instruction are removed by the builder.
        for (;;) {
          let k = i;
          while (k < to && (text[k] === ' ' || text[k] === '\t')) k++;
          if (text[k] !== '#') break;
          while (k < to && text[k] !== '\n') k++;
          i = k + 1;
        }
        continue;
      }
    }
    if (c === '\n' || c === '\r') {
      endCommand('\n');
      i++;
      if (heredocs.length) i = readHeredocBodies(text, i, to, escape, heredocs.splice(0), out);
      atLineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
      continue;
    }
    if (c === '#' && curStart < 0 && (atLineStart || words.length >= 0)) {
      // A comment runs to the end of the line.
      while (i < to && text[i] !== '\n') i++;
      continue;
    }
    atLineStart = false;
    if (curStart < 0) {
      // Most words start with a letter: look for operators, heredocs and redirections only where
      // one can start (saves the slices and pattern runs per word).
      const op = OPERATOR_START.has(c) ? OPERATORS.find((o) => text.startsWith(o, i)) : undefined;
      if (op) {
        endCommand(op);
        i += op.length;
        continue;
      }
      const heredoc = c === '<' && text[i + 1] === '<' ? /^<<(-?)\s*(["']?)([A-Za-z_][\w.-]*)\2/.exec(text.slice(i, Math.min(to, i + 80))) : null;
      if (heredoc) {
        heredocs.push({ delim: heredoc[3], strip: heredoc[1] === '-', script: words.length === 0 });
        i += heredoc[0].length;
        continue;
      }
      const redirect = c === '<' || c === '>' || (c >= '0' && c <= '9') ? /^(\d*)(>>|>&|<&|>\||>|<)/.exec(text.slice(i, i + 4)) : null;
      if (redirect) {
        i += redirect[0].length;
        // `2>&1` has its target glued on; a separate word is the target otherwise.
        if (/^[\d-]/.test(text[i] ?? '') && redirect[2].endsWith('&')) {
          while (i < to && /[\d-]/.test(text[i])) i++;
        } else skipNextWord = true;
        continue;
      }
      curStart = i;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const e = close < 0 || close >= to ? to : close;
      cur += text.slice(i + 1, e);
      i = e + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < to && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < to) {
          cur += text[j + 1];
          j += 2;
          continue;
        }
        cur += text[j++];
      }
      i = j + 1;
      continue;
    }
    if (c === '\\' && i + 1 < to) {
      cur += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < to; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
      }
      cur += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      const e = close < 0 || close >= to ? to : close;
      cur += text.slice(i, e + 1);
      i = e + 1;
      continue;
    }
    // Ordinary characters in one slice (keeps garbage down on long scripts).
    let j = i + 1;
    while (j < to && !SPECIAL.has(text[j]) && text[j] !== escape) j++;
    cur += text.slice(i, j);
    i = j;
  }
  endCommand('');
}

function readHeredocBodies(
  text: string,
  i: number,
  to: number,
  escape: string,
  docs: { delim: string; strip: boolean; script: boolean }[],
  out: SimpleCommand[],
): number {
  for (const d of docs) {
    const bodyStart = i;
    let bodyEnd = to;
    while (i < to) {
      let e = text.indexOf('\n', i);
      if (e < 0 || e > to) e = to;
      const line = text.slice(i, e).replace(/\r$/, '');
      if ((d.strip ? line.replace(/^\t+/, '') : line) === d.delim) {
        bodyEnd = i;
        i = e + 1;
        break;
      }
      i = e + 1;
    }
    if (d.script) tokenize(text, bodyStart, Math.min(bodyEnd, to), escape === '`' ? '`' : '\\', out);
  }
  return Math.min(i, to);
}

function dropAssignments(words: Word[]): Word[] {
  let k = 0;
  while (k < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k].value)) k++;
  return k === 0 ? words : words.slice(k);
}

/** Every simple command of the script whose program (basename) is one of `names`. */
export function commandsNamed(script: ShellScript | undefined, ...names: string[]): SimpleCommand[] {
  if (!script) return [];
  const programs = programsOf(script);
  const out: SimpleCommand[] = [];
  for (let k = 0; k < script.commands.length; k++) {
    if (programs[k] !== undefined && names.includes(programs[k]!)) out.push(script.commands[k]);
  }
  return out;
}

const programsByScript = new WeakMap<ShellScript, (string | undefined)[]>();

/** Each command's program name (undefined for an empty command), worked out once per script: every rule asks. */
function programsOf(script: ShellScript): (string | undefined)[] {
  let programs = programsByScript.get(script);
  if (!programs) {
    programs = script.commands.map((c) => (c.words.length > 0 ? programName(c) : undefined));
    programsByScript.set(script, programs);
  }
  return programs;
}

export function programName(c: SimpleCommand): string {
  const w = c.words[0]?.value ?? '';
  return w.slice(w.lastIndexOf('/') + 1);
}

/** Arguments after the program name, split into flags and positional words. */
export function positional(c: SimpleCommand, valueFlags: string[] = [], from = 1): Word[] {
  const out: Word[] = [];
  for (let k = from; k < c.words.length; k++) {
    const v = c.words[k].value;
    if (v === '--') {
      out.push(...c.words.slice(k + 1));
      break;
    }
    if (v.startsWith('-') && v.length > 1) {
      if (valueFlags.includes(v)) k++;
      continue;
    }
    out.push(c.words[k]);
  }
  return out;
}

export function hasFlag(c: SimpleCommand, ...flags: string[]): boolean {
  return c.words.some((w) => {
    if (flags.includes(w.value) || flags.some((f) => f.startsWith('--') && w.value.startsWith(f + '='))) return true;
    // Bundled short flags: `-qy` holds `-y`, `-qO-` holds `-q` (letters up to a value).
    const bundle = /^-([A-Za-z]{2,})/.exec(w.value);
    if (bundle) return flags.some((f) => /^-[A-Za-z]$/.test(f) && bundle[1].includes(f[1]));
    return false;
  });
}

/** Words after the given subcommand (e.g. `install` of `apt-get install`), or undefined. */
export function subcommandIndex(c: SimpleCommand, ...subs: string[]): number {
  for (let k = 1; k < c.words.length; k++) if (subs.includes(c.words[k].value)) return k;
  return -1;
}
