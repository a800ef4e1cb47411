// Go text/template subset for `--format`, with docker's template functions (json, join, upper,
// lower, title, split, truncate, pad, println, printf, index, len) and Go's comparisons.
// Values are plain JS data: plain objects behave like Go maps (a missing key prints
// `<no value>`), objects made with `struct()` like Go structs (a missing field is an error).
import { LadingError } from '../../engine/errors';
import { Arg, Node, Pipeline, parseTemplate } from './template-parse';
import { sprintf } from './sprintf';
import { NO_VALUE, goString, isStruct } from './go-value';

export { struct, goString } from './go-value';

function execError(msg: string): LadingError {
  return new LadingError(`template: executing "" ${msg}`);
}

function truthy(v: unknown): boolean {
  if (v === NO_VALUE || v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object' && !isStruct(v) && !(v instanceof Date)) return Object.keys(v).length > 0;
  return true;
}

function toJson(v: unknown): string {
  if (v === NO_VALUE || v === undefined) return 'null';
  return JSON.stringify(v) ?? 'null';
}

type Fn = (...args: unknown[]) => unknown;

const strArg = (v: unknown) => (typeof v === 'string' ? v : goString(v));

export const templateFunctions: Record<string, Fn> = {
  json: (v) => toJson(v),
  join: (list, sep) => (Array.isArray(list) ? list.map(strArg).join(strArg(sep)) : strArg(list)),
  split: (s, sep) => strArg(s).split(strArg(sep)),
  upper: (s) => strArg(s).toUpperCase(),
  lower: (s) => strArg(s).toLowerCase(),
  title: (s) => strArg(s).replace(/\b\w/g, (c) => c.toUpperCase()),
  truncate: (s, n) => [...strArg(s)].slice(0, Number(n)).join(''),
  pad: (s, before, after) => `${' '.repeat(Number(before))}${strArg(s)}${' '.repeat(Number(after))}`,
  print: (...a) => a.map(goString).join(''),
  println: (...a) => `${a.map(goString).join(' ')}\n`,
  printf: (f, ...a) => sprintf(strArg(f), a.map((x) => (x === NO_VALUE ? undefined : x))),
  len: (v) => {
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (v && typeof v === 'object') return Object.keys(v).length;
    throw execError(`error calling len: len of type ${typeof v}`);
  },
  index: (v, ...keys) => {
    let cur = v;
    for (const k of keys) {
      if (Array.isArray(cur)) cur = cur[Number(k)];
      else if (cur && typeof cur === 'object') cur = k as string in (cur as object) ? (cur as Record<string, unknown>)[k as string] : NO_VALUE;
      else throw execError(`error calling index: cannot index ${goString(cur)}`);
      if (cur === undefined) throw execError(`error calling index: index out of range: ${goString(k)}`);
    }
    return cur;
  },
  not: (v) => !truthy(v),
  and: (...a) => a.find((x) => !truthy(x)) ?? a[a.length - 1],
  or: (...a) => a.find((x) => truthy(x)) ?? a[a.length - 1],
  eq: (a, ...b) => b.some((x) => x === a),
  ne: (a, b) => a !== b,
  lt: (a, b) => (a as number) < (b as number),
  le: (a, b) => (a as number) <= (b as number),
  gt: (a, b) => (a as number) > (b as number),
  ge: (a, b) => (a as number) >= (b as number),
};

/** docker renders the table header with these: every function passes its first argument through. */
const headerFunctions: Record<string, Fn> = {
  ...templateFunctions,
  json: (v) => strArg(v),
  join: (v) => strArg(v),
  split: (v) => strArg(v),
  upper: (v) => strArg(v),
  lower: (v) => strArg(v),
  title: (v) => strArg(v),
  truncate: (v) => strArg(v),
  pad: (v) => strArg(v),
};

interface Scope {
  dot: unknown;
  vars: Map<string, unknown>;
  fns: Record<string, Fn>;
}

function field(value: unknown, name: string): unknown {
  if (value === null || value === undefined || value === NO_VALUE) {
    throw execError(`at <.${name}>: nil pointer evaluating interface {}.${name}`);
  }
  if (typeof value !== 'object') throw execError(`at <.${name}>: can't evaluate field ${name} in type ${typeof value}`);
  const o = value as Record<string, unknown>;
  if (name in o) {
    const v = o[name];
    return typeof v === 'function' ? (v as Fn).call(o) : v;
  }
  if (isStruct(o)) throw execError(`at <.${name}>: can't evaluate field ${name}`);
  return NO_VALUE;
}

function walk(v: unknown, path: string[]): unknown {
  let cur = v;
  for (const p of path) cur = field(cur, p);
  return cur;
}

function evalArg(a: Arg, s: Scope): unknown {
  switch (a.kind) {
    case 'field':
      if (a.base === 'dot') return walk(s.dot, a.path);
      if (!s.vars.has(a.name as string)) throw execError(`undefined variable: ${a.name}`);
      return walk(s.vars.get(a.name as string), a.path);
    case 'string':
    case 'number':
    case 'bool':
      return a.value;
    case 'nil':
      return null;
    case 'pipe':
      return walk(evalPipeline(a.pipe, s), a.path);
    case 'ident': {
      const fn = s.fns[a.name];
      if (!fn) throw execError(`function "${a.name}" not defined`);
      return fn();
    }
  }
}

function evalPipeline(p: Pipeline, s: Scope): unknown {
  let value: unknown = undefined;
  let first = true;
  for (const cmd of p.commands) {
    const head = cmd[0];
    if (head.kind === 'ident') {
      const fn = s.fns[head.name];
      if (!fn) throw execError(`function "${head.name}" not defined`);
      const args = cmd.slice(1).map((a) => evalArg(a, s));
      if (!first) args.push(value);
      value = fn(...args);
    } else {
      if (cmd.length > 1) throw execError(`can't give argument to non-function ${describe(head)}`);
      if (!first) throw execError(`can't give argument to non-function ${describe(head)}`);
      value = evalArg(head, s);
    }
    first = false;
  }
  if (p.decl.length) s.vars.set(p.decl[p.decl.length - 1], value);
  return value;
}

function describe(a: Arg): string {
  return a.kind === 'field' ? `${a.base === 'dot' ? '' : a.name}.${a.path.join('.')}` : a.kind;
}

function run(nodes: Node[], s: Scope, out: string[]): void {
  for (const n of nodes) {
    switch (n.kind) {
      case 'text':
        out.push(n.text);
        break;
      case 'action': {
        const v = evalPipeline(n.pipe, s);
        if (!n.pipe.decl.length) out.push(goString(v));
        break;
      }
      case 'if': {
        const v = evalPipeline(n.pipe, s);
        run(truthy(v) ? n.body : n.elseBody, s, out);
        break;
      }
      case 'with': {
        const v = evalPipeline(n.pipe, s);
        if (truthy(v)) run(n.body, { ...s, dot: v, vars: new Map(s.vars) }, out);
        else run(n.elseBody, s, out);
        break;
      }
      case 'range': {
        const decl = n.pipe.decl;
        const v = evalPipeline({ ...n.pipe, decl: [] }, s);
        let entries: [unknown, unknown][] = [];
        if (Array.isArray(v)) entries = v.map((x, i) => [i, x]);
        else if (v && typeof v === 'object' && v !== NO_VALUE) entries = Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]);
        else if (typeof v === 'number') entries = Array.from({ length: v }, (_, i) => [i, i]);
        else if (v !== null && v !== undefined && v !== NO_VALUE) throw execError(`range can't iterate over ${goString(v)}`);
        if (!entries.length) {
          run(n.elseBody, s, out);
          break;
        }
        for (const [k, x] of entries) {
          const vars = new Map(s.vars);
          if (decl.length === 1) vars.set(decl[0], x);
          if (decl.length === 2) {
            vars.set(decl[0], k);
            vars.set(decl[1], x);
          }
          run(n.body, { ...s, dot: x, vars }, out);
        }
        break;
      }
    }
  }
}

export class Template {
  private readonly nodes: Node[];

  constructor(readonly source: string) {
    this.nodes = parseTemplate(source);
  }

  execute(data: unknown): string {
    return this.run(data, templateFunctions);
  }

  /** Renders with docker's header functions (a table's first row). */
  executeHeader(headers: Record<string, string>): string {
    return this.run(headers, headerFunctions);
  }

  private run(data: unknown, fns: Record<string, Fn>): string {
    const out: string[] = [];
    run(this.nodes, { dot: data, vars: new Map([['$', data]]), fns }, out);
    return out.join('');
  }
}

/** Parses once; throws `template parsing error: …` for bad input. */
export function compileTemplate(source: string): Template {
  return new Template(source);
}
