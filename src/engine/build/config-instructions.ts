// The instructions that only change the image config (no layer): ENV, LABEL, USER, EXPOSE,
// VOLUME, STOPSIGNAL, CMD, ENTRYPOINT, SHELL, HEALTHCHECK, ONBUILD, MAINTAINER. Each returns the
// history comment docker's classic builder records. EXPOSE, STOPSIGNAL and ONBUILD validation
// and normalisation come from `--change`'s applyChanges, so import/commit and build agree.
import { applyChanges, execForm } from '../ops/change';
import { LadingError } from '../errors';
import { ContainerConfig, ImageConfig } from '../image/types';
import { parseGoDuration } from '../format/units';
import { Vars, keyValuePairs, processWord, splitRawWords } from './expand';
import { goList, goQuoteList } from './history-text';
import { PlannedInstruction } from './plan';

export interface ConfigState {
  image: ImageConfig;
  /** CMD was set in this stage (an ENTRYPOINT then keeps it). */
  cmdSet: boolean;
}

export const DEFAULT_SHELL = ['/bin/sh', '-c'];


function words(ins: PlannedInstruction, vars: Vars, escape: string): string[] {
  return splitRawWords(ins.args, escape).map((w) => processWord(w, vars, escape));
}

function commandOf(args: string, c: ContainerConfig): string[] {
  return execForm(args) ?? [...(c.Shell ?? DEFAULT_SHELL), args];
}

function nanos(flag: string | null | undefined, name: string): number {
  if (flag === undefined || flag === null) return 0;
  const ms = parseGoDuration(flag);
  if (ms === undefined) throw new LadingError(`HEALTHCHECK --${name}: invalid duration "${flag}"`);
  return Math.round(ms * 1e6);
}

function goDuration(ns: number): string {
  return ns === 0 ? '0s' : `${ns / 1e9}s`;
}

/** Applies one config instruction; returns the history comment (`CMD ["sh"]`). */
export function applyConfigInstruction(state: ConfigState, ins: PlannedInstruction, vars: Vars, escape: string): string {
  const img = state.image;
  const c: ContainerConfig = (img.config ??= {});
  const need = () => {
    if (!ins.args) throw new LadingError(`${ins.keyword} requires at least one argument`);
  };
  switch (ins.keyword) {
    case 'ENV': {
      const pairs = keyValuePairs('ENV', ins.args, vars, escape);
      const env = [...(c.Env ?? [])];
      for (const [k, v] of pairs) {
        const i = env.findIndex((e) => e.split('=')[0] === k);
        if (i >= 0) env[i] = `${k}=${v}`;
        else env.push(`${k}=${v}`);
      }
      c.Env = env;
      return `ENV ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`;
    }
    case 'LABEL': {
      const pairs = keyValuePairs('LABEL', ins.args, vars, escape);
      c.Labels = { ...(c.Labels ?? {}) };
      for (const [k, v] of pairs) c.Labels[k] = v;
      return `LABEL ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`;
    }
    case 'MAINTAINER': {
      need();
      img.author = processWord(ins.args, vars, escape);
      return `MAINTAINER ${img.author}`;
    }
    case 'USER': {
      need();
      c.User = processWord(ins.args, vars, escape);
      return `USER ${c.User}`;
    }
    case 'EXPOSE': {
      const ports = words(ins, vars, escape);
      if (!ports.length) throw new LadingError('EXPOSE requires at least one argument');
      const next = applyChanges(c, [`EXPOSE ${ports.join(' ')}`]);
      c.ExposedPorts = next.ExposedPorts;
      return `EXPOSE ${ports.map((p) => (p.includes('/') ? p.toLowerCase() : `${p}/tcp`)).join(' ')}`;
    }
    case 'VOLUME': {
      need();
      const vols = (execForm(ins.args) ?? words(ins, vars, escape)).map((v) => v.trim());
      if (vols.some((v) => !v)) throw new LadingError('VOLUME specified can not be an empty string');
      c.Volumes = { ...(c.Volumes ?? {}) };
      for (const v of vols) c.Volumes[v] = {};
      return `VOLUME ${goList(vols)}`;
    }
    case 'STOPSIGNAL': {
      need();
      const sig = processWord(ins.args, vars, escape);
      if (!/^(SIG)?[A-Z0-9+]+$/i.test(sig)) throw new LadingError(`Invalid signal: ${sig}`);
      c.StopSignal = sig;
      return `STOPSIGNAL ${sig}`;
    }
    case 'CMD': {
      c.Cmd = commandOf(ins.args, c);
      state.cmdSet = true;
      return `CMD ${goQuoteList(c.Cmd)}`;
    }
    case 'ENTRYPOINT': {
      const json = execForm(ins.args);
      c.Entrypoint = json ?? (ins.args ? [...(c.Shell ?? DEFAULT_SHELL), ins.args] : null);
      // An ENTRYPOINT drops the CMD inherited from the base, not one set in this stage.
      if (!state.cmdSet) c.Cmd = null;
      return `ENTRYPOINT ${goQuoteList(c.Entrypoint ?? [])}`;
    }
    case 'SHELL': {
      const shell = execForm(ins.args);
      if (!shell || !shell.length) throw new LadingError('SHELL requires the arguments to be in JSON form');
      c.Shell = shell;
      return `SHELL ${goList(shell)}`;
    }
    case 'HEALTHCHECK': {
      const m = /^(\S+)\s*([\s\S]*)$/.exec(ins.args);
      if (!m) throw new LadingError('HEALTHCHECK requires an argument');
      const kind = m[1].toUpperCase();
      if (kind === 'NONE') {
        if (m[2].trim()) throw new LadingError('HEALTHCHECK NONE takes no arguments');
        c.Healthcheck = { Test: ['NONE'] };
      } else if (kind === 'CMD') {
        if (!m[2].trim()) throw new LadingError('HEALTHCHECK CMD requires a command');
        const json = execForm(m[2]);
        const retries = ins.flags.get('retries');
        if (retries !== undefined && retries !== null && !/^\d+$/.test(retries)) throw new LadingError(`HEALTHCHECK --retries: invalid number "${retries}"`);
        c.Healthcheck = {
          Test: json ? ['CMD', ...json] : ['CMD-SHELL', m[2].trim()],
          Interval: nanos(ins.flags.get('interval'), 'interval'),
          Timeout: nanos(ins.flags.get('timeout'), 'timeout'),
          StartPeriod: nanos(ins.flags.get('start-period'), 'start-period'),
          Retries: retries ? Number(retries) : 0,
        };
        const si = ins.flags.get('start-interval');
        if (si) (c.Healthcheck as Record<string, unknown>).StartInterval = nanos(si, 'start-interval');
      } else throw new LadingError(`Unknown type "${m[1]}" in HEALTHCHECK (try CMD)`);
      const h = c.Healthcheck;
      return `HEALTHCHECK &{${goQuoteList(h.Test ?? [])} "${goDuration(h.Interval ?? 0)}" "${goDuration(h.Timeout ?? 0)}" "${goDuration(h.StartPeriod ?? 0)}" '\\x${(h.Retries ?? 0).toString(16).padStart(2, '0')}'}`;
    }
    case 'ONBUILD': {
      need();
      const next = applyChanges(c, [`ONBUILD ${ins.args}`]);
      c.OnBuild = next.OnBuild;
      return `ONBUILD ${(next.OnBuild ?? [])[next.OnBuild!.length - 1]}`;
    }
  }
  throw new LadingError(`unknown instruction: ${ins.keyword}`);
}
