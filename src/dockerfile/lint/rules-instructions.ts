// Rules about single instructions and their order inside a stage (non-shell content).
import { Copy, Env, Instruction, JSONInstruction, ModifiableInstruction } from 'dockerfile-ast';
import { ParsedDockerfile, Stage, effective, isJsonForm } from '../parse';
import { LintContext } from './context';

const ARCHIVE = /\.(tar|tar\.(gz|bz2|xz|lz|lzma|Z|zst)|tgz|tbz2?|tb2|txz|tlz|tZ|tzst)$/i;
const URL = /^(https?|ftp):\/\//i;

function unquote(s: string): string {
  return s.replace(/^(["'])(.*)\1$/, '$2');
}

function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || p.startsWith('$') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\');
}

export function checkInstructions(ctx: LintContext): void {
  const { doc } = ctx;
  for (const stage of doc.stages) checkStage(ctx, stage);
  for (const ins of doc.instructions) {
    const e = effective(ins);
    switch (e.getKeyword()) {
      case 'WORKDIR': {
        const a = e.getArguments();
        if (a.length && !isAbsolutePath(unquote(a[0].getValue()))) {
          ctx.report('DL3000', a[0].getRange(), `Use absolute WORKDIR: \`${a[0].getValue()}\` is relative to the previous working directory.`);
        }
        break;
      }
      case 'ADD':
        checkAdd(ctx, e);
        break;
      case 'COPY':
        checkCopyArity(ctx, e as Copy);
        break;
      case 'CMD':
      case 'ENTRYPOINT':
        if (e.getArguments().length && !isJsonForm(e)) {
          ctx.report('DL3025', e.getArgumentsRange() ?? ctx.lineRange(e), `Use arguments JSON notation for ${e.getKeyword()}: e.g. \`${e.getKeyword()} ${JSON.stringify(e.getArguments().map((a) => a.getValue()))}\`.`);
        }
        break;
      case 'ENV':
        checkEnvSelfReference(ctx, e as Env);
        break;
      case 'EXPOSE':
        checkExpose(ctx, e);
        break;
    }
  }
}

function checkStage(ctx: LintContext, stage: Stage): void {
  let healthchecks = 0;
  let cmds = 0;
  let entrypoints = 0;
  let previous: Instruction | undefined;
  let workdirSet = inheritsWorkdir(ctx, stage);
  const isLast = stage.index === ctx.doc.stages.length - 1;
  let lastUser: Instruction | undefined;
  for (const ins of stage.instructions) {
    const k = ins.getKeyword();
    if (k === 'HEALTHCHECK' && ++healthchecks > 1) ctx.report('DL3012', ctx.lineRange(ins), 'Multiple HEALTHCHECK instructions: only the last one takes effect.');
    if (k === 'CMD' && ++cmds > 1) ctx.report('DL4003', ctx.lineRange(ins));
    if (k === 'ENTRYPOINT' && ++entrypoints > 1) ctx.report('DL4004', ctx.lineRange(ins));
    if (k === 'WORKDIR') workdirSet = true;
    if (k === 'USER') lastUser = ins;
    if (k === 'COPY' && !workdirSet) {
      const args = ins.getArguments();
      const dest = args[args.length - 1];
      if (args.length >= 2 && !(ins as Copy).getHeredocs().length && !isJsonForm(ins)) {
        const d = unquote(dest.getValue());
        if (!isAbsolutePath(d)) ctx.report('DL3045', dest.getRange(), `\`COPY\` to a relative destination \`${d}\` without \`WORKDIR\` set: the result depends on the base image's working directory.`);
      }
    }
    if (k === 'RUN' && previous?.getKeyword() === 'RUN' && sameRunFlags(previous, ins)) {
      ctx.report('DL3059', ctx.keywordRange(ins));
    }
    previous = ins;
  }
  if (isLast && lastUser) {
    const u = lastUser.getArguments()[0]?.getValue() ?? '';
    if (/^(root|0)(:.*)?$/.test(u)) ctx.report('DL3002', lastUser.getArguments()[0].getRange(), 'Last USER should not be root: switch to an unprivileged user at the end of the final stage.');
  }
  if (isLast && !stage.instructions.some((i) => i.getKeyword() === 'HEALTHCHECK')) {
    ctx.report('DL3057', ctx.keywordRange(stage.from));
  }
}

/** A stage built FROM an earlier stage inherits its WORKDIR. */
function inheritsWorkdir(ctx: LintContext, stage: Stage): boolean {
  const base = stage.from.getImageName()?.toLowerCase();
  const parent = ctx.doc.stages.find((s) => s.index < stage.index && s.name === base);
  if (!parent) return false;
  return parent.instructions.some((i) => i.getKeyword() === 'WORKDIR') || inheritsWorkdir(ctx, parent);
}

function sameRunFlags(a: Instruction, b: Instruction): boolean {
  const flags = (i: Instruction) => ((i as ModifiableInstruction).getFlags?.() ?? []).map((f) => f.toString()).sort().join(' ');
  return flags(a) === flags(b);
}

function checkAdd(ctx: LintContext, ins: Instruction): void {
  const args = ins.getArguments();
  if (args.length < 2 || isJsonForm(ins)) return;
  const sources = args.slice(0, -1);
  for (const s of sources) {
    const v = unquote(s.getValue());
    if (URL.test(v) || ARCHIVE.test(v) || v.startsWith('git@') || v.includes('$') || /\.git(#.*)?$/.test(v)) continue;
    ctx.report('DL3020', s.getRange(), `Use COPY instead of ADD for files and folders: \`${v}\` is neither a URL nor an archive.`);
  }
}

function checkCopyArity(ctx: LintContext, ins: Copy): void {
  if (ins.getHeredocs().length) return;
  let values: string[];
  let destRange = ins.getArguments()[ins.getArguments().length - 1]?.getRange();
  if (isJsonForm(ins)) {
    const strings = (ins as JSONInstruction).getJSONStrings();
    values = strings.map((s) => s.getValue());
    destRange = strings[strings.length - 1]?.getRange() ?? destRange;
  } else values = ins.getArguments().map((a) => a.getValue());
  if (values.length > 2 && destRange) {
    const dest = unquote(values[values.length - 1]);
    if (!dest.endsWith('/') && !dest.endsWith('\\') && !dest.includes('$')) {
      ctx.report('DL3021', destRange, `COPY with more than 2 arguments requires the last argument to end with /: use \`${dest}/\`.`);
    }
  }
  for (const a of ins.getArguments().slice(0, -1)) {
    const v = unquote(a.getValue());
    if (ARCHIVE.test(v) && extractedLater(ctx, ins, v)) ctx.report('DL3010', a.getRange(), `Use ADD for extracting archives into an image: \`ADD ${v} …\` extracts it in one layer.`);
  }
}

/** Whether a later RUN in the same stage extracts the named archive with tar. */
function extractedLater(ctx: LintContext, ins: Instruction, archive: string): boolean {
  const base = archive.slice(archive.lastIndexOf('/') + 1);
  const line = ins.getRange().end.line;
  return tarExtractionsOf(ctx.doc).some((run) => run.line > line && run.text.includes(base));
}

const tarExtractions = new WeakMap<ParsedDockerfile, { line: number; text: string }[]>();

/** The RUN instructions that extract with tar, read once per document. */
function tarExtractionsOf(doc: ParsedDockerfile): { line: number; text: string }[] {
  let runs = tarExtractions.get(doc);
  if (runs) return runs;
  runs = [];
  for (const i of doc.instructions) {
    if (i.getKeyword() !== 'RUN') continue;
    const text = i.getArgumentsContent() ?? '';
    if (/\btar\b[^&|;]*\s-?[a-zA-Z]*x/.test(text)) runs.push({ line: i.getRange().start.line, text });
  }
  tarExtractions.set(doc, runs);
  return runs;
}

function checkEnvSelfReference(ctx: LintContext, ins: Env): void {
  const props = ins.getProperties();
  const line = ins.getRange().start.line;
  for (let i = 0; i < props.length; i++) {
    const name = props[i].getName();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    const re = new RegExp(`\\$(\\{${name}([:}]|[-+?])|${name}(?![A-Za-z0-9_]))`);
    for (let j = i + 1; j < props.length; j++) {
      const v = props[j].getValue() ?? '';
      // Defined before this ENV, the reference reads the earlier value: fine.
      if (re.test(v) && ctx.doc.ast.resolveVariable(name, line) === undefined) {
        ctx.report('DL3044', props[j].getValueRange() ?? props[j].getRange(), `Do not refer to \`${name}\` within the same \`ENV\` statement where it is defined: it is still unset there.`);
      }
    }
  }
}

function checkExpose(ctx: LintContext, ins: Instruction): void {
  for (const a of ins.getArguments()) {
    const v = a.getValue();
    if (v.includes('$')) continue;
    const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(v);
    if (!m) {
      ctx.report('LD1005', a.getRange(), `Invalid port \`${v}\`: expected PORT, PORT/PROTOCOL or START-END (protocol tcp, udp or sctp).`);
      continue;
    }
    for (const p of [m[1], m[2]]) {
      if (p !== undefined && Number(p) > 65535) ctx.report('DL3011', a.getRange(), `Valid UNIX ports range from 0 to 65535: \`${p}\` is out of range.`);
    }
  }
}
