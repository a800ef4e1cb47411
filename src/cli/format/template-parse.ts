// Parser for the subset of Go's text/template that docker's `--format` flags use: actions with
// fields, variables, literals, function calls and pipes; if/else, range, with; `{{-`/`-}}` trims.
import { LadingError } from '../../engine/errors';

export type Arg =
  | { kind: 'field'; base: 'dot' | 'var'; name?: string; path: string[] }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'nil' }
  | { kind: 'ident'; name: string }
  | { kind: 'pipe'; pipe: Pipeline; path: string[] };

export interface Pipeline {
  decl: string[];
  commands: Arg[][];
}

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if' | 'with' | 'range'; pipe: Pipeline; body: Node[]; elseBody: Node[] };

export function templateError(msg: string): LadingError {
  return new LadingError(`template parsing error: template: ${msg}`);
}

interface RawToken {
  text?: string;
  action?: string;
  line: number;
}

/** Splits the source into text and `{{…}}` actions, applying the trim markers. */
function scan(src: string): RawToken[] {
  const out: RawToken[] = [];
  let i = 0;
  let line = 1;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      out.push({ text: src.slice(i), line });
      break;
    }
    let text = src.slice(i, open);
    let j = open + 2;
    if (src.startsWith('- ', j) || src.startsWith('-\t', j) || src.startsWith('-\n', j)) {
      text = text.replace(/\s+$/, '');
      j++;
    }
    if (text) out.push({ text, line });
    line += (src.slice(i, open).match(/\n/g) ?? []).length;
    // Find the closing braces outside string literals.
    let k = j;
    let quote = '';
    for (; k < src.length; k++) {
      const c = src[k];
      if (quote) {
        if (c === '\\' && quote === '"') k++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === '`') quote = c;
      else if (src.startsWith('}}', k)) break;
    }
    if (k >= src.length) throw templateError(`:${line}: unclosed action`);
    let body = src.slice(j, k);
    let next = k + 2;
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      while (next < src.length && /\s/.test(src[next])) next++;
    }
    out.push({ action: body.trim(), line });
    line += (body.match(/\n/g) ?? []).length;
    i = next;
  }
  return out;
}

type Lex = { t: 'field' | 'var' | 'string' | 'number' | 'ident' | 'punct'; v: string };

function lexAction(s: string, line: number): Lex[] {
  const toks: Lex[] = [];
  let i = 0;
  const fail = (why: string) => templateError(`:${line}: ${why}`);
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      let v = '';
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === '\\') {
          const e = s[++j];
          v += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
        } else v += s[j];
      }
      if (j >= s.length) throw fail('unterminated quoted string');
      toks.push({ t: 'string', v });
      i = j + 1;
    } else if (c === '`') {
      const j = s.indexOf('`', i + 1);
      if (j < 0) throw fail('unterminated raw quoted string');
      toks.push({ t: 'string', v: s.slice(i + 1, j) });
      i = j + 1;
    } else if (c === '.' || c === '$') {
      const m = /^[.$][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*/.exec(s.slice(i)) as RegExpExecArray;
      toks.push({ t: c === '.' ? 'field' : 'var', v: m[0] });
      i += m[0].length;
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?[0-9]+(?:\.[0-9]+)?/.exec(s.slice(i));
      if (!m) throw fail(`bad number syntax: "${s.slice(i, i + 5)}"`);
      toks.push({ t: 'number', v: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i)) as RegExpExecArray;
      toks.push({ t: 'ident', v: m[0] });
      i += m[0].length;
    } else if (s.startsWith(':=', i)) {
      toks.push({ t: 'punct', v: ':=' });
      i += 2;
    } else if ('|(),='.includes(c)) {
      toks.push({ t: 'punct', v: c });
      i++;
    } else {
      throw fail(`unexpected "${c}" in command`);
    }
  }
  return toks;
}

