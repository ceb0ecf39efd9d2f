#!/usr/bin/env bash
# The whole test suite (npm test runs the build first): unit, CLI, LSP protocol over stdio.
set -euo pipefail
cd "$(dirname "$0")/.."
node --test --test-reporter=spec out/test/unit out/test/cli out/test/protocol
