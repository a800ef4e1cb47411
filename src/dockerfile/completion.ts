// Completion: instructions as snippets, flags per instruction, variables, stage names after
// `--from=`, image names and tags after FROM (from the editor's services).
import { FLAG_DOCS, INSTRUCTION_DOCS } from './docs';
import { RULES } from './lint/rules';
import { ParsedDockerfile, instructionAtLine } from './parse';
import { DockerfileServices, familiar } from './services';
import { Position, Range } from './types';
import { availableVariables } from './variables';

export type CompletionKind = 'keyword' | 'flag' | 'variable' | 'stage' | 'image' | 'tag' | 'value';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** Text to insert; a snippet when `snippet` is true. */
  insertText: string;
  snippet?: boolean;
  detail?: string;
  documentation?: string;
  /** Range the entry replaces (the word being typed). */
  range: Range;
}

function replaceRange(pos: Position, typed: string): Range {
  return { start: { line: pos.line, character: pos.character - typed.length }, end: pos };
}

export async function complete(doc: ParsedDockerfile, pos: Position, services?: DockerfileServices): Promise<CompletionEntry[]> {
  const lineText = doc.lines[pos.line] ?? '';
  const prefix = lineText.slice(0, Math.min(pos.character, lineText.length));
  const ins = instructionAtLine(doc, pos.line);
  const continued = ins && ins.getRange().start.line < pos.line;
  // Rule codes in an ignore pragma; other comments offer nothing.
  const pragma = /^\s*#\s*hadolint\s+(?:global\s+)?ignore\s*=\s*(?:[A-Za-z0-9]+\s*,\s*)*([A-Za-z0-9]*)$/.exec(prefix);
  if (pragma) {
    return RULES.filter((r) => r.code.startsWith(pragma[1].toUpperCase())).map((r) => ({ label: r.code, kind: 'value' as const, insertText: r.code, detail: r.severity, documentation: r.description, range: replaceRange(pos, pragma[1]) }));
  }
  if (/^\s*#/.test(prefix)) return [];

  // Variables: `$NA` or `${NA`.
  const v = /\$\{?([A-Za-z_][A-Za-z0-9_]*)?$/.exec(prefix);
  if (v && ins) {
    const typed = v[1] ?? '';
    const braced = v[0].startsWith('${');
    return availableVariables(doc, pos.line)
      .filter((n) => n.toLowerCase().startsWith(typed.toLowerCase()))
      .map((n) => ({ label: n, kind: 'variable' as const, insertText: braced && !lineText.slice(pos.character).startsWith('}') ? `${n}}` : n, detail: valueDetail(doc, n, pos.line), range: replaceRange(pos, typed) }));
  }

  // Start of an instruction.
  const first = /^\s*([A-Za-z]*)$/.exec(prefix);
  if (first && !continued) return instructionEntries(first[1], pos, doc.stages.length === 0 && !doc.instructions.some((i) => i.getRange().start.line < pos.line && i.getKeyword() !== 'ARG'));
  const onbuild = /^\s*ONBUILD\s+([A-Za-z]*)$/i.exec(prefix);
  if (onbuild) return instructionEntries(onbuild[1], pos, false).filter((e) => !['ONBUILD', 'FROM', 'MAINTAINER'].includes(e.label));
  if (!ins) return [];
  const keyword = ins.getKeyword();

  // `--from=stage` (COPY) and `--mount=…,from=stage` (RUN).
  const fromFlag = /(?:--from=|[,=]from=)([^\s,]*)$/.exec(prefix);
  if (fromFlag) {
    const line = ins.getRange().start.line;
    const stages = doc.stages.filter((s) => s.from.getRange().start.line < line);
    const current = stages[stages.length - 1];
    return stages
      .filter((s) => s !== current)
      .map((s) => ({ label: s.name ?? String(s.index), kind: 'stage' as const, insertText: s.name ?? String(s.index), detail: `stage ${s.index}: ${s.from.getImage() ?? ''}`, range: replaceRange(pos, fromFlag[1]) }));
  }

  // Flags.
  const flag = /(?:^|\s)(--[a-z-]*)$/.exec(prefix);
  const flagDocs = FLAG_DOCS[keyword];
  if (flag && flagDocs) {
    return Object.entries(flagDocs).map(([name, doc_]) => ({ label: `--${name}`, kind: 'flag' as const, insertText: `--${name}=`, documentation: doc_, range: replaceRange(pos, flag[1]) }));
  }

  if (keyword === 'HEALTHCHECK' && /HEALTHCHECK(\s+--\S+)*\s+([A-Za-z]*)$/i.test(prefix)) {
    const typed = /([A-Za-z]*)$/.exec(prefix)![1];
    return ['CMD', 'NONE'].map((k) => ({ label: k, kind: 'keyword' as const, insertText: k === 'CMD' ? 'CMD ' : k, range: replaceRange(pos, typed) }));
  }

  if (keyword === 'FROM') return fromEntries(doc, prefix, pos, services);
  return [];
}

function valueDetail(doc: ParsedDockerfile, name: string, line: number): string | undefined {
  const v = doc.ast.resolveVariable(name, line);
  return v === undefined || v === null ? undefined : `= ${v}`;
}

function instructionEntries(typed: string, pos: Position, beforeFrom: boolean): CompletionEntry[] {
  const names = beforeFrom ? ['FROM', 'ARG'] : Object.keys(INSTRUCTION_DOCS);
  return names
    .filter((k) => k.startsWith(typed.toUpperCase()))
    .map((k) => ({
      label: k,
      kind: 'keyword' as const,
      insertText: INSTRUCTION_DOCS[k].snippet,
      snippet: true,
      detail: INSTRUCTION_DOCS[k].syntax[0],
      documentation: INSTRUCTION_DOCS[k].summary,
      range: replaceRange(pos, typed),
    }));
}

async function fromEntries(doc: ParsedDockerfile, prefix: string, pos: Position, services?: DockerfileServices): Promise<CompletionEntry[]> {
  // Only the image word: after FROM and its flags, before AS.
  const m = /^\s*FROM(?:\s+--\S+)*\s+(\S*)$/i.exec(prefix);
  if (!m) {
    if (/^\s*FROM(?:\s+--\S+)*\s+\S+\s+([A-Za-z]*)$/i.test(prefix)) return [{ label: 'AS', kind: 'keyword', insertText: 'AS ', range: replaceRange(pos, /([A-Za-z]*)$/.exec(prefix)![1]) }];
    return [];
  }
  const typed = m[1];
  const images = services ? await services.localImages().catch(() => []) : [];
  const colon = typed.lastIndexOf(':');
  if (colon > 0 && !typed.slice(colon).includes('/')) {
    const repo = typed.slice(0, colon);
    const tagTyped = typed.slice(colon + 1);
    const tags = new Set(images.filter((i) => familiar(i.name) === familiar(repo)).map((i) => i.tag));
    if (services?.registryTags) for (const t of await services.registryTags(repo).catch(() => [])) tags.add(t);
    return [...tags].filter((t) => t.startsWith(tagTyped)).map((t) => ({ label: t, kind: 'tag' as const, insertText: t, detail: repo, range: replaceRange(pos, tagTyped) }));
  }
  const out: CompletionEntry[] = [];
  const line = pos.line;
  for (const s of doc.stages) if (s.name && s.from.getRange().start.line < line) out.push({ label: s.name, kind: 'stage', insertText: s.name, detail: `stage ${s.index}`, range: replaceRange(pos, typed) });
  const seen = new Set<string>();
  for (const img of images) {
    const label = `${familiar(img.name)}:${img.tag}`;
    if (seen.has(label)) continue;
    seen.add(label);
    out.push({ label, kind: 'image', insertText: label, detail: `local image ${img.id.replace(/^sha256:/, '').slice(0, 12)}`, range: replaceRange(pos, typed) });
  }
  out.push({ label: 'scratch', kind: 'image', insertText: 'scratch', detail: 'empty base image', range: replaceRange(pos, typed) });
  return out.filter((e) => e.label.startsWith(typed));
}
