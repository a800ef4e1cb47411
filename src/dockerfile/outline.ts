// Document outline: build stages, each with its instructions; ARGs before FROM at the top level.
import { Instruction } from 'dockerfile-ast';
import { ParsedDockerfile } from './parse';
import { Range } from './types';

export interface OutlineSymbol {
  name: string;
  detail: string;
  kind: 'stage' | 'instruction';
  range: Range;
  selectionRange: Range;
  children: OutlineSymbol[];
}

function instructionSymbol(ins: Instruction): OutlineSymbol {
  const args = (ins.getArgumentsContent() ?? '').replace(/\s*[\\`]?\r?\n\s*/g, ' ').trim();
  return {
    name: ins.getKeyword(),
    detail: args.length > 60 ? args.slice(0, 59) + '…' : args,
    kind: 'instruction',
    range: ins.getRange(),
    selectionRange: ins.getInstructionRange(),
    children: [],
  };
}

export function outline(doc: ParsedDockerfile): OutlineSymbol[] {
  const out: OutlineSymbol[] = doc.preamble.map(instructionSymbol);
  for (const s of doc.stages) {
    out.push({
      name: s.from.getBuildStage() ?? `stage ${s.index}`,
      detail: s.from.getImage() ?? '',
      kind: 'stage',
      range: s.range,
      selectionRange: s.from.getBuildStageRange() ?? s.from.getInstructionRange(),
      children: s.instructions.slice(1).map(instructionSymbol),
    });
  }
  return out;
}
