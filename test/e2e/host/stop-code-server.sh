#!/usr/bin/env bash
# Stops a code-server started by start-code-server.sh and everything it spawned (extension hosts,
# file watcher, pty host), each by PID, because the file watcher otherwise outlives the server.
set -u
PIDFILE=${1:?pidfile}
[ -f "$PIDFILE" ] || exit 0
descendants() { local c; for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do echo "$c"; descendants "$c"; done; }
PIDS="$(cat "$PIDFILE") $(descendants "$(cat "$PIDFILE")")"
for p in $PIDS; do kill "$p" 2>/dev/null || true; done
for _ in $(seq 1 20); do
  alive=""; for p in $PIDS; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
  [ -z "$alive" ] && break; sleep 0.25
done
for p in $alive; do kill -9 "$p" 2>/dev/null || true; done
rm -f "$PIDFILE"
