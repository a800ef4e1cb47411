// The extension ships as one bundle with no node_modules: keep it small enough to load fast.
import * as assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';

const BUNDLE = path.resolve(__dirname, '../../../dist/extension.js');
const LIMIT = 1.5 * 1024 * 1024;

describe('extension bundle', () => {
  it('dist/extension.js exists and is under 1.5 MB', () => {
    assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run npm run build`);
    const size = statSync(BUNDLE).size;
    assert.ok(size < LIMIT, `dist/extension.js is ${size} bytes, over ${LIMIT}`);
  });

  it('keeps the registry code (undici) out of the activation bundle, in dist/network.js', async () => {
    const { readFileSync } = await import('node:fs');
    const main = readFileSync(BUNDLE, 'utf8');
    const net = path.join(path.dirname(BUNDLE), 'network.js');
    assert.ok(existsSync(net), 'dist/network.js is built');
    assert.ok(!main.includes('undici'), 'dist/extension.js contains undici');
    assert.ok(readFileSync(net, 'utf8').includes('undici'));
    assert.ok(statSync(BUNDLE).size + statSync(net).size < 2 * LIMIT);
  });

  it('does not bundle the vscode module (it is provided by the editor)', async () => {
    const { readFileSync } = await import('node:fs');
    assert.match(readFileSync(BUNDLE, 'utf8'), /require\("vscode"\)/);
  });
});
