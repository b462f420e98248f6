#!/usr/bin/env bash
# WebDAV test servers: Apache mod_dav_fs (+ mod_auth_digest), nginx with dav-ext, rclone serve
# webdav, openssl for the self-signed certificates, apache2-utils for htpasswd/htdigest, curl for
# the benchmark. Idempotent: installs only what is missing.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
ensure_packages apache2 apache2-utils nginx libnginx-mod-http-dav-ext rclone openssl curl
# Debian starts the packaged services on install; our tests run their own instances on high
# ports, so the system ones are not needed (and must not hold port 80 for nothing).
for svc in apache2 nginx; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    systemctl stop "$svc" >/dev/null 2>&1 || true
  fi
done
exit 0
