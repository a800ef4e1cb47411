// dockerfile-ast recomputes arguments, flags and variables on every call, and its own methods
// call each other: parsing one RUN scans its arguments about nine times (the parser builds each
// instruction twice, and a JSON-form instruction's constructor asks for its arguments four
// times). The tree never changes once parsed, so the answers are remembered here.
import * as ast from 'dockerfile-ast';
import { Argument, Instruction } from 'dockerfile-ast';
import { Parser } from 'dockerfile-ast/lib/parser';

/** The raw argument scan of an instance. */
const RAW_SCAN = Symbol('lading.rawArguments');
type Scanned = Instruction & { [RAW_SCAN]?: Argument[] };

/** FROM reassigns the start and end of its argument ranges (never a position's fields): a new range over the same positions. */
function cloneArgument(a: Argument): Argument {
  const r = a.getRange();
  return new Argument(a.getValue(), { start: r.start, end: r.end });
}

const KEYWORD = Symbol('lading.keyword');
let installed = false;

/**
 * Remembers `Instruction.getRawArguments` (the costly character scan every other argument method
 * starts from) per instance from the very first call: dockerfile-ast calls it while constructing
 * instructions, before any instance could be wrapped. `getKeyword` is remembered too, and the
 * parser's second build of an instruction returns the first (see shareInstructionBuiltTwice).
 * Callers get fresh arrays, since dockerfile-ast shifts flags off them, and FROM even fresh
 * arguments, since it reassigns their ranges.
 */
export function rememberCostlyAnswers(): void {
  if (installed) return;
  installed = true;
  const proto = Instruction.prototype as unknown as { getRawArguments(this: Scanned): Argument[]; getKeyword(this: Instruction): string };
  // The keyword is upper-cased anew on every call, and everything asks for it.
  const keyword = proto.getKeyword;
  proto.getKeyword = function (this: Instruction & { [KEYWORD]?: string }): string {
    return (this[KEYWORD] ??= keyword.call(this));
  };
  shareInstructionBuiltTwice();
  rememberAnswers();
  const scan = proto.getRawArguments;
  proto.getRawArguments = function (this: Scanned): Argument[] {
    const args = (this[RAW_SCAN] ??= scan.call(this));
    return this.getKeyword() === 'FROM' ? args.map(cloneArgument) : args.slice();
  };
}

const LAST_BUILT = Symbol('lading.lastBuilt');
type Build = [dockerfile: unknown, keyword: string, start: number, keywordEnd: number, end: number];

/**
 * The parser builds an instruction once to look for heredocs after its first line and then again
 * for the tree; without heredocs both are built from the very same arguments. The second build
 * returns the first instance (which the heredoc search only read), so each instruction's
 * constructor work (JSON-form scanning, ranges) is done once.
 */
function shareInstructionBuiltTwice(): void {
  const proto = Parser.prototype as unknown as { createInstruction(...build: Build): Instruction; [LAST_BUILT]?: { build: Build; made: Instruction } };
  const create = proto.createInstruction;
  proto.createInstruction = function (this: typeof proto, ...build: Build): Instruction {
    const last = this[LAST_BUILT];
    if (last && last.build.every((v, i) => v === build[i])) {
      this[LAST_BUILT] = undefined;
      return last.made;
    }
    const made = create.apply(this, build);
    this[LAST_BUILT] = { build, made };
    return made;
  };
}

const MEMOIZED = ['getArguments', 'getArgumentsContent', 'getArgumentsRange', 'getRawArgumentsContent', 'getFlags', 'getHeredocs', 'getVariables', 'getProperties', 'getTriggerInstruction', 'getImageName', 'getBuildStage'];

const READY = Symbol('lading.parsed');
const ANSWERS = Symbol('lading.answers');
const DEPTH = Symbol('lading.depth');
type Remembering = Instruction & { [READY]?: boolean; [ANSWERS]?: Record<number, unknown>; [DEPTH]?: number };

/**
 * Remembers the other per-instruction answers once an instance is parsed (see memoizeInstruction).
 * Each class's own implementation of a method remembers its answer separately, since subclasses
 * call their parent's. Nothing is remembered while getFlags() is at work on the instance: it asks
 * for the arguments while its own answer is half-built, and that unfiltered list must not stay.
 */
function rememberAnswers(): void {
  const owners = new Set<object>();
  let site = 0;
  const classes = Object.values(ast).filter((c): c is new (...a: never[]) => Instruction => typeof c === 'function' && (c === Instruction || c.prototype instanceof Instruction));
  for (const cls of classes) {
    for (const name of MEMOIZED) {
      if (!Object.prototype.hasOwnProperty.call(cls.prototype, name)) continue;
      const proto = cls.prototype as unknown as Record<string, unknown>;
      if (owners.has(proto[name] as object)) continue;
      const fn = proto[name] as (this: Remembering) => unknown;
      const key = site++;
      const building = name === 'getFlags';
      const wrapped = function (this: Remembering): unknown {
        const answers = this[ANSWERS];
        let value: unknown;
        if (answers !== undefined && key in answers) value = answers[key];
        else {
          const depth = this[DEPTH] ?? 0;
          if (building) this[DEPTH] = depth + 1;
          try {
            value = fn.call(this);
          } finally {
            if (building) this[DEPTH] = depth;
          }
          if (depth === 0 && this[READY]) {
            (this[ANSWERS] ??= {})[key] = value;
            if (name === 'getTriggerInstruction' && value) memoizeInstruction(value as Instruction);
          }
        }
        // Callers (dockerfile-ast included) change the arrays, and FROM even the argument
        // ranges, they get: hand out copies.
        if (!Array.isArray(value)) return value;
        return name === 'getArguments' && this.getKeyword() === 'FROM' ? (value as Argument[]).map(cloneArgument) : value.slice();
      };
      owners.add(wrapped);
      proto[name] = wrapped;
    }
  }
}

/** From now on the instance remembers its answers: its tree is complete and will not change. */
export function memoizeInstruction(ins: Instruction): void {
  (ins as Remembering)[READY] = true;
}
