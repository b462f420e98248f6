#!/usr/bin/env bash
# Prerequisites of tests/Escale.Crypto.Tests: Python's cryptography (the library Escale 0.6 uses)
# for the Fernet cross-check and the independent aead reader in tests/Escale.Crypto.Tests/Reference.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
ensure_packages python3 python3-cryptography
/usr/bin/python3 -c 'import cryptography.fernet, cryptography.hazmat.primitives.ciphers.aead' \
  || { echo "python3-cryptography is installed but does not import" >&2; exit 1; }
