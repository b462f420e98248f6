#!/usr/bin/env bash
# Prerequisites of the terminal tests in tests/Escale.Cli.Tests: tmux (a real terminal whose screen
# the tests capture), man (renders the generated man pages), zsh and fish (check the completion
# scripts' syntax).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
ensure_packages tmux man-db zsh fish
tmux -V >/dev/null
