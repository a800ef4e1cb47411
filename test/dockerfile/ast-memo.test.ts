import assert from 'node:assert/strict';
import { From, ModifiableInstruction, Run } from 'dockerfile-ast';
import { parseDockerfile } from '../../src/dockerfile/parse';

const words = (args: { getValue(): string }[]) => args.map((a) => a.getValue());
// dockerfile-ast declares it private; FROM and ModifiableInstruction build on it.
const raw = (ins: unknown) => (ins as { getRawArguments(): { getValue(): string }[] }).getRawArguments();
const ranges = (args: { getRange(): unknown }[]) => JSON.stringify(args.map((a) => a.getRange()));

describe('remembered dockerfile-ast answers', () => {
  it('are not changed by callers that change the arrays they get', () => {
    const doc = parseDockerfile('FROM debian:12\nRUN --mount=type=cache,target=/c apt-get install -y curl\n');
    const run = doc.instructions[1] as Run;
    run.getArguments().length = 0;
    raw(run).shift();
    (run as unknown as ModifiableInstruction).getFlags().pop();
    assert.deepEqual(words(run.getArguments()), ['apt-get', 'install', '-y', 'curl']);
    assert.deepEqual(words(raw(run)), ['--mount=type=cache,target=/c', 'apt-get', 'install', '-y', 'curl']);
    assert.deepEqual((run as unknown as ModifiableInstruction).getFlags().map((f) => f.getName()), ['mount']);
  });

  it("keep FROM's argument ranges when its image ranges are asked for", () => {
    const text = 'FROM --platform=linux/amd64 registry.example:5000/team/app:1.2@sha256:' + 'a'.repeat(64) + ' AS build\n';
    const first = parseDockerfile(text).instructions[0] as From;
    const fresh = ranges(first.getArguments());
    const answers = (f: From) => [f.getImageName(), f.getImageTag(), f.getImageDigest(), f.getRegistry(), f.getBuildStage()];
    const expected = answers(first);
    const from = parseDockerfile(text).instructions[0] as From;
    for (let i = 0; i < 2; i++) {
      from.getImageNameRange();
      from.getImageTagRange();
      from.getImageDigestRange();
      from.getRegistryRange();
      from.getImageRange();
    }
    assert.equal(ranges(from.getArguments()), fresh);
    assert.deepEqual(answers(from), expected);
    assert.deepEqual(expected, ['team/app:1.2', null, 'sha256:' + 'a'.repeat(64), 'registry.example:5000', 'build']);
  });

  it('give each document its own scan, also for identical text at the same place', () => {
    const a = parseDockerfile('FROM debian:12\nRUN echo a\n');
    const b = parseDockerfile('FROM debian:12\nRUN echo b\n');
    assert.deepEqual(words(a.instructions[1].getArguments()), ['echo', 'a']);
    assert.deepEqual(words(b.instructions[1].getArguments()), ['echo', 'b']);
  });

  // dockerfile-ast counts heredoc lines as arguments of the (real) instruction, but finds the
  // heredocs on a first instance built over the first line only: the two must not share a scan.
  it('see the heredocs an instruction opens, and the heredoc lines as its arguments', () => {
    const doc = parseDockerfile('FROM debian:12\nRUN <<EOF bash -e\nset -e\nEOF\nCOPY <<A <<B /dst/\na\nA\nb\nB\n');
    const run = doc.instructions[1] as Run;
    assert.deepEqual(words(run.getArguments()), ['<<EOF', 'bash', '-e', 'set', '-e', 'EOF']);
    assert.deepEqual(run.getHeredocs().map((h) => h.getName()), ['EOF']);
    const copy = doc.instructions[2] as Run;
    assert.deepEqual(words(copy.getArguments()), ['<<A', '<<B', '/dst/', 'a', 'A', 'b', 'B']);
    assert.deepEqual(copy.getHeredocs().map((h) => h.getName()), ['A', 'B']);
  });
});
