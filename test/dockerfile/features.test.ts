import assert from 'node:assert/strict';
import { complete } from '../../src/dockerfile/completion';
import { foldingRanges } from '../../src/dockerfile/folding';
import { formatText, formatEdits } from '../../src/dockerfile/format';
import { hover } from '../../src/dockerfile/hover';
import { lint } from '../../src/dockerfile/lint/lint';
import { outline } from '../../src/dockerfile/outline';
import { parseDockerfile } from '../../src/dockerfile/parse';
import { codeFixes } from '../../src/dockerfile/quickfix';
import { DockerfileServices } from '../../src/dockerfile/services';
import { TextEdit } from '../../src/dockerfile/types';

const DIGEST = 'sha256:' + 'c'.repeat(64);
const services: DockerfileServices = {
  localImages: async () => [
    { name: 'docker.io/library/debian', tag: '12', id: 'sha256:' + 'a'.repeat(64), size: 123_400_000, created: '2024-01-01T00:00:00Z', layers: 3, digest: 'sha256:' + 'b'.repeat(64) },
    { name: 'registry.example/team/app', tag: '1.0', id: 'sha256:' + 'd'.repeat(64), size: 5_310, layers: 1 },
  ],
  registryTags: async (repo) => (repo === 'debian' ? ['11', '12', '12-slim'] : []),
  resolveDigest: async (ref) => (ref === 'debian:12' || ref === 'ubuntu:latest' ? DIGEST : undefined),
};

/** The position of `marker` (`|`) in text, and the text without it. */
function cursor(text: string): { text: string; pos: { line: number; character: number } } {
  const i = text.indexOf('|');
  const before = text.slice(0, i).split('\n');
  return { text: text.slice(0, i) + text.slice(i + 1), pos: { line: before.length - 1, character: before[before.length - 1].length } };
}

async function labels(marked: string): Promise<string[]> {
  const { text, pos } = cursor(marked);
  return (await complete(parseDockerfile(text), pos, services)).map((e) => e.label);
}

/** Applies non-overlapping edits. */
function apply(text: string, edits: TextEdit[]): string {
  const doc = parseDockerfile(text);
  const sorted = [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, doc.offsetAt(e.range.start)) + e.newText + out.slice(doc.offsetAt(e.range.end));
  return out;
}

async function fix(text: string, code: string, titlePart: string): Promise<string> {
  const doc = parseDockerfile(text);
  const findings = lint(doc).filter((f) => f.code === code);
  assert.ok(findings.length, `${code} found`);
  const fixes = await codeFixes(doc, findings[0].range, findings, services);
  const chosen = fixes.find((f) => f.title.includes(titlePart));
  assert.ok(chosen, `fix "${titlePart}" among ${fixes.map((f) => f.title).join(' | ')}`);
  return apply(text, chosen.edits);
}

