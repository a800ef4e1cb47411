// Typed reads of parsed flags for the image commands.
import { ParsedArgs } from '../args';

export function str(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags[name];
  return typeof v === 'string' ? v : undefined;
}

export function bool(p: ParsedArgs, name: string): boolean {
  return p.flags[name] === true;
}

export function strs(p: ParsedArgs, name: string): string[] {
  const v = p.flags[name];
  return Array.isArray(v) ? v : [];
}
