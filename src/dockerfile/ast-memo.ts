// dockerfile-ast recomputes arguments, flags and variables on every call, and its own methods
// call each other: parsing one RUN scans its arguments about nine times (the parser builds each
// instruction twice, and a JSON-form instruction's constructor asks for its arguments four
// times). The tree never changes once parsed, so the answers are remembered here.
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

/** Remembers the other per-instruction answers on a parsed instance. */
export function memoizeInstruction(ins: Instruction): void {
  const target = ins as unknown as Record<string, unknown>;
  // Only FROM's image-range methods reassign the ends of argument ranges.
  const mutatesRanges = ins.getKeyword() === 'FROM';
  // getFlags() first: it calls getArguments() while its own cache is half-built, so that no
  // unfiltered argument list is remembered.
  if (typeof target.getFlags === 'function') (target.getFlags as () => unknown).call(ins);
  for (const name of MEMOIZED) install(ins, target, name, mutatesRanges);
}

function install(ins: Instruction, target: Record<string, unknown>, name: string, mutatesRanges: boolean): void {
  const fn = target[name];
  if (typeof fn !== 'function') return;
  const cloneArgs = mutatesRanges && name === 'getArguments';
  let done = false;
  let value: unknown;
  target[name] = () => {
    if (!done) {
      value = (fn as () => unknown).call(ins);
      done = true;
      if (name === 'getTriggerInstruction' && value) memoizeInstruction(value as Instruction);
    }
    // Callers (dockerfile-ast included) change the arrays, and FROM even the argument ranges,
    // they get: hand out copies.
    if (!Array.isArray(value)) return value;
    return cloneArgs ? (value as Argument[]).map(cloneArgument) : value.slice();
  };
}
