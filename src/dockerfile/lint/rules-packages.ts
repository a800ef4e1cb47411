// Package-manager rules over RUN: version pinning, non-interactive switches and cache clean-up.
import { Instruction, ModifiableInstruction } from 'dockerfile-ast';
import { ParsedDockerfile, effective } from '../parse';
import { ShellScript, SimpleCommand, Word, commandsNamed, hasFlag, positional, shellOf, subcommandIndex } from '../shell';
import { LintContext } from './context';

export interface RunScript {
  ins: Instruction;
  script: ShellScript;
}

const scriptsOf = new WeakMap<LintContext, RunScript[]>();

/** Shell-form scripts of every RUN (ONBUILD RUN included), read once per lint. */
export function runScripts(ctx: LintContext): RunScript[] {
  const known = scriptsOf.get(ctx);
  if (known) return known;
  const out: RunScript[] = [];
  scriptsOf.set(ctx, out);
  for (const i of ctx.doc.instructions) {
    const e = effective(i);
    if (e.getKeyword() !== 'RUN') continue;
    const script = shellOf(ctx.doc, e);
    if (script) out.push({ ins: e, script });
  }
  return out;
}

const pinHint = (code: string, pkg: string, example: string) =>
  `Package \`${pkg}\` is not pinned: use \`${example}\` for reproducible builds, or add \`# hadolint ignore=${code}\` above the RUN to accept the latest.`;

/** Words after `sub` that are packages (flags and their values skipped). */
function packagesAfter(c: SimpleCommand, subs: string[], valueFlags: string[]): Word[] {
  const k = subcommandIndex(c, ...subs);
  if (k < 0) return [];
  return positional(c, valueFlags, k + 1);
}

function hasCacheMount(ins: Instruction, path: string): boolean {
  const flags = (ins as ModifiableInstruction).getFlags?.() ?? [];
  return flags.some((f) => f.getName() === 'mount' && /type=cache/.test(f.getValue() ?? '') && (f.getValue() ?? '').includes(path));
}

/** `ENV PIP_NO_CACHE_DIR=…` (or an ARG) before the RUN switches pip's cache off. */
function pipCacheOffByEnv(ctx: LintContext, run: Instruction): boolean {
  return run.getRange().start.line > firstPipCacheOffLine(ctx.doc);
}

const pipCacheOffLine = new WeakMap<ParsedDockerfile, number>();

/** The line of the first ENV or ARG that names PIP_NO_CACHE_DIR (Infinity without one), read once per document. */
function firstPipCacheOffLine(doc: ParsedDockerfile): number {
  let line = pipCacheOffLine.get(doc);
  if (line !== undefined) return line;
  line = Infinity;
  for (const i of doc.instructions) {
    const k = i.getKeyword();
    if ((k === 'ENV' || k === 'ARG') && /\bPIP_NO_CACHE_DIR\b/.test(i.getArgumentsContent() ?? '')) line = Math.min(line, i.getRange().start.line);
  }
  pipCacheOffLine.set(doc, line);
  return line;
}

