#!/usr/bin/env bash
# Stops the server started by start.sh in RUN_DIR (its process group: the server forks per session).
#   stop.sh RUN_DIR [--kill]
# Session processes may leave the group (vsftpd's do), so with --kill every process holding a socket on
# the server's port (recorded by start.sh in RUN_DIR/port) goes too: a restart must drop live sessions.
set -uo pipefail
run=$1
sig=TERM
[ "${2:-}" = --kill ] && sig=KILL
[ -s "$run/pid" ] || exit 0
pid=$(cat "$run/pid")
# start.sh used setsid, so the server leads its own process group
kill -"$sig" -- -"$pid" 2>/dev/null || kill -"$sig" "$pid" 2>/dev/null || true
for _ in $(seq 1 50); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
kill -KILL -- -"$pid" 2>/dev/null || true
if [ "$sig" = KILL ] && [ -s "$run/port" ] && command -v fuser >/dev/null; then
  fuser -k -KILL -n tcp "$(cat "$run/port")" >/dev/null 2>&1 || true
fi
rm -f "$run/pid"
