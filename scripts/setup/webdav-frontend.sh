#!/usr/bin/env bash
# The WebDAV front-end's tests: litmus (the WebDAV server compliance suite), davfs2 (mount of the
# front-end; needs FUSE, see fuse.sh), rclone and curl as second clients. Idempotent.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
# davfs2 asks (debconf) whether unprivileged users may mount; the default (no) is what we want
export DEBIAN_FRONTEND=noninteractive
ensure_packages litmus davfs2 rclone curl
exit 0
