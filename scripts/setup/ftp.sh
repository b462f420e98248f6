#!/usr/bin/env bash
# Installs what the FTP tests and the FTP benchmark need (idempotent):
#  - vsftpd, pure-ftpd and proftpd side by side: they conflict as apt packages, so their .deb files
#    are downloaded and unpacked with dpkg -x into $ESCALE_FTP_CACHE (default /var/cache/escale-test/ftp);
#  - the shared libraries they link (installed normally; they do not conflict);
#  - a system user for vsftpd (it authenticates through PAM only), a PAM service for it,
#    a self-signed certificate, and curl for the benchmark.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh

cache=${ESCALE_FTP_CACHE:-/var/cache/escale-test/ftp}
user=escaleftp
password=escale-ftp-test

# other engineers' scripts may hold the dpkg lock: wait for it instead of failing
apt_conf=$(mktemp)
trap 'rm -f "$apt_conf"' EXIT
echo 'DPkg::Lock::Timeout "600";' > "$apt_conf"
export APT_CONFIG="$apt_conf"
for attempt in 1 2 3; do
  ensure_packages openssl curl psmisc ca-certificates libpam-modules libpam-runtime libcap2 libssl3 libwrap0 \
    libsodium23 libhiredis0.14 libmemcached11 libmemcachedutil2 libpcre2-posix3 libidn2-0 libacl1 && break
  sleep 20
done

mkdir -p "$cache/debs" "$cache/root" "$cache/empty"
chmod 755 "$cache" "$cache/empty"
want=(vsftpd pure-ftpd pure-ftpd-common proftpd-core proftpd-mod-crypto)
missing=()
for p in "${want[@]}"; do
  ls "$cache/debs/${p}_"*.deb >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ -e /tmp/.escale-apt-updated ] || { apt-get update -qq >/dev/null 2>&1 || true; touch /tmp/.escale-apt-updated; }
  # apt-get download writes into the current directory; _apt cannot write there, which is only a warning
  (cd "$cache/debs" && apt-get download "${missing[@]}" 2>&1 | grep -v -e unsandboxed -e '^Get:' -e '^Fetched' || true)
  for p in "${missing[@]}"; do
    ls "$cache/debs/${p}_"*.deb >/dev/null 2>&1 || { echo "ftp setup: could not download $p" >&2; exit 1; }
  done
fi
if [ ! -x "$cache/root/usr/sbin/proftpd" ] || [ ! -e "$cache/root/usr/lib/proftpd/mod_tls.so" ] \
   || [ ! -x "$cache/root/usr/sbin/vsftpd" ] || [ ! -x "$cache/root/usr/sbin/pure-ftpd" ]; then
  for d in "$cache"/debs/*.deb; do dpkg -x "$d" "$cache/root"; done
fi
for bin in usr/sbin/vsftpd usr/sbin/pure-ftpd usr/sbin/proftpd usr/bin/pure-pw; do
  if ldd "$cache/root/$bin" | grep -q 'not found'; then
    echo "ftp setup: $bin misses libraries: $(ldd "$cache/root/$bin" | grep 'not found' | tr -d '\t' | tr '\n' ' ')" >&2
    exit 1
  fi
done

# vsftpd only knows system users (through PAM)
# vsftpd changes into the home folder before local_root, so the home must exist
mkdir -p "$cache/home"
if ! id "$user" >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir "$cache/home" --shell /usr/sbin/nologin "$user"
fi
[ "$(getent passwd "$user" | cut -d: -f6)" = "$cache/home" ] || usermod -d "$cache/home" "$user"
echo "$user:$password" | chpasswd
cat > /etc/pam.d/escale-vsftpd <<'PAM'
# PAM service of the loopback vsftpd used by Escale's FTP tests (scripts/setup/ftp.sh)
auth    required pam_unix.so
account required pam_unix.so
session required pam_permit.so
PAM

if [ ! -s "$cache/cert.pem" ] || [ ! -s "$cache/key.pem" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$cache/key.pem" -out "$cache/cert.pem" >/dev/null 2>&1
  cat "$cache/cert.pem" "$cache/key.pem" > "$cache/combined.pem"
fi
# a second certificate, for client-certificate tests
if [ ! -s "$cache/client-cert.pem" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=escale-client" \
    -keyout "$cache/client-key.pem" -out "$cache/client-cert.pem" >/dev/null 2>&1
fi
chmod 644 "$cache"/*.pem
chmod 600 "$cache/key.pem" "$cache/combined.pem" "$cache/client-key.pem"
echo "ftp setup: servers in $cache/root ($(ls "$cache/debs" | tr '\n' ' '))"
