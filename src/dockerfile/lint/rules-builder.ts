// The builder's own errors: what `docker build` would reject or silently treat otherwise.
import { Copy, Healthcheck, Instruction, ModifiableInstruction, Onbuild, PropertyInstruction, Run } from 'dockerfile-ast';
import { KNOWN_INSTRUCTIONS, isJsonForm } from '../parse';
import { LintContext } from './context';

export const INSTRUCTION_FLAGS: Record<string, string[]> = {
  FROM: ['platform'],
  COPY: ['from', 'chown', 'chmod', 'link', 'parents', 'exclude'],
  ADD: ['chown', 'chmod', 'link', 'checksum', 'keep-git-dir', 'exclude', 'unpack'],
  RUN: ['mount', 'network', 'security'],
  HEALTHCHECK: ['interval', 'timeout', 'start-period', 'start-interval', 'retries'],
};

const SIGNALS = new Set([
  'ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL', 'PIPE', 'POLL', 'PROF', 'PWR',
  'QUIT', 'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'USR1', 'USR2', 'VTALRM', 'WINCH', 'XCPU', 'XFSZ',
]);

const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

export function checkBuilder(ctx: LintContext): void {
  const { doc } = ctx;
  for (const d of doc.ast.getDirectives()) {
    const name = d.getName().toLowerCase();
    if (name === 'escape' && !['\\', '`'].includes(d.getValue())) ctx.report('LD1009', d.getValueRange(), `Invalid escape directive \`${d.getValue()}\`: the escape character must be \`\\\` or \`\`\`.`);
    if (name === 'check') checkCheckDirective(ctx, d.getValue(), d.getValueRange());
  }
  for (const ins of doc.instructions) {
    checkInstruction(ctx, ins);
    if (ins.getKeyword() === 'ONBUILD') {
      const t = (ins as Onbuild).getTriggerInstruction();
      if (t) checkInstruction(ctx, t);
      else if ((ins as Onbuild).getArguments().length === 0) ctx.report('LD1002', ctx.keywordRange(ins), 'ONBUILD requires an instruction to trigger.');
    }
    checkEmptyContinuationLines(ctx, ins);
  }
}

function checkInstruction(ctx: LintContext, ins: Instruction): void {
  const k = ins.getKeyword();
  if (!(KNOWN_INSTRUCTIONS as readonly string[]).includes(k)) {
    ctx.report('LD1001', ctx.keywordRange(ins), `Unknown instruction \`${ins.getInstruction()}\`.`);
    return;
  }
  const args = ins.getArguments();
  const heredocs = k === 'RUN' || k === 'COPY' ? (ins as Run | Copy).getHeredocs() : [];
  if (args.length === 0) {
    ctx.report('LD1002', ctx.keywordRange(ins), `${k} requires at least one argument.`);
    return;
  }
  if ('getFlags' in ins && INSTRUCTION_FLAGS[k]) {
    for (const f of (ins as ModifiableInstruction).getFlags()) {
      if (!INSTRUCTION_FLAGS[k].includes(f.getName())) {
        ctx.report('LD1010', f.getNameRange(), `Unknown flag \`--${f.getName()}\` for ${k}; known: ${INSTRUCTION_FLAGS[k].map((x) => '--' + x).join(', ')}.`);
      }
    }
  }
  for (const h of heredocs) {
    if (!h.getDelimiterRange()) ctx.report('LD1013', h.getNameRange(), `Unterminated heredoc: no line \`${h.getName()}\` closes it.`);
  }
  // Only the error branches need it.
  const whole = () => ins.getArgumentsRange() ?? ctx.keywordRange(ins);
  switch (k) {
    case 'FROM': {
      const ok = args.length === 1 || (args.length === 3 && args[1].getValue().toUpperCase() === 'AS');
      if (!ok) ctx.report('LD1003', whole(), 'FROM takes an image and an optional `AS name`: `FROM image[:tag] [AS name]`.');
      break;
    }
    case 'STOPSIGNAL': {
      if (args.length !== 1) ctx.report('LD1003', whole(), 'STOPSIGNAL requires exactly one argument.');
      const v = args[0].getValue();
      const sig = v.toUpperCase().replace(/^SIG/, '');
      const rt = /^RTM(IN|AX)([+-]\d+)?$/.test(sig);
      if (!v.includes('$') && !SIGNALS.has(sig) && !rt && !(/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 64)) {
        ctx.report('LD1006', args[0].getRange(), `Invalid signal \`${v}\`: use a name like SIGTERM or a number from 1 to 64.`);
      }
      break;
    }
    case 'USER':
    case 'WORKDIR':
    case 'MAINTAINER':
      if (k === 'USER' && args.length !== 1) ctx.report('LD1003', whole(), 'USER requires exactly one argument: `USER name[:group]`.');
      break;
    case 'COPY':
    case 'ADD':
      if (args.length < 2 && heredocs.length === 0) ctx.report('LD1003', whole(), `${k} requires at least two arguments: a source and a destination.`);
      break;
    case 'CMD':
    case 'ENTRYPOINT':
    case 'RUN':
    case 'VOLUME':
    case 'SHELL':
      checkJson(ctx, ins);
      break;
    case 'ENV':
    case 'LABEL':
      for (const p of (ins as PropertyInstruction).getProperties()) {
        if (p.getValue() === null || p.getName() === '') ctx.report('LD1011', p.getRange(), `${k} needs \`key=value\`: \`${p.getName()}\` has no value.`);
      }
      break;
    case 'ARG':
      for (const p of (ins as PropertyInstruction).getProperties()) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.getName()) && !p.getName().includes('$')) ctx.report('LD1011', p.getNameRange(), `Invalid ARG name \`${p.getName()}\`.`);
      }
      break;
    case 'HEALTHCHECK':
      checkHealthcheck(ctx, ins as Healthcheck);
      break;
  }
}

