#!/usr/bin/env bash
# SFTP and rclone test servers: OpenSSH's sshd (run by the tests on high ports with their own host
# keys, never the system service), ssh-keygen, rclone (rcd and serve webdav), and s3rver 3.7.1 from
# npm for rclone's s3 remote, installed into a folder of the repository (.test-run/npm), not globally.
# Idempotent: installs only what is missing.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
root=$(repo_root)
ensure_packages openssh-server openssh-client rclone curl
# Node: Debian's nodejs + npm, unless a nodejs that ships npm itself (nodesource) is already there.
command -v npm >/dev/null 2>&1 || ensure_packages nodejs npm
# Debian starts the packaged sshd on install; our tests run their own on high ports.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet ssh 2>/dev/null; then
  systemctl stop ssh >/dev/null 2>&1 || true
fi
npm_dir="$root/.test-run/npm"
if [ ! -x "$npm_dir/node_modules/.bin/s3rver" ]; then
  mkdir -p "$npm_dir"
  (cd "$npm_dir" && npm install --no-audit --no-fund --silent s3rver@3.7.1 >/dev/null)
fi
exit 0
