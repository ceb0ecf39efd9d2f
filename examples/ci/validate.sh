#!/bin/sh
# A CI step for any runner with Node 20: installs Loadline from its package when `loadline` is not on PATH,
# checks the CSV and TSV files, and exits as `loadline validate` does (0 clean, 1 errors, 2 unreadable input
# or config, 3 internal error).
#   LOADLINE_PACKAGE=tools/loadline-<version>.tgz sh validate.sh [PATHS...]
set -eu
if ! command -v loadline >/dev/null 2>&1; then
  : "${LOADLINE_PACKAGE:?loadline is not on PATH: set LOADLINE_PACKAGE to the loadline-<version>.tgz that npm run package:cli writes}"
  prefix=$(mktemp -d)
  # The package has no dependencies: it installs without the registry.
  npm install -g --offline --no-audit --no-fund --prefix "$prefix" "$(cd "$(dirname "$LOADLINE_PACKAGE")" && pwd)/$(basename "$LOADLINE_PACKAGE")" >/dev/null
  PATH="$prefix/bin:$PATH"
fi
status=0
loadline validate "$@" || status=$?
case $status in
  0) echo "loadline: no errors" ;;
  1) echo "loadline: errors found, listed above" ;;
  *) echo "loadline: the check could not run (exit $status), see the message above" ;;
esac
exit "$status"
