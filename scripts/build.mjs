// Bundles the extension and the CLI with esbuild. The engine is bundled into both so that the
// extension needs no node_modules at run time and the CLI starts fast.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  minify: !watch,
  logLevel: 'warning',
  legalComments: 'none',
  define: { LADING_VERSION: JSON.stringify(pkg.version) },
};

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', format: 'cjs', external: ['vscode'] },
  // Registry/network code for the extension, loaded on first use (see src/extension/network.ts).
  { ...common, entryPoints: ['src/extension/network.ts'], outfile: 'dist/network.js', format: 'cjs', external: ['vscode'] },
  // dist/cli.js is a small launcher that compiles dist/cli-main.js (the CLI) with a V8 code cache.
  { ...common, entryPoints: ['src/cli/launcher.ts'], outfile: 'dist/cli.js', format: 'cjs', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli-main.js', format: 'cjs' },
];

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