const continuations = new Map<string, RegExp>();

/** Escaped line ends (blanks allowed before the newline), one pattern per escape character. */
function continuationPattern(escape: string): RegExp {
  let re = continuations.get(escape);
  if (!re) continuations.set(escape, (re = new RegExp(`\\${escape}[ \\t]*\\r?\\n`, 'g')));
  return re;
}

function checkJson(ctx: LintContext, ins: Instruction): void {
  const k = ins.getKeyword();
  if (!isJsonForm(ins)) {
    if (k === 'SHELL') ctx.report('LD1003', ins.getArgumentsRange() ?? ctx.keywordRange(ins), 'SHELL requires the arguments in JSON form: `SHELL ["executable", "parameters"]`.');
    return;
  }
  if (ins.getKeyword() === 'RUN' && (ins as Run).getHeredocs().length) return;
  const content = ins.getArgumentsContent() ?? '';
  let ok = false;
  try {
    const v = JSON.parse(content.replace(continuationPattern(ctx.doc.escape), ' '));
    ok = Array.isArray(v) && v.every((x) => typeof x === 'string');
  } catch {
    ok = false;
  }
  if (!ok) {
    const msg = k === 'SHELL' ? 'SHELL requires a valid JSON array of strings.' : `The arguments look like JSON but are not a valid JSON array of strings (use double quotes); ${k} will run them in shell form.`;
    if (k === 'SHELL') ctx.report('LD1003', ins.getArgumentsRange() ?? ctx.keywordRange(ins), msg);
    else ctx.report('LD1004', ins.getArgumentsRange() ?? ctx.keywordRange(ins), msg);
  }
}

function checkHealthcheck(ctx: LintContext, ins: Healthcheck): void {
  const sub = ins.getSubcommand();
  if (!sub) return;
  const v = sub.getValue().toUpperCase();
  if (v !== 'CMD' && v !== 'NONE') {
    ctx.report('LD1012', sub.getRange(), `HEALTHCHECK needs \`CMD command\` or \`NONE\`, not \`${sub.getValue()}\`.`);
    return;
  }
  if (v === 'NONE' && ins.getArguments().length > 1) ctx.report('LD1003', ins.getArgumentsRange() ?? sub.getRange(), 'HEALTHCHECK NONE takes no arguments.');
  if (v === 'CMD' && ins.getArguments().length < 2) ctx.report('LD1002', sub.getRange(), 'HEALTHCHECK CMD requires a command.');
  for (const f of ins.getFlags()) {
    const value = f.getValue() ?? '';
    const range = f.getValueRange() ?? f.getRange();
    if (['interval', 'timeout', 'start-period', 'start-interval'].includes(f.getName()) && !GO_DURATION.test(value) && !value.includes('$')) {
      ctx.report('LD1012', range, `\`--${f.getName()}\` needs a duration like 30s or 1m30s, not \`${value}\`.`);
    }
    if (f.getName() === 'retries' && !/^\d+$/.test(value) && !value.includes('$')) ctx.report('LD1012', range, `\`--retries\` needs a whole number, not \`${value}\`.`);
  }
}

function checkCheckDirective(ctx: LintContext, value: string, range: import('../types').Range): void {
  for (const part of value.split(';')) {
    const [key, val] = part.split('=').map((s) => s.trim());
    if (!part.trim()) continue;
    const ok = (key === 'skip' && val !== undefined) || (key === 'error' && /^(true|false)$/i.test(val ?? ''));
    if (!ok) ctx.report('LD1015', range, `Invalid \`# check=\` directive part \`${part.trim()}\`: expected \`skip=RULE,…\` or \`error=true|false\`.`);
  }
}

function checkEmptyContinuationLines(ctx: LintContext, ins: Instruction): void {
  const r = ins.getRange();
  if (r.start.line === r.end.line) return;
  if ((ins.getKeyword() === 'RUN' || ins.getKeyword() === 'COPY') && (ins as Run).getHeredocs().length) return;
  for (let l = r.start.line + 1; l < r.end.line; l++) {
    if ((ctx.doc.lines[l] ?? '').trim() === '') {
      ctx.report('LD1016', { start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } }, 'Empty continuation line: it will become an error in a future builder; remove it or end the instruction.');
      return;
    }
  }
}
