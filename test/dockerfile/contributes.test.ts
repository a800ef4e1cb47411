import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('dockerfile manifest contributions', () => {
  const contributes = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).contributes;
  const lintSettings = (): string[] =>
    contributes.configuration.flatMap((section: { properties: Record<string, unknown> }) => Object.keys(section.properties)).filter((k: string) => k.startsWith('lading.lint.'));

  it('contributes the grammar to the built-in dockerfile language', () => {
    const lang = contributes.languages.find((l: { id: string }) => l.id === 'dockerfile');
    assert.ok(lang.filenames.includes('Dockerfile') && lang.filenames.includes('Containerfile'));
    assert.ok(lang.filenamePatterns.includes('*.Dockerfile'));
  });

  it('points the grammar at the shipped file with the right scope name', () => {
    const g = contributes.grammars[0];
    const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, g.path), 'utf8'));
    assert.equal(grammar.scopeName, g.scopeName);
    assert.equal(g.language, 'dockerfile');
  });

  it('declares every lading.lint.* setting the adapter reads', () => {
    const src = fs.readFileSync(path.join(ROOT, 'src', 'extension', 'dockerfile', 'settings.ts'), 'utf8');
    const read = [...src.matchAll(/c\.get<.*?>\('([^']+)'\)/g)].map((m) => `lading.lint.${m[1]}`).sort();
    assert.ok(read.length >= 8, read.join(','));
    assert.deepEqual(lintSettings().sort(), read);
  });
});
