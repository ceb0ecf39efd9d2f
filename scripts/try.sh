#!/usr/bin/env bash
# Try Loadline in a browser without installing VS Code: code-server with the packaged extension, opened on
# examples/, with the throwaway MariaDB running for the ingest command. Prints the URL; Ctrl+C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(realpath -m "${VSC_HOST_ROOT:-.cache/vscode-host}")
PORT=${PORT:-8080}
bash test/e2e/host/install.sh "$ROOT"
npm run build >/dev/null
bash scripts/package.sh .cache/loadline-try.vsix >/dev/null
url=$(bash scripts/mariadb.sh start)
[ -f examples/chat.jsonl ] || node dist/cli.js gen-chat-log --lines 100000 --seed 1 --bad-rate 0.002 > examples/chat.jsonl

export RUN=$ROOT/try
rm -rf "$RUN"; mkdir -p "$RUN"
XDG_CONFIG_HOME="$RUN/xdg/config" XDG_DATA_HOME="$RUN/xdg/data" PATH="$ROOT/node24/node_modules/node/bin:$PATH" \
  "$ROOT/cs/node_modules/.bin/code-server" --extensions-dir "$RUN/exts" --user-data-dir "$RUN/ud" --install-extension .cache/loadline-try.vsix >/dev/null
port=$(echo "$url" | sed -E 's#.*:([0-9]+)/.*#\1#')
USER_SETTINGS="{\"loadline.mysql.profiles\": [{\"name\": \"local\", \"host\": \"127.0.0.1\", \"port\": $port, \"user\": \"loadline\", \"database\": \"loadline\"}]}" \
  bash test/e2e/host/start-code-server.sh "$ROOT" "$PORT" "$PWD/examples"
trap 'bash test/e2e/host/stop-code-server.sh "$RUN/code-server.pid"' EXIT
cat <<MSG

Loadline is running in code-server: http://127.0.0.1:$PORT/?folder=$PWD/examples
- Open imports/shops-semicolon-broken.csv to see the contract checks; hover a cell; try the quick fix in missing-header.csv.
- Right-click chat.jsonl > "Ingest JSON Log into MySQL…" (profile "local"; the password is what scripts/mariadb.sh password prints).
- F1 > "Loadline: Insert Sysadmin Snippet".
Ctrl+C stops code-server (the MariaDB keeps running: scripts/mariadb.sh stop).
MSG
tail -f /dev/null
