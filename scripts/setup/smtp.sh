#!/usr/bin/env bash
# SMTP sink for the maintainer-mail tests: Debian's python3-aiosmtpd, run by the tests as
# /usr/bin/python3 -m aiosmtpd (Debian's python3, not whatever python3 is first on PATH).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
ensure_packages python3-aiosmtpd
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null
