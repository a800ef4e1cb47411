// Every CLI command, in the order `lading --help` lists them. Each lives in its own file.
import { Command } from '../command';

export const commands: Command[] = [];

/** Adds commands to the table (each command file calls this at module load). */
export function register(...cmds: Command[]): void {
  commands.push(...cmds);
}
