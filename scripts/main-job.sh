#!/usr/bin/env bash
# The main job on a fresh machine, end to end: install and build; validate the shipped CSV examples;
# dry-run the example log; start a throwaway MariaDB; generate a chat log and ingest it; ingest the example
# log and CSV through their mapping and contract; package the .vsix.
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${LINES:-200000}
step() { printf '\n== %s\n' "$*"; }

step "install and build"
npm ci --no-audit --no-fund
npm run build

step "loadline validate examples/ (some files have deliberate problems, so exit code 1 is expected)"
set +e
node dist/cli.js validate examples
validate_rc=$?
set -e
echo "exit code $validate_rc"
[ "$validate_rc" -le 1 ] || exit "$validate_rc"

step "dry-run the example order log through its mapping in examples/.loadline.json (no database)"
# A fresh scratch folder: an existing file named by --rejects that no checkpoint records is refused.
rm -rf .cache/demo
mkdir -p .cache/demo
node dist/cli.js ingest examples/logs/orders.jsonl --dry-run --rejects .cache/demo/orders.dry-run.rejects.jsonl

step "start the throwaway MariaDB (scripts/mariadb.sh)"
url=$(bash scripts/mariadb.sh start)
echo "$url"

step "generate a $LINES-line chat log with a few bad lines, and ingest it"
node dist/cli.js gen-chat-log --lines "$LINES" --seed 1 --bad-rate 0.002 > .cache/demo/chat.jsonl
MYSQL_PWD=$(bash scripts/mariadb.sh password) node dist/cli.js ingest .cache/demo/chat.jsonl --mysql "$url" --rejects .cache/demo/chat.rejects.jsonl
echo "first rejects:"; head -3 .cache/demo/chat.rejects.jsonl

step "ingest the example order log through its mapping, and the example CSV through its Data Package's contract"
for file in examples/logs/orders.jsonl examples/typed/orders.csv; do
  MYSQL_PWD=$(bash scripts/mariadb.sh password) node dist/cli.js ingest "$file" --mysql "$url" --rejects ".cache/demo/$(basename "$file").rejects.jsonl"
done

step "package the extension"
bash scripts/package.sh loadline.vsix
