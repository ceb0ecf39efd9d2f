#!/usr/bin/env bash
# A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }) where VS Code
# cannot be downloaded. runTests starts it with [folder] --extensionTestsPath=T --extensionDevelopmentPath=D
# and reads only its exit code and output. This starts code-server, runs the suite in its Node extension host
# (runExtensionTests.js), stops code-server and exits with the suite's code.
set -uo pipefail
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
ROOT=$(realpath -m "${VSC_HOST_ROOT:-$REPO/.cache/vscode-host}")
DEV=""; TESTS=""; FOLDER=""
for a in "$@"; do
  case "$a" in
    --extensionDevelopmentPath=*) DEV=${a#*=} ;;
    --extensionTestsPath=*) TESTS=${a#*=} ;;
    --*) ;;
    *) FOLDER=$a ;;
  esac
done
[ -n "$DEV" ] && [ -n "$TESTS" ] && [ -n "$FOLDER" ] || { echo "code-test-shim: need a folder, --extensionDevelopmentPath and --extensionTestsPath" >&2; exit 2; }
RUN=$(mktemp -d "${TMPDIR:-/tmp}/loadline-e2e-run.XXXXXX")
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
export RUN
CS_EXTRA_ARGS="--vscode-option enable-smoke-test-driver" bash "$HERE/start-code-server.sh" "$ROOT" "$PORT" "$FOLDER" || exit 1
node "$REPO/out/test/e2e/host/runExtensionTests.js" "http://127.0.0.1:$PORT" "$(readlink -f "$DEV")" "$(readlink -f -m "$TESTS")" "$(readlink -f "$FOLDER")"
rc=$?
bash "$HERE/stop-code-server.sh" "$RUN/code-server.pid"
[ $rc -eq 0 ] || { echo "--- code-server log (last 30 lines) ---" >&2; tail -30 "$RUN/code-server.log" >&2; }
rm -rf "$RUN"
exit $rc
