#!/usr/bin/env bash
# Packages the built extension (run npm run build first) into a .vsix: scripts/package.sh [OUT.vsix]
set -euo pipefail
cd "$(dirname "$0")/.."
# --no-dependencies: dist/ is bundled. --no-rewrite-relative-links: README images stay relative to the package.
npx vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links -o "${1:-loadline.vsix}" >/dev/null
echo "packaged ${1:-loadline.vsix}"
