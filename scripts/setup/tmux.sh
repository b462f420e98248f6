#!/usr/bin/env bash
# Prerequisites of the terminal tests in tests/Escale.Cli.Tests: tmux (a real terminal whose screen
# the tests capture) and man (renders the generated man pages).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
ensure_packages tmux man-db
tmux -V >/dev/null
