#!/usr/bin/env bash
# Prerequisite of the desktop-notification test in tests/Escale.Ops.Tests: dbus-daemon, to run a
# private session bus on which the test owns org.freedesktop.Notifications.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
ensure_packages dbus dbus-bin
dbus-daemon --version >/dev/null
