#!/usr/bin/env bash
# Stops the server started by start.sh in RUN_DIR (its process group: the server forks per session).
#   stop.sh RUN_DIR [--kill]
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
rm -f "$run/pid"
