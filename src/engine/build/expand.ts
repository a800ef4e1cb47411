// Docker's word processing for Dockerfile arguments: quotes are removed, the escape character
// (`\` or the `# escape=` directive's) quotes the next character, and `$VAR`, `${VAR}`,
// `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}` are replaced. Single quotes
// keep everything literal; double quotes still expand. Unset variables expand to nothing.
import { LadingError } from '../errors';

export type Vars = ReadonlyMap<string, string>;

/** Splits on blanks outside quotes, keeping quotes and escapes for processWord. */
export function splitRawWords(text: string, escape = '\\'): string[] {
  const words: string[] = [];
  let cur = '';
  let quote = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (!quote && /\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    inWord = true;
    cur += c;
    if (c === escape && quote !== "'" && i + 1 < text.length) cur += text[++i];
    else if (quote && c === quote) quote = '';
    else if (!quote && (c === '"' || c === "'")) quote = c;
  }
  if (inWord) words.push(cur);
  return words;
}

/** Processes one word: quote removal, escapes and variable expansion. */
export function processWord(word: string, vars: Vars, escape = '\\'): string {
  let out = '';
  let i = 0;
  const readName = (): string => {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(word.slice(i));
    if (!m) return '';
    i += m[0].length;
    return m[0];
  };
  // Expands `$…` at i (i is just past the `$`).
  const dollar = (): string => {
    if (word[i] !== '{') {
      const name = readName();
      return name ? vars.get(name) ?? '' : '$';
    }
    i++;
    const name = readName();
    if (!name) throw new LadingError(`failed to process "${word}": missing ':' in substitution`);
    if (word[i] === '}') {
      i++;
      return vars.get(name) ?? '';
    }
    let op = word[i];
    i++;
    if (op === ':') {
      op += word[i] ?? '';
      i++;
    }
    if (!['-', '+', ':-', ':+', '?', ':?'].includes(op)) throw new LadingError(`failed to process "${word}": unsupported modifier (${op}) in substitution`);
    // The parameter is itself a word (nested expansions allowed) up to the matching `}`.
    let depth = 1;
    const start = i;
    for (; i < word.length; i++) {
      if (word[i] === escape) i++;
      else if (word[i] === '{') depth++;
      else if (word[i] === '}' && --depth === 0) break;
    }
    if (depth !== 0) throw new LadingError(`failed to process "${word}": missing '}'`);
    const param = processWord(word.slice(start, i), vars, escape);
    i++;
    const value = vars.get(name);
    const set = op.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
    if (op.endsWith('-')) return set ? (value as string) : param;
    if (op.endsWith('+')) return set ? param : '';
    if (!set) throw new LadingError(`failed to process "${word}": ${name}: ${param || 'is not allowed to be unset'}`);
    return value as string;
  };
  let quote = '';
  while (i < word.length) {
    const c = word[i++];
    if (quote === "'") {
      if (c === "'") quote = '';
      else out += c;
    } else if (c === escape) {
      if (i >= word.length) {
        out += c;
        continue;
      }
      const next = word[i++];
      // Inside double quotes the escape only quotes ", $, the escape itself; otherwise it stays.
      if (quote === '"' && next !== '"' && next !== '$' && next !== escape) out += c;
      out += next;
    } else if (c === '$') {
      out += dollar();
    } else if (quote === '"' && c === '"') {
      quote = '';
    } else if (!quote && (c === '"' || c === "'")) {
      quote = c;
    } else {
      out += c;
    }
  }
  if (quote) throw new LadingError(`failed to process "${word}": unexpected end of statement while looking for matching ${quote}`);
  return out;
}

/** Expands variables only (JSON-form arguments keep their characters). */
export function expandOnly(text: string, vars: Vars): string {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced: string, op: string, param: string, bare: string) => {
    const name = braced ?? bare;
    const value = vars.get(name);
    if (!op) return value ?? '';
    const set = op.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
    if (op.endsWith('-')) return set ? (value as string) : param;
    return set ? param : '';
  });
}

/** Splits `KEY=VALUE …` (or the legacy `KEY value with spaces`) and processes each value. */
export function keyValuePairs(keyword: string, text: string, vars: Vars, escape = '\\', allowLegacy = true): [string, string][] {
  const words = splitRawWords(text, escape);
  if (!words.length) throw new LadingError(`${keyword} requires at least one argument`);
  if (!words[0].includes('=')) {
    if (!allowLegacy) throw new LadingError(`${keyword} requires KEY=VALUE arguments`);
    if (words.length < 2) throw new LadingError(`${keyword} must have two arguments`);
    const m = /^\s*(\S+)\s+([\s\S]*)$/.exec(text) as RegExpExecArray;
    return [[m[1], processWord(m[2].trim(), vars, escape)]];
  }
  return words.map((w) => {
    const processed = processWord(w, vars, escape);
    const eq = processed.indexOf('=');
    if (eq <= 0) throw new LadingError(`${keyword} names can not be blank, or use key=value: "${w}"`);
    return [processed.slice(0, eq), processed.slice(eq + 1)];
  });
}
