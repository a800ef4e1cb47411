// docker's classic-builder `created_by` texts: config-only instructions are recorded as
// `<shell> #(nop)  KEYWORD args` (two blanks), COPY/ADD as `<shell> #(nop) COPY file:<hash> in
// <dest> ` and WORKDIR as `<shell> #(nop) WORKDIR <dir>` (one blank). Lists print as Go's %q of
// a []string: `["sh" "-c" "x"]`; VOLUME and SHELL as Go's %v: `[/data]`.

export function goQuoteList(list: string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;
}

export function goList(list: string[]): string {
  return `[${list.join(' ')}]`;
}

export function nopText(shell: string[], comment: string): string {
  return [...shell, '#(nop) ', comment].join(' ');
}

export function nopTextSingle(shell: string[], comment: string): string {
  return [...shell, `#(nop) ${comment}`].join(' ');
}
