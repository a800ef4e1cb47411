// Go's fmt verbs as templates use them: %s %v %d %q %x %f %t %%, with flags `-`, `0`, width and
// precision (`%-20s`, `%5.2f`).
import { goString } from './go-value';

export function sprintf(format: string, args: unknown[]): string {
  let ai = 0;
  return format.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g, (all, flags: string, width?: string, prec?: string, verb?: string) => {
    if (verb === '%') return '%';
    if (ai >= args.length) return `%!${verb}(MISSING)`;
    const a = args[ai++];
    let s: string;
    switch (verb) {
      case 'd':
        s = typeof a === 'number' ? String(Math.trunc(a)) : `%!d(${goString(a)})`;
        break;
      case 'f':
        s = typeof a === 'number' ? a.toFixed(prec ? Number(prec) : 6) : `%!f(${goString(a)})`;
        break;
      case 'q':
        s = JSON.stringify(goString(a));
        break;
      case 'x':
        s = typeof a === 'number' ? a.toString(16) : Buffer.from(goString(a)).toString('hex');
        break;
      case 't':
        s = String(Boolean(a));
        break;
      default:
        s = a === undefined ? '<nil>' : goString(a);
        if (prec !== undefined && (verb === 's' || verb === 'v')) s = [...s].slice(0, Number(prec)).join('');
    }
    const w = width ? Number(width) : 0;
    const len = [...s].length;
    if (len < w) {
      if (flags.includes('-')) s = s + ' '.repeat(w - len);
      else s = (flags.includes('0') && /[dfx]/.test(verb ?? '') ? '0' : ' ').repeat(w - len) + s;
    }
    void all;
    return s;
  });
}
