#!/usr/bin/python3
"""An independent aead reader written from native-notes/aead-format.md alone (no shared code).

Usage: aead_reader.py PASSPHRASE RELAY_PATH PAYLOAD_FILE  -> plaintext on stdout, exit 1 on any failure.
Needs python3-cryptography (scripts/setup/crypto.sh installs it).
"""
import hashlib
import struct
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def hkdf(ikm, salt, info):
    return HKDF(hashes.SHA256(), 32, salt or None, info).derive(ikm)


def main():
    passphrase, relay_path, payload_file = sys.argv[1].encode(), sys.argv[2], sys.argv[3]
    data = open(payload_file, "rb").read()
    header = data[:201]
    if len(header) < 201 or header[:6] != b"ESCALE" or header[6] != 1:
        sys.exit("not an aead v1 payload")
    suite, chunk_log2 = header[7], header[8]
    aead = {1: AESGCM, 2: ChaCha20Poly1305}[suite]
    kdf_id, log2n, r, p = header[9:13]
    if kdf_id not in (1, 2) or not (15 <= log2n <= 22) or r != 8 or not (1 <= p <= 4) or not (12 <= chunk_log2 <= 20):
        sys.exit("parameters out of bounds")
    salt, wrap_nonce, wrapped = header[13:45], header[45:57], header[57:105]
    if kdf_id == 1:
        kek = hashlib.scrypt(passphrase, salt=salt, n=1 << log2n, r=r, p=p, dklen=32, maxmem=(1 << 31) - 1)  # OpenSSL limit: enough up to log2 N = 20
    else:  # 2: HKDF of the repository key (scrypt with the fixed repository salt) and the block's salt
        repository_key = hashlib.scrypt(passphrase, salt=b"escale aead v1 repository key", n=1 << log2n, r=r, p=p, dklen=32, maxmem=(1 << 31) - 1)
        kek = hkdf(repository_key, salt, b"escale aead v1 key wrapping")
    master = AESGCM(kek).decrypt(wrap_nonce, wrapped, header[9:45])
    file_salt = header[105:137]
    content_key = hkdf(hkdf(master, b"", b"escale aead v1 content"), file_salt, b"escale aead v1 file content")
    metadata_key = hkdf(hkdf(master, b"", b"escale aead v1 metadata"), file_salt, b"escale aead v1 file metadata")
    metadata = aead(metadata_key).decrypt(bytes(12), header[137:201], header[:137])
    if metadata[:32] != hashlib.sha256(relay_path.encode()).digest():
        sys.exit("payload belongs to another name")
    (length,) = struct.unpack(">q", metadata[32:40])
    header_hash = hashlib.sha256(header).digest()
    chunk = 1 << chunk_log2
    count = max(1, -(-length // chunk))
    offset, out = 201, sys.stdout.buffer
    cipher = aead(content_key)
    for i in range(count):
        size = chunk if i < count - 1 else length - i * chunk
        sealed = data[offset:offset + size + 16]
        if len(sealed) != size + 16:
            sys.exit("truncated")
        nonce = i.to_bytes(11, "big") + (b"\x01" if i == count - 1 else b"\x00")
        out.write(cipher.decrypt(nonce, sealed, header_hash))
        offset += size + 16
    if offset != len(data):
        sys.exit("extra bytes")


main()