function parsePipeline(toks: Lex[], line: number, allowDecl: boolean): Pipeline {
  const fail = (why: string) => templateError(`:${line}: ${why}`);
  let pos = 0;
  const decl: string[] = [];
  if (allowDecl) {
    // `$v :=` or `$k, $v :=`
    const save = pos;
    const vars: string[] = [];
    while (toks[pos]?.t === 'var' && !toks[pos].v.slice(1).includes('.')) {
      vars.push(toks[pos].v);
      pos++;
      if (toks[pos]?.v === ',') pos++;
      else break;
    }
    if (vars.length && (toks[pos]?.v === ':=' || toks[pos]?.v === '=')) {
      decl.push(...vars);
      pos++;
    } else pos = save;
  }
  const parseOperand = (): Arg => {
    const tk = toks[pos++];
    if (!tk) throw fail('missing value for command');
    const path = (v: string) => v.split('.').filter(Boolean);
    switch (tk.t) {
      case 'field':
        return { kind: 'field', base: 'dot', path: path(tk.v) };
      case 'var': {
        const [name, ...rest] = tk.v.split('.');
        return { kind: 'field', base: 'var', name, path: rest };
      }
      case 'string':
        return { kind: 'string', value: tk.v };
      case 'number':
        return { kind: 'number', value: Number(tk.v) };
      case 'ident':
        if (tk.v === 'true' || tk.v === 'false') return { kind: 'bool', value: tk.v === 'true' };
        if (tk.v === 'nil') return { kind: 'nil' };
        return { kind: 'ident', name: tk.v };
      default:
        if (tk.v === '(') {
          let depth = 1;
          const start = pos;
          while (pos < toks.length && depth > 0) {
            if (toks[pos].v === '(') depth++;
            else if (toks[pos].v === ')') depth--;
            pos++;
          }
          if (depth) throw fail('unclosed left paren');
          const inner = parsePipeline(toks.slice(start, pos - 1), line, false);
          let p: string[] = [];
          if (toks[pos]?.t === 'field') p = path(toks[pos++].v);
          return { kind: 'pipe', pipe: inner, path: p };
        }
        throw fail(`unexpected "${tk.v}" in operand`);
    }
  };
  const commands: Arg[][] = [];
  let cmd: Arg[] = [];
  while (pos < toks.length) {
    if (toks[pos].v === '|') {
      if (!cmd.length) throw fail('missing command');
      commands.push(cmd);
      cmd = [];
      pos++;
      continue;
    }
    cmd.push(parseOperand());
  }
  if (!cmd.length) throw fail(commands.length ? 'missing command' : 'missing value for command');
  commands.push(cmd);
  return { decl, commands };
}

/** Parses a template into a node tree; throws `template parsing error: …` on bad input. */
export function parseTemplate(src: string): Node[] {
  const tokens = scan(src);
  let pos = 0;
  const parseList = (stopAt: string[]): { nodes: Node[]; stop?: string; stopTok?: RawToken } => {
    const nodes: Node[] = [];
    while (pos < tokens.length) {
      const tk = tokens[pos++];
      if (tk.text !== undefined) {
        nodes.push({ kind: 'text', text: tk.text });
        continue;
      }
      const body = tk.action as string;
      if (body.startsWith('/*')) continue; // comment
      const word = /^[a-z]+/.exec(body)?.[0] ?? '';
      if (stopAt.includes(word) && (word === 'end' || word === 'else')) return { nodes, stop: word, stopTok: tk };
      if (word === 'end' || word === 'else') throw templateError(`:${tk.line}: unexpected {{${word}}}`);
      if (word === 'if' || word === 'with' || word === 'range') {
        nodes.push(parseBlock(word, body.slice(word.length), tk.line));
        continue;
      }
      if (body === '') throw templateError(`:${tk.line}: missing value for command`);
      nodes.push({ kind: 'action', pipe: parsePipeline(lexAction(body, tk.line), tk.line, true) });
    }
    if (stopAt.length) throw templateError(`:${tokens[tokens.length - 1]?.line ?? 1}: unexpected EOF`);
    return { nodes };
  };
  const parseBlock = (kind: 'if' | 'with' | 'range', rest: string, line: number): Node => {
    const pipe = parsePipeline(lexAction(rest, line), line, kind !== 'if');
    const first = parseList(['end', 'else']);
    let elseBody: Node[] = [];
    if (first.stop === 'else') {
      const after = (first.stopTok?.action as string).slice(4).trim();
      if (after.startsWith('if ') || after.startsWith('with ')) {
        // `{{else if …}}` is an `if` nested in the else branch, sharing the same `{{end}}`.
        const k = after.startsWith('if ') ? 'if' : 'with';
        elseBody = [parseBlock(k, after.slice(k.length), line)];
        return { kind, pipe, body: first.nodes, elseBody };
      }
      elseBody = parseList(['end']).nodes;
    }
    return { kind, pipe, body: first.nodes, elseBody };
  };
  return parseList([]).nodes;
}
