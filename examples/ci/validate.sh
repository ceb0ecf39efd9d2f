#!/bin/sh
# A CI step for any runner with Node 20: installs Loadline from its package when `loadline` is not on PATH,
# checks the CSV and TSV files, and exits as `loadline validate` does (0 clean, 1 errors, 2 unreadable input
# or config, 3 internal error); a package it cannot install is exit 2 too, with its own message.
#   LOADLINE_PACKAGE=tools/loadline-<version>.tgz sh validate.sh [PATHS...]
set -eu
if ! command -v loadline >/dev/null 2>&1; then
  # Exit 2, "the check could not run": never 1, which says the data has errors.
  if [ -z "${LOADLINE_PACKAGE:-}" ]; then
    echo "loadline: loadline is not on PATH: set LOADLINE_PACKAGE to the loadline-<version>.tgz that npm run package:cli writes" >&2
    exit 2
  fi
  # npm reads a relative path as a GitHub repository: the package goes by its absolute path.
  case $LOADLINE_PACKAGE in
    /*) package=$LOADLINE_PACKAGE ;;
    *) package=$PWD/$LOADLINE_PACKAGE ;;
  esac
  if [ ! -f "$package" ]; then
    echo "loadline: cannot install Loadline: LOADLINE_PACKAGE names no file ($LOADLINE_PACKAGE)" >&2
    exit 2
  fi
  prefix=$(mktemp -d)
  # The package has no dependencies: it installs without the registry.
  if ! npm install -g --offline --no-audit --no-fund --prefix "$prefix" "$package" >"$prefix/npm.log" 2>&1; then
    echo "loadline: cannot install Loadline from $LOADLINE_PACKAGE (is it the loadline-<version>.tgz that npm run package:cli writes?); npm said:" >&2
    tail -n 5 "$prefix/npm.log" >&2
    exit 2
  fi
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
