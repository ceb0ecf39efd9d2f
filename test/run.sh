#!/usr/bin/env bash
# The whole suite after `npm run build` (npm test does both): unit, CLI, LSP over stdio, and ingest
# against the throwaway MariaDB that scripts/mariadb.sh starts (installing it first on a fresh machine).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "MariaDB for the tests: $(bash scripts/mariadb.sh start)"
node --test --test-concurrency=1 --test-reporter=spec out/test/unit out/test/cli out/test/protocol out/test/integration
