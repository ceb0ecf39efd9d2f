#!/usr/bin/env bash
# The main job on a fresh machine: install, build, validate the shipped examples, package the .vsix.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }

step "install and build"
npm ci --no-audit --no-fund
npm run build

step "loadline validate examples/ (some files have deliberate problems)"
set +e
node dist/cli.js validate examples
validate_rc=$?
set -e
echo "exit code $validate_rc (1 = errors found, as the examples intend)"
[ "$validate_rc" -le 1 ] || exit "$validate_rc"

step "package the extension"
npx vsce package --no-dependencies --allow-missing-repository -o loadline.vsix
