# Shared helpers for the project's scripts (sourced, not run).

# ensure_packages PKG...: installs the Debian packages that are missing (apt-get update once per run).
ensure_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "missing packages (need root to install): ${missing[*]}" >&2
    return 1
  fi
  local stamp=/tmp/.escale-apt-updated
  if [ ! -e "$stamp" ] || [ -n "$(find "$stamp" -mmin +360 2>/dev/null)" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null 2>&1 || true
    touch "$stamp"
  fi
  echo "installing: ${missing[*]}" >&2
  # Lock::Timeout: several scripts (or developers' worktrees) may install at once; wait, don't fail.
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" >&2
}

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }
