#!/usr/bin/env bash
# Starts code-server on 127.0.0.1 with its own user-data, extensions and config folders under RUN.
# Usage: start-code-server.sh ROOT PORT FOLDER   (RUN defaults to ROOT/run; CS_EXTRA_ARGS adds flags;
#        USER_SETTINGS adds a JSON object of user settings). Writes RUN/code-server.pid.
set -euo pipefail
ROOT=$(realpath -m "${1:?ROOT}")
PORT=${2:?PORT}
FOLDER=${3:?FOLDER}
RUN=${RUN:-$ROOT/run}
export PATH="$ROOT/node24/node_modules/node/bin:$PATH"   # code-server's entry script runs on Node 24
mkdir -p "$RUN/ud/User" "$RUN/exts" "$FOLDER"
export XDG_CONFIG_HOME="$RUN/xdg/config" XDG_DATA_HOME="$RUN/xdg/data"
node -e '
  const base = {
    "workbench.startupEditor": "none", "security.workspace.trust.enabled": false, "telemetry.telemetryLevel": "off",
    "update.mode": "none", "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false, "workbench.tips.enabled": false,
    "workbench.enableExperiments": false, "chat.disableAIFeatures": true, "workbench.secondarySideBar.defaultVisibility": "hidden",
    "window.restoreWindows": "none", "files.hotExit": "off"
  };
  process.stdout.write(JSON.stringify({ ...base, ...JSON.parse(process.argv[1] || "{}") }, null, 2));
' "${USER_SETTINGS:-}" > "$RUN/ud/User/settings.json"
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$RUN/config.yaml"
# shellcheck disable=SC2086 # CS_EXTRA_ARGS is a list of flags
nohup "$ROOT/cs/node_modules/.bin/code-server" \
  --config "$RUN/config.yaml" --bind-addr "127.0.0.1:$PORT" --auth none \
  --user-data-dir "$RUN/ud" --extensions-dir "$RUN/exts" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --reconnection-grace-time "${GRACE_S:-10}" \
  ${CS_EXTRA_ARGS:-} "$FOLDER" > "$RUN/code-server.log" 2>&1 &
echo $! > "$RUN/code-server.pid"
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then exit 0; fi
  sleep 0.5
done
echo "code-server did not come up on :$PORT" >&2
cat "$RUN/code-server.log" >&2
exit 1
