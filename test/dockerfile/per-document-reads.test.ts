// Answers the rules read once per document (SHELL in effect, PIP_NO_CACHE_DIR, tar extraction,
// JSON form) must follow the document order exactly as a per-instruction scan did.
import assert from 'node:assert/strict';
import { lint } from '../../src/dockerfile/lint/lint';
import { isJsonForm, parseDockerfile } from '../../src/dockerfile/parse';

const codes = (text: string, code: string) => lint(text).filter((f) => f.code === code).map((f) => f.range.start.line);

describe('per-document reads of the linter', () => {
  it('DL4006 follows the last SHELL before each RUN in its own stage', () => {
    const text = [
      'FROM debian:12 AS a',
      'RUN a | b',
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      'RUN a | b',
      'SHELL ["/bin/sh", "-c"]',
      'RUN a | b',
      'FROM debian:12',
      'RUN a | b',
      'SHELL ["pwsh", "-c"]',
      'RUN a | b',
    ].join('\n') + '\n';
    assert.deepEqual(codes(text, 'DL4006'), [1, 5, 7]);
  });

  it('DL3042 is satisfied only by a PIP_NO_CACHE_DIR set before the RUN', () => {
    const text = 'FROM python:3.12\nRUN pip install flask==3.0\nARG PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.0\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.0\n';
    assert.deepEqual(codes(text, 'DL3042'), [1]);
  });

  it('DL3010 needs a tar extraction of that archive after the COPY', () => {
    const text = 'FROM debian:12\nRUN tar -xzf /tmp/a.tar.gz\nCOPY a.tar.gz b.tar.gz /tmp/\nRUN tar -xzf /tmp/b.tar.gz -C /opt\nRUN echo a.tar.gz\n';
    assert.deepEqual(codes(text, 'DL3010'), [2]);
  });

  it('JSON form is judged on the arguments without continuations, also when they start with the escape character', () => {
    const form = (text: string) => parseDockerfile(text).instructions.map(isJsonForm);
    assert.deepEqual(form('FROM x\nCMD ["a"]\nCMD a\nCMD\nRUN --network=none ["a"]\nRUN --network=none a\n'), [false, true, false, false, true, false]);
    assert.deepEqual(form('FROM x\nCMD \\x\\\n ["a"]\nCMD \\$x ["a"]\n'), [false, true, false]);
    assert.deepEqual(form('# escape=`\nFROM x\nCMD `x`\n ["a"]\n'), [false, true]);
  });
});
