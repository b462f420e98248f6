#!/usr/bin/env bash
# SMTP sink for the maintainer-mail tests: Debian's python3-aiosmtpd, run by the tests through
# tests/Escale.Service.Tests/smtp-sink.py with /usr/bin/python3 (Debian's python3, not whatever python3
# is first on PATH). The sink offers STARTTLS with a self-signed certificate that the tests make
# themselves (.NET's CertificateRequest): nothing else to install for TLS.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
ensure_packages python3-aiosmtpd
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null
