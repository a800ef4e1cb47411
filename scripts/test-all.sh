#!/usr/bin/env bash
# Everything needed to run all tests on a fresh machine, then all tests.
# Ends with the line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
npm ci --no-audit --no-fund
[ -x scripts/install-code-server.sh ] && bash scripts/install-code-server.sh
npm test
