// Hover: instruction and flag docs, resolved variable values, local image details on FROM, and
// rule descriptions on pragma codes.
import { From, ModifiableInstruction } from 'dockerfile-ast';
import { humanSize } from '../engine/format/units';
import { FLAG_DOCS, instructionHover } from './docs';
import { RULE_BY_CODE, ruleLink } from './lint/rules';
import { ParsedDockerfile, effective, instructionAtLine } from './parse';
import { DockerfileServices, LocalImage, familiar } from './services';
import { Position, Range, contains } from './types';
import { variableAt } from './variables';

export interface HoverResult {
  /** Markdown. */
  contents: string;
  range: Range;
}

export async function hover(doc: ParsedDockerfile, pos: Position, services?: DockerfileServices): Promise<HoverResult | undefined> {
  const lineText = doc.lines[pos.line] ?? '';
  if (/^\s*#/.test(lineText)) return pragmaHover(lineText, pos);
  const outer = instructionAtLine(doc, pos.line);
  if (!outer) return undefined;
  if (contains(outer.getInstructionRange(), pos)) {
    const md = instructionHover(outer.getKeyword());
    return md ? { contents: md, range: outer.getInstructionRange() } : undefined;
  }
  const ins = effective(outer);
  if (ins !== outer && contains(ins.getInstructionRange(), pos)) {
    const md = instructionHover(ins.getKeyword());
    return md ? { contents: md, range: ins.getInstructionRange() } : undefined;
  }
  const v = variableAt(doc, pos);
  if (v) {
    const value = v.value === undefined ? '_not defined at this point_' : v.value === null ? '_declared without a value_' : `\`${v.value}\``;
    const extra = v.modifier ? `\n\n\`${v.modifier}\` → \`${v.parameter ?? ''}\`` : '';
    return { contents: `**${v.name}** = ${value}${extra}`, range: v.range };
  }
  const flags = 'getFlags' in ins ? (ins as ModifiableInstruction).getFlags() : [];
  for (const f of flags) {
    if (contains(f.getRange(), pos)) {
      const text = FLAG_DOCS[ins.getKeyword()]?.[f.getName()];
      if (text) return { contents: `**--${f.getName()}**\n\n${text}`, range: f.getRange() };
    }
  }
  if (ins.getKeyword() === 'FROM') {
    const from = ins as From;
    const r = from.getImageRange();
    if (r && contains(r, pos)) return imageHover(doc, from, r, services);
  }
  return undefined;
}

function pragmaHover(lineText: string, pos: Position): HoverResult | undefined {
  const re = /\b(DL\d{4}|SC\d{4}|LD\d{4})\b/g;
  for (let m = re.exec(lineText); m; m = re.exec(lineText)) {
    if (pos.character < m.index || pos.character > m.index + m[0].length) continue;
    const meta = RULE_BY_CODE.get(m[1]);
    const text = meta ? `**${m[1]}** (${meta.severity})\n\n${meta.description}` : `**${m[1]}**`;
    return { contents: `${text}\n\n[Documentation](${ruleLink(m[1])})`, range: { start: { line: pos.line, character: m.index }, end: { line: pos.line, character: m.index + m[0].length } } };
  }
  return undefined;
}

async function imageHover(doc: ParsedDockerfile, from: From, range: Range, services?: DockerfileServices): Promise<HoverResult | undefined> {
  const name = from.getImageName() ?? '';
  const tag = from.getImageTag() ?? (from.getImageDigest() ? undefined : 'latest');
  const stage = doc.stages.find((s) => s.name === name.toLowerCase() && s.from.getRange().start.line < from.getRange().start.line);
  if (stage) return { contents: `Build stage **${stage.name}** (stage ${stage.index}, from \`${stage.from.getImage() ?? ''}\`)`, range };
  if (name === 'scratch') return { contents: '**scratch**: the empty image; the stage starts with no files.', range };
  let image: LocalImage | undefined;
  if (services) {
    const images = await services.localImages().catch(() => [] as LocalImage[]);
    const digest = from.getImageDigest();
    image = images.find((i) => familiar(i.name) === familiar(name) && (digest ? i.digest === digest : i.tag === tag));
  }
  const ref = `${familiar(name)}${tag ? `:${tag}` : ''}${from.getImageDigest() ? `@${from.getImageDigest()}` : ''}`;
  if (!image) return { contents: `**${ref}**\n\nNot in the local image store.`, range };
  const rows = [
    `**${ref}**`,
    '',
    `| | |`,
    `|---|---|`,
    `| ID | \`${image.id.replace(/^sha256:/, '').slice(0, 12)}\` |`,
    `| Size | ${humanSize(image.size)} |`,
    `| Created | ${image.created ?? 'unknown'} |`,
    `| Layers | ${image.layers} |`,
    `| Digest | ${image.digest ? `\`${image.digest}\`` : 'none (built or loaded locally)'} |`,
  ];
  return { contents: rows.join('\n'), range };
}
