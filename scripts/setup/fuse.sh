#!/usr/bin/env bash
# FUSE prerequisites for the mount and its tests: libfuse3 (runtime + headers for the layout
# test), fusermount3, getfattr/setfattr, flock (util-linux), fio; makes /dev/fuse usable.
# Idempotent and quick when everything is already there. Runs as root.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

ensure_packages fuse3 libfuse3-3 libfuse3-dev attr fio util-linux gcc libc6-dev

# No udev here: /dev/fuse may be missing or 0600. Tests run as root, but non-root users of the
# mount need it world-usable (the kernel still checks permissions with default_permissions).
if [ ! -e /dev/fuse ] && [ "$(id -u)" = 0 ]; then
  mknod -m 0666 /dev/fuse c 10 229 || true
fi
if [ -e /dev/fuse ] && [ "$(id -u)" = 0 ] && [ "$(stat -c %a /dev/fuse)" != 666 ]; then
  chmod 0666 /dev/fuse || true
fi
[ -e /dev/fuse ] || { echo "/dev/fuse is missing and cannot be created" >&2; exit 1; }
