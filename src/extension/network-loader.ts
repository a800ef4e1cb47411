// Loads network.ts's bundle (dist/network.js next to dist/extension.js, or out/…/network.js
// when compiled by tsc) on first use. The path is computed so the bundler leaves it alone.
import * as path from 'node:path';
import type * as NetworkModule from './network';

export type Network = typeof NetworkModule;

let loaded: Network | undefined;

export function network(): Network {
  if (!loaded) {
    const file = path.join(__dirname, 'network.js');
    loaded = require(file) as Network;
  }
  return loaded;
}
