// Shell-usage rules over RUN: commands that make no sense in a build, sudo, cd, pipes, downloads.
import { Instruction } from 'dockerfile-ast';
import { ParsedDockerfile } from '../parse';
import { Word, commandsNamed, hasFlag, programName } from '../shell';
import { LintContext } from './context';
import { runScripts } from './rules-packages';

const POINTLESS = ['ssh', 'vim', 'shutdown', 'service', 'ps', 'free', 'top', 'kill', 'mount', 'ifconfig'];

export function checkShellUsage(ctx: LintContext): void {
  const scripts = runScripts(ctx);
  const curl: Word[] = [];
  const wget: Word[] = [];
  for (const { ins, script } of scripts) {
    for (const c of script.commands) {
      const name = programName(c);
      const w = c.words[0];
      if (POINTLESS.includes(name)) ctx.report('DL3001', ctx.wordRange(w), `\`${name}\` makes no sense in a container build.`);
      if (name === 'cd') ctx.report('DL3003', ctx.wordRange(w), 'Use WORKDIR to switch to a directory: `cd` only lasts for this RUN.');
      if (name === 'sudo') ctx.report('DL3004', ctx.wordRange(w), 'Do not use sudo: RUN already runs as the current USER; use a tool like gosu to drop privileges at run time.');
      if (name === 'curl') curl.push(w);
      if (name === 'wget') {
        wget.push(w);
        if (!c.words.some((x) => /^--progress(=|$)/.test(x.value)) && !hasFlag(c, '-q', '--quiet', '-nv', '--no-verbose', '-o', '--output-file', '-a', '--append-output')) {
          ctx.report('DL3047', ctx.wordRange(w), '`wget` without `--progress=dot:giga` (or `-q`/`-nv`) bloats build logs when downloading larger files.');
        }
      }
      if (name === 'ln' && c.words.slice(1).some((x) => x.value === '/bin/sh')) ctx.report('DL4005', ctx.wordRange(w), 'Use SHELL to change the default shell instead of relinking `/bin/sh`.');
      if (name === 'useradd' && !hasFlag(c, '-l', '--no-log-init')) {
        const k = c.words.findIndex((x) => x.value === '-u' || x.value === '--uid' || x.value.startsWith('--uid='));
        const uid = k < 0 ? undefined : c.words[k].value.startsWith('--uid=') ? c.words[k].value.slice(6) : c.words[k + 1]?.value;
        if (uid && /^\d{6,}$/.test(uid)) ctx.report('DL3046', ctx.wordRange(w), `\`useradd\` without \`-l\` and high UID ${uid} results in an excessively large image (lastlog grows with the UID).`);
      }
    }
    if (script.commands.some((c) => c.next === '|') && !pipefailActive(ctx, ins) && !/set\s+-[a-zA-Z]*o\s+pipefail|set\s+-o\s+pipefail/.test(ctx.doc.text.slice(script.start, script.end))) {
      ctx.report('DL4006', ctx.keywordRange(ins), 'Set the SHELL option -o pipefail before RUN with a pipe in it: otherwise a failing command before `|` goes unnoticed (e.g. `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`).');
    }
  }
  if (curl.length && wget.length) {
    const second = curl[0].start < wget[0].start ? wget : curl;
    for (const w of second) ctx.report('DL4001', ctx.wordRange(w), 'Either use wget or curl but not both: one download tool keeps the image small.');
  }
}

/** Whether the SHELL in effect for this RUN sets pipefail (or is not a POSIX shell). */
function pipefailActive(ctx: LintContext, run: Instruction): boolean {
  const line = run.getRange().start.line;
  let stageStart = 0;
  for (const s of ctx.doc.stages) if (s.range.start.line <= line) stageStart = s.range.start.line;
  let active = false;
  for (const s of shellsOf(ctx.doc)) {
    if (s.line < stageStart || s.line >= line) continue;
    active = s.pipefail;
  }
  return active;
}

const shellsByDoc = new WeakMap<ParsedDockerfile, { line: number; pipefail: boolean }[]>();

/** Every SHELL instruction in document order, read once per document. */
function shellsOf(doc: ParsedDockerfile): { line: number; pipefail: boolean }[] {
  let shells = shellsByDoc.get(doc);
  if (shells) return shells;
  shells = [];
  for (const i of doc.instructions) {
    if (i.getKeyword() !== 'SHELL') continue;
    const text = i.getArgumentsContent() ?? '';
    shells.push({ line: i.getRange().start.line, pipefail: /pipefail/.test(text) || /pwsh|powershell|cmd(\.exe)?"/i.test(text) || !/\b(ba|z|k|a|da)?sh"/.test(text) });
  }
  shellsByDoc.set(doc, shells);
  return shells;
}
