// The build context: the folder COPY and ADD read from, minus what .dockerignore leaves out.
// Nothing outside the folder can be read: `..` in a source and a named source that is a symlink
// whose target leaves the folder are refused with a clear error. Symlinks inside a copied folder
// are copied as links, as docker does, whatever they point to: their target is a path in the
// image (`python -> /usr/bin/python3`), and nothing is read through them.
import { promises as fsp, Stats } from 'node:fs';
import * as path from 'node:path';
import { IgnoreMatcher, patternRegex } from './dockerignore';
import { LadingError } from '../errors';

export interface ContextFile {
  /** Path relative to the context root, `/`-separated (`src/app.js`). */
  rel: string;
  abs: string;
  stat: Stats;
  /** Symlink target, for links. */
  linkname?: string;
}

/** A source as named in COPY/ADD: the matched path, and its content when it is a folder. */
export interface ContextSource {
  root: ContextFile;
  /** For folders: every file, folder and link inside (relative to the root), in path order. */
  children: ContextFile[];
}

export function hasGlob(p: string): boolean {
  return /[*?[]/.test(p);
}

export class BuildContext {
  private constructor(readonly root: string, readonly ignore: IgnoreMatcher) {}

  /** `dockerfile`: a `<Dockerfile>.dockerignore` beside it wins over the context's `.dockerignore`. */
  static async open(dir: string, dockerfile?: string): Promise<BuildContext> {
    const st = await fsp.stat(dir).catch(() => undefined);
    if (!st?.isDirectory()) throw new LadingError(`unable to prepare context: path "${dir}" not found`);
    const root = await fsp.realpath(dir);
    const specific = dockerfile ? await fsp.readFile(`${dockerfile}.dockerignore`, 'utf8').catch(() => undefined) : undefined;
    const ignoreText = specific ?? (await fsp.readFile(path.join(root, '.dockerignore'), 'utf8').catch(() => ''));
    return new BuildContext(root, new IgnoreMatcher(ignoreText));
  }

  /** Cleans a COPY source to a context-relative path; `..` that leaves the context is refused. */
  clean(source: string): string {
    const rel = path.posix.normalize(source.replace(/^\/+/, '') || '.');
    if (rel === '..' || rel.startsWith('../')) throw new LadingError(`forbidden path outside the build context: ${source}`);
    return rel === '.' ? '' : rel.replace(/\/+$/, '');
  }

  private async file(rel: string): Promise<ContextFile | undefined> {
    const abs = rel ? path.join(this.root, ...rel.split('/')) : this.root;
    const stat = await fsp.lstat(abs).catch(() => undefined);
    if (!stat) return undefined;
    const f: ContextFile = { rel, abs, stat };
    if (stat.isSymbolicLink()) f.linkname = await fsp.readlink(abs);
    return f;
  }

  /** A link may point anywhere inside the context, never out of it (absolute targets are host paths). */
  private checkLink(rel: string, linkname: string): void {
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(rel), linkname));
    if (linkname.startsWith('/') || resolved === '..' || resolved.startsWith('../')) {
      throw new LadingError(`forbidden path outside the build context: ${rel} is a symlink to ${linkname}`);
    }
  }

  /** The folders above a named source must be real folders of the context, not links out of it. */
  private async checkParents(rel: string): Promise<void> {
    const parent = path.dirname(rel ? path.join(this.root, ...rel.split('/')) : this.root);
    const real = await fsp.realpath(parent).catch(() => undefined);
    if (real && real !== this.root && !real.startsWith(this.root + path.sep) && parent.startsWith(this.root + path.sep)) {
      throw new LadingError(`forbidden path outside the build context: ${rel}`);
    }
  }

  /** Follows a source link inside the context, as docker follows the named source. */
  private async follow(f: ContextFile, depth = 0): Promise<ContextFile> {
    if (!f.linkname) return f;
    if (depth > 16) throw new LadingError(`too many levels of symbolic links: ${f.rel}`);
    this.checkLink(f.rel, f.linkname);
    const rel = path.posix.normalize(path.posix.join(path.posix.dirname(f.rel), f.linkname)).replace(/^\.\/?/, '');
    const next = await this.file(rel === '.' ? '' : rel);
    if (!next) throw new LadingError(`file not found in build context or excluded by .dockerignore: ${f.rel} links to missing ${f.linkname}`);
    // The resolved path must still be a real path inside the root.
    const real = await fsp.realpath(next.abs);
    if (real !== this.root && !real.startsWith(this.root + path.sep)) throw new LadingError(`forbidden path outside the build context: ${f.rel}`);
    return this.follow(next, depth + 1);
  }

  private async walk(dir: ContextFile, out: ContextFile[]): Promise<void> {
    const names = (await fsp.readdir(dir.abs)).sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : a === b ? 0 : 1));
    for (const n of names) {
      const rel = dir.rel ? `${dir.rel}/${n}` : n;
      const ignored = this.ignore.ignores(rel);
      const f = await this.file(rel);
      if (!f) continue;
      // An ignored folder is still walked when exceptions may bring back something inside it.
      if (f.stat.isDirectory()) {
        if (!ignored) out.push(f);
        if (!ignored || this.ignore.hasExceptions) await this.walk(f, out);
      } else if (!ignored && (f.stat.isFile() || f.stat.isSymbolicLink())) out.push(f);
    }
  }

  /** Every file the context holds (after .dockerignore), in path order. */
  async all(): Promise<ContextFile[]> {
    const out: ContextFile[] = [];
    await this.walk({ rel: '', abs: this.root, stat: await fsp.lstat(this.root) }, out);
    return out;
  }

  /** Resolves one COPY/ADD source (a path or a glob) to what it names. */
  async resolve(source: string): Promise<ContextSource[]> {
    const rel = this.clean(source);
    let roots: ContextFile[];
    if (hasGlob(rel)) {
      const re = patternRegex(rel);
      roots = (await this.all()).filter((f) => re.test(f.rel));
      if (!roots.length) throw new LadingError(`file not found in build context or excluded by .dockerignore: no source files were specified matching ${source}`);
    } else {
      await this.checkParents(rel);
      const f = rel && this.ignore.ignores(rel) ? undefined : await this.file(rel);
      if (!f) throw new LadingError(`file not found in build context or excluded by .dockerignore: stat ${rel}: file does not exist`);
      roots = [f];
    }
    const out: ContextSource[] = [];
    for (const r of roots) {
      const root = await this.follow(r);
      const children: ContextFile[] = [];
      if (root.stat.isDirectory()) await this.walk(root, children);
      out.push({ root: { ...root, rel: r.rel }, children: children.map((c) => ({ ...c, rel: root.rel ? c.rel.slice(root.rel.length + 1) : c.rel })) });
    }
    return out;
  }
}
