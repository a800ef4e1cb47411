// .dockerignore, with docker's rules (moby/patternmatcher): one pattern a line, `#` comments,
// patterns cleaned and taken relative to the context root, `*` and `?` within one path segment,
// `**` across any number of segments, `!` re-includes; the last matching pattern wins, and a
// pattern that matches a folder matches everything inside it.
import * as path from 'node:path';

interface Pattern {
  regex: RegExp;
  exclusion: boolean;
}

/** Go filepath.Match-style pattern (with `**`) as an anchored regular expression. */
export function patternRegex(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        // `**/` also matches no folder at all.
        if (pattern[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let cls = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (cls.startsWith('^') || cls.startsWith('!')) cls = `^${cls.slice(1)}`;
        re += `[${cls}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]);
    else re += escapeRe(c);
  }
  return new RegExp(`${re}$`);
}

function escapeRe(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

export class IgnoreMatcher {
  private readonly patterns: Pattern[];

  constructor(text: string) {
    this.patterns = [];
    for (const raw of text.split(/\r?\n/)) {
      let line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      let exclusion = false;
      if (line.startsWith('!')) {
        exclusion = true;
        line = line.slice(1).trim();
      }
      line = path.posix.normalize(line).replace(/^\/+/, '').replace(/\/+$/, '');
      if (!line || line === '.') continue;
      this.patterns.push({ regex: patternRegex(line), exclusion });
    }
  }

  get hasExceptions(): boolean {
    return this.patterns.some((p) => p.exclusion);
  }

  /** Whether a context-relative path (`a/b/c`) is left out of the context. */
  ignores(rel: string): boolean {
    const parts = rel.split('/');
    let ignored = false;
    for (const p of this.patterns) {
      let matched = false;
      for (let n = parts.length; n >= 1 && !matched; n--) matched = p.regex.test(parts.slice(0, n).join('/'));
      if (matched) ignored = !p.exclusion;
    }
    return ignored;
  }
}