export function checkPackages(ctx: LintContext): void {
  for (const { ins, script } of runScripts(ctx)) {
    const report = (code: string, w: Word, msg?: string) => ctx.report(code, ctx.wordRange(w), msg);
    const text = ctx.doc.text.slice(script.start, script.end);
    // apt-get / apt
    let aptInstalls = false;
    for (const c of commandsNamed(script, 'apt-get')) {
      const installIdx = subcommandIndex(c, 'install');
      if (subcommandIndex(c, 'dist-upgrade') > 0) report('DL3005', c.words[subcommandIndex(c, 'dist-upgrade')]);
      if (installIdx < 0) continue;
      aptInstalls = true;
      const pkgs = positional(c, ['-o', '-t', '--target-release', '-c', '--config-file'], installIdx + 1);
      for (const p of pkgs) {
        if (!p.value.includes('=') && !p.value.endsWith('.deb') && !p.value.includes('$') && !p.value.startsWith('/')) {
          report('DL3008', p, pinHint('DL3008', p.value, `apt-get install ${p.value}=<version>`));
        }
      }
      if (!hasFlag(c, '-y', '--yes', '--assume-yes', '-q=2', '-qq') && !c.words.some((w) => /^-[a-z]*q[a-z]*q/.test(w.value) || w.value === '-qq')) {
        report('DL3014', c.words[installIdx], 'Use the `-y` switch to avoid manual input: `apt-get install -y …`.');
      }
      if (!hasFlag(c, '--no-install-recommends') && !c.words.some((w) => /APT::Install-Recommends=(false|0)/.test(w.value))) {
        report('DL3015', c.words[installIdx], 'Avoid additional packages by specifying `--no-install-recommends`.');
      }
    }
    for (const c of commandsNamed(script, 'apt')) report('DL3027', c.words[0]);
    if (aptInstalls && !/rm\s+(-[a-zA-Z]+\s+)*\/var\/lib\/apt\/lists/.test(text) && !hasCacheMount(ins, '/var/lib/apt')) {
      ctx.report('DL3009', ctx.keywordRange(ins), 'Delete the apt-get lists after installing something: end the RUN with `&& rm -rf /var/lib/apt/lists/*` (or use a cache mount).');
    }
    // apk
    for (const c of commandsNamed(script, 'apk')) {
      const pkgs = packagesAfter(c, ['add'], ['-t', '--virtual', '-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir']);
      if (subcommandIndex(c, 'add') < 0) continue;
      for (const p of pkgs) {
        if (!p.value.includes('=') && !p.value.includes('$') && !p.value.endsWith('.apk')) report('DL3018', p, pinHint('DL3018', p.value, `apk add ${p.value}=<version>`));
      }
      if (!hasFlag(c, '--no-cache')) report('DL3019', c.words[subcommandIndex(c, 'add')]);
    }
    // yum / dnf / microdnf
    const rpmFamily = (names: string[], yCode: string, cleanCode: string, pinCode: string, cleanPattern: RegExp, tool: string) => {
      let used = false;
      for (const c of commandsNamed(script, ...names)) {
        const idx = subcommandIndex(c, 'install', 'groupinstall', 'localinstall', 'reinstall');
        if (idx < 0) continue;
        used = true;
        if (!hasFlag(c, '-y', '--assumeyes') && c.words[0].value !== 'microdnf') report(yCode, c.words[idx]);
        for (const p of positional(c, ['-c', '--config', '--installroot', '--releasever', '--setopt', '--enablerepo', '--disablerepo', '-x', '--exclude'], idx + 1)) {
          const v = p.value;
          if (!/-\d/.test(v) && !v.endsWith('.rpm') && !v.includes('$') && !v.startsWith('/') && !/^https?:/.test(v)) {
            report(pinCode, p, pinHint(pinCode, v, `${tool} install -y ${v}-<version>`));
          }
        }
      }
      if (used && !cleanPattern.test(text) && !hasCacheMount(ins, `/var/cache/${tool}`)) ctx.report(cleanCode, ctx.keywordRange(ins));
    };
    rpmFamily(['yum'], 'DL3030', 'DL3032', 'DL3033', /yum\s+clean\s+all|rm\s+(-[a-zA-Z]+\s+)*\/var\/cache\/yum/, 'yum');
    rpmFamily(['dnf', 'microdnf'], 'DL3038', 'DL3040', 'DL3041', /dnf\s+clean\s+all|rm\s+(-[a-zA-Z]+\s+)*\/var\/cache\/(dnf|yum)/, 'dnf');
    // zypper
    let zypperUsed = false;
    for (const c of commandsNamed(script, 'zypper')) {
      const idx = subcommandIndex(c, 'install', 'in', 'remove', 'rm', 'source-install', 'si', 'patch', 'update', 'up');
      const du = subcommandIndex(c, 'dist-upgrade', 'dup');
      if (du > 0) report('DL3035', c.words[du]);
      if (idx < 0) continue;
      zypperUsed = true;
      if (!hasFlag(c, '-n', '--non-interactive', '-y', '--no-confirm')) report('DL3034', c.words[idx]);
      if (['install', 'in'].includes(c.words[idx].value)) {
        for (const p of positional(c, ['-t', '--type', '-r', '--repo', '--from'], idx + 1)) {
          if (!/[=<>]/.test(p.value) && !p.value.endsWith('.rpm') && !p.value.includes('$')) report('DL3037', p, pinHint('DL3037', p.value, `zypper install -y ${p.value}=<version>`));
        }
      }
    }
    if (zypperUsed && !/zypper\s+(-[a-zA-Z-]+\s+)*(clean|cc)\b/.test(text)) ctx.report('DL3036', ctx.keywordRange(ins));
    // pip
    for (const c of commandsNamed(script, 'pip', 'pip3', 'pip2', 'python', 'python3')) {
      let start = 1;
      if (/^python/.test(c.words[0].value)) {
        const m = c.words.findIndex((w) => w.value === '-m');
        if (m < 0 || !/^pip\d?$/.test(c.words[m + 1]?.value ?? '')) continue;
        start = m + 2;
      }
      const idx = c.words.findIndex((w, k) => k >= start && w.value === 'install');
      if (idx < 0) continue;
      if (hasFlag(c, '-r', '--requirement', '-c', '--constraint', '-e', '--editable')) {
        // Requirement files carry their own pins.
      } else {
        for (const p of positional(c, ['-i', '--index-url', '--extra-index-url', '-t', '--target', '--prefix', '--root', '-f', '--find-links', '--trusted-host', '--platform', '--python-version', '--implementation', '--abi', '--src', '--upgrade-strategy', '--progress-bar', '--cache-dir'], idx + 1)) {
          const v = p.value;
          if (/(==|>=|<=|~=|!=|===|<|>|@)/.test(v) || v.includes('$') || /^[./]/.test(v) || /\.(whl|tar\.gz|zip)$/.test(v) || /^(git\+|https?:|file:)/.test(v)) continue;
          report('DL3013', p, pinHint('DL3013', v, `pip install ${v.replace(/\[.*\]$/, (m) => m)}==<version>`));
        }
      }
      if (!hasFlag(c, '--no-cache-dir') && !/PIP_NO_CACHE_DIR/.test(text) && !pipCacheOffByEnv(ctx, ins) && !hasCacheMount(ins, '.cache/pip')) report('DL3042', c.words[idx]);
    }
    // npm
    for (const c of commandsNamed(script, 'npm')) {
      const idx = subcommandIndex(c, 'install', 'i', 'add');
      if (idx < 0) continue;
      for (const p of positional(c, ['--prefix', '--registry', '--cache', '-w', '--workspace'], idx + 1)) {
        const v = p.value;
        const name = v.startsWith('@') ? v.slice(1) : v;
        if (name.includes('@') || /^[./~]/.test(v) || /^(git|https?|file|github):/.test(v) || /\.(tgz|tar\.gz)$/.test(v) || v.includes('$') || /^[\w-]+\/[\w.-]+(#.*)?$/.test(v)) continue;
        report('DL3016', p, pinHint('DL3016', v, `npm install ${v}@<version>`));
      }
    }
    // gem
    for (const c of commandsNamed(script, 'gem')) {
      const idx = subcommandIndex(c, 'install', 'i');
      if (idx < 0 || hasFlag(c, '-v', '--version')) continue;
      for (const p of positional(c, ['-i', '--install-dir', '-n', '--bindir', '-s', '--source', '-P', '--trust-policy', '--platform'], idx + 1)) {
        if (!p.value.includes(':') && !p.value.includes('$') && !p.value.endsWith('.gem')) report('DL3028', p, pinHint('DL3028', p.value, `gem install ${p.value}:<version>`));
      }
    }
    // go
    for (const c of commandsNamed(script, 'go')) {
      const idx = subcommandIndex(c, 'install');
      if (idx !== 1) continue;
      for (const p of positional(c, ['-o', '-tags', '-ldflags', '-gcflags', '-mod', '-modfile', '-p'], idx + 1)) {
        if (!p.value.includes('@') && !/^[./]/.test(p.value) && !p.value.includes('$')) report('DL3062', p, pinHint('DL3062', p.value, `go install ${p.value}@<version>`));
      }
    }
    // yarn
    // Plain `yarn` installs too.
    const yarnInstall = commandsNamed(script, 'yarn').find((c) => c.words.length === 1 || ['install', 'add'].includes(c.words[1].value));
    if (yarnInstall && !/yarn\s+cache\s+clean/.test(text) && !hasCacheMount(ins, 'yarn')) ctx.report('DL3060', ctx.wordRange(yarnInstall.words[0]));
  }
}