describe('dockerfile completion', () => {
  it('offers instructions as snippets, only FROM/ARG before the first FROM', async () => {
    assert.deepEqual((await labels('|')).sort(), ['ARG', 'FROM']);
    const after = await labels('FROM debian:12\nR|');
    assert.deepEqual(after, ['RUN']);
    const { text, pos } = cursor('FROM debian:12\nWOR|');
    const [e] = await complete(parseDockerfile(text), pos, services);
    assert.equal(e.snippet, true);
    assert.match(e.insertText, /^WORKDIR \$\{1/);
    assert.deepEqual(e.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
  });

  it('offers flags per instruction', async () => {
    assert.deepEqual((await labels('FROM debian:12\nCOPY --|')).sort(), ['--chmod', '--chown', '--exclude', '--from', '--link', '--parents']);
    assert.ok((await labels('FROM debian:12\nRUN --|')).includes('--mount'));
    assert.deepEqual(await labels('FROM --|'), ['--platform']);
  });

  it('offers earlier stage names after --from=', async () => {
    assert.deepEqual(await labels('FROM debian:12 AS build\nFROM debian:12 AS test\nFROM debian:12\nCOPY --from=|'), ['build', 'test']);
  });

  it('offers ARG and ENV names after $ and ${', async () => {
    const l = await labels('ARG VERSION=1\nFROM debian:12\nARG VERSION\nENV APP_HOME=/app\nRUN echo ${AP|');
    assert.ok(l.includes('APP_HOME'), l.join(','));
    assert.ok(!l.includes('VERSION'));
    assert.ok((await labels('ARG VERSION=1\nFROM debian:${|')).includes('VERSION'));
  });

  it('offers local images after FROM and registry tags after the colon', async () => {
    const images = await labels('FROM |');
    assert.ok(images.includes('debian:12') && images.includes('registry.example/team/app:1.0') && images.includes('scratch'), images.join(','));
    const tags = await labels('FROM debian:1|');
    assert.deepEqual(tags.sort(), ['11', '12', '12-slim']);
    assert.ok((await labels('FROM debian:12 AS base\nFROM b|')).includes('base'));
  });
});

describe('dockerfile completion of rule codes', () => {
  it('offers rule codes inside ignore pragmas', async () => {
    const l = await labels('FROM debian:12\n# hadolint ignore=DL3006,DL300|\nRUN x');
    assert.ok(l.includes('DL3008') && l.every((c) => c.startsWith('DL300')), l.join(','));
    assert.deepEqual(await labels('# just a comm|'), []);
  });
});

describe('dockerfile hover', () => {
  const at = async (marked: string) => {
    const { text, pos } = cursor(marked);
    return hover(parseDockerfile(text), pos, services);
  };
  it('documents instructions and flags', async () => {
    assert.match((await at('FROM debian:12\nWOR|KDIR /x'))!.contents, /working directory/);
    assert.match((await at('FROM debian:12\nCOPY --ch|own=1:1 a /b'))!.contents, /Owner/);
  });
  it('shows resolved variable values', async () => {
    const h = await at('FROM debian:12\nENV APP=/srv/app\nRUN cd $A|PP');
    assert.match(h!.contents, /APP.*\/srv\/app/);
    assert.match((await at('ARG TAG=12\nFROM debian:$T|AG'))!.contents, /`12`/);
    assert.match((await at('FROM debian:12\nRUN echo $NO|PE'))!.contents, /not defined/);
  });
  it('shows the local image on FROM: ID, size, created, layers, digest', async () => {
    const h = (await at('FROM deb|ian:12'))!.contents;
    assert.match(h, /aaaaaaaaaaaa/);
    assert.match(h, /123MB/);
    assert.match(h, /2024-01-01/);
    assert.match(h, /Layers \| 3/);
    assert.match(h, /sha256:bbbb/);
    assert.match((await at('FROM alp|ine:3'))!.contents, /Not in the local image store/);
  });
  it('describes rule codes in pragmas', async () => {
    assert.match((await at('# hadolint ignore=DL30|08\nFROM debian:12'))!.contents, /Pin versions in apt-get/);
  });
});

describe('dockerfile quick fixes', () => {
  it('inserts an ignore pragma for a pinning finding, or extends an existing one', async () => {
    const text = 'FROM debian:12\n  RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n';
    const fixed = await fix(text, 'DL3008', 'Ignore DL3008');
    assert.equal(fixed.split('\n')[1], '  # hadolint ignore=DL3008');
    assert.ok(!lint(fixed).some((f) => f.code === 'DL3008'));
    const extended = await fix('FROM debian:12\n# hadolint ignore=DL3015\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n', 'DL3008', 'Ignore DL3008');
    assert.equal(extended.split('\n')[1], '# hadolint ignore=DL3015,DL3008');
  });
  it('adds --no-install-recommends', async () => {
    const fixed = await fix('FROM debian:12\nRUN apt-get install -y curl=1\n', 'DL3015', '--no-install-recommends');
    assert.equal(fixed.split('\n')[1], 'RUN apt-get install --no-install-recommends -y curl=1');
  });
  it('replaces cd with WORKDIR', async () => {
    const fixed = await fix('FROM debian:12\nRUN cd /src && make\n', 'DL3003', 'WORKDIR');
    assert.equal(fixed, 'FROM debian:12\nWORKDIR /src\nRUN make\n');
  });
  it('converts CMD to JSON form', async () => {
    assert.equal(await fix('FROM debian:12\nCMD node "server.js"\n', 'DL3025', 'JSON'), 'FROM debian:12\nCMD ["node", "server.js"]\n');
  });
  it('pins a base image to the digest it resolves to', async () => {
    const doc = parseDockerfile('FROM ubuntu\n');
    const findings = lint(doc);
    const fixes = await codeFixes(doc, findings.find((f) => f.code === 'DL3006')!.range, findings, services);
    const pin = fixes.find((f) => f.title.startsWith('Pin'));
    assert.ok(pin, fixes.map((f) => f.title).join(' | '));
    assert.equal(apply('FROM ubuntu\n', pin.edits), `FROM ubuntu:latest@${DIGEST}\n`);
  });
  it('uppercases instructions and AS, and corrects a mistyped instruction', async () => {
    const doc = parseDockerfile('from debian:12 as base\n');
    const fixes = await codeFixes(doc, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], services);
    assert.ok(fixes.some((f) => f.title.includes('Uppercase')));
    const as = fixes.find((f) => f.title.includes('`AS`'))!;
    assert.equal(apply('from debian:12 as base\n', as.edits), 'from debian:12 AS base\n');
    assert.equal(await fix('FROM debian:12\nRUNN echo\n', 'LD1001', 'Change to'), 'FROM debian:12\nRUN echo\n');
  });
});

describe('dockerfile formatting, outline, folding', () => {
  it('uppercases, indents continuations, trims trailing whitespace, keeps heredocs, and is idempotent', () => {
    const text = 'from debian:12 as base  \nrun apt-get update && \\\n        apt-get install -y x \\\n  && true\nRUN <<EOF\n   keep   \nEOF\n  onbuild run echo\n';
    const out = formatText(parseDockerfile(text));
    assert.equal(out, 'FROM debian:12 AS base\nRUN apt-get update && \\\n    apt-get install -y x \\\n    && true\nRUN <<EOF\n   keep   \nEOF\nONBUILD RUN echo\n');
    assert.equal(formatText(parseDockerfile(out)), out);
    assert.deepEqual(formatEdits(parseDockerfile(out)), []);
  });
  it('outlines stages with their instructions', () => {
    const o = outline(parseDockerfile('ARG V=1\nFROM golang:1.22 AS build\nRUN go build\nFROM debian:12\nCOPY --from=build /a /a\n'));
    assert.deepEqual(o.map((s) => [s.name, s.kind, s.children.map((c) => c.name)]), [
      ['ARG', 'instruction', []],
      ['build', 'stage', ['RUN']],
      ['stage 1', 'stage', ['COPY']],
    ]);
    assert.equal(o[1].detail, 'golang:1.22');
  });
  it('folds stages, multi-line instructions, heredocs and comment blocks', () => {
    const f = foldingRanges(parseDockerfile('# a\n# b\nFROM debian:12\nRUN a \\\n  b\nCOPY <<EOF /x\nline\nEOF\nFROM debian:12\n'));
    const asText = f.map((x) => `${x.start}-${x.end}${x.kind ? ':' + x.kind : ''}`);
    assert.ok(asText.includes('0-1:comment'), asText.join(' '));
    assert.ok(asText.includes('2-7:region'), asText.join(' '));
    assert.ok(asText.includes('3-4'), asText.join(' '));
    assert.ok(asText.includes('5-7'), asText.join(' '));
  });
});
