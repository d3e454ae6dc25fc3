"""An independent reader of Tsunagu backup files, written from ADR 0004's byte layout alone
("The backup file, byte by byte"), not from the Rust code. It opens a backup with a passphrase
or a `tsk1-` key, checks everything the ADR says a reader checks, and prints one JSON line per
profile: its id, document length and the SHA-256 of the automerge document.

Usage: read_backup.py FILE (--passphrase-file F | --key-file F) [--out-dir D] [--expect-refusal]
With --out-dir, each export file is written to D/<profile id>.tsunagu (for `tsunagu profile import`).
Exit 0 when the file opens (or, with --expect-refusal, when it is refused); 1 otherwise.
"""

import argparse
import hashlib
import json
import struct
import sys

import argon2.low_level
import nacl.bindings
import nacl.exceptions

MAGIC = b"TSUNAGUB"
EXPORT_MAGIC = b"TSUNAGU\x01"
MAX_MEMORY_KIB, MAX_PASSES, MAX_LANES = 1_048_576, 64, 64


class Refused(Exception):
    """The file is not a backup this reader can open with this key."""


def key_from_text(text: str) -> bytes:
    """The 32 key bytes of a `tsk1-` key; the 2-byte SHA-256 checksum must match."""
    text = text.strip()
    if text[:5].lower() != "tsk1-":
        raise Refused("a key starts with tsk1-")
    digits = "".join(c for c in text[5:] if c not in "- ").lower()
    if len(digits) != 68:
        raise Refused("a key has 68 hex digits")
    raw = bytes.fromhex(digits)
    key, check = raw[:32], raw[32:]
    if hashlib.sha256(key).digest()[:2] != check:
        raise Refused("mistyped key (checksum)")
    return key


def open_backup(data: bytes, passphrase: bytes | None, key: bytes | None) -> list[bytes]:
    """Decrypts and authenticates a version-1 backup; returns its export files."""
    if data[:8] != MAGIC:
        raise Refused("no TSUNAGUB magic")
    if len(data) < 10 or data[8] != 1:
        raise Refused("not format version 1")
    kind = data[9]
    if kind == 1:
        if len(data) < 62 + 16:
            raise Refused("truncated")
        memory_kib, passes, lanes = struct.unpack(">III", data[10:22])
        if memory_kib > MAX_MEMORY_KIB or passes > MAX_PASSES or lanes > MAX_LANES:
            raise Refused("unreasonable Argon2id costs")
        salt = data[22:38]
        if passphrase is None:
            raise Refused("sealed with a passphrase")
        aead_key = argon2.low_level.hash_secret_raw(
            secret=passphrase,
            salt=salt,
            time_cost=passes,
            memory_cost=memory_kib,
            parallelism=lanes,
            hash_len=32,
            type=argon2.low_level.Type.ID,
            version=0x13,
        )
        header_end = 62
    elif kind == 2:
        if len(data) < 34 + 16:
            raise Refused("truncated")
        if key is None:
            raise Refused("sealed with a random key")
        aead_key = key
        header_end = 34
    else:
        raise Refused("unknown key kind")
    nonce = data[header_end - 24 : header_end]
    try:
        plain = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
            data[header_end:], data[:header_end], nonce, aead_key
        )
    except nacl.exceptions.CryptoError as e:
        raise Refused("authentication failed (wrong key or changed file)") from e

    (count,) = struct.unpack(">I", plain[:4])
    at, exports = 4, []
    for _ in range(count):
        if at + 8 > len(plain):
            raise Refused("inner framing truncated")
        (length,) = struct.unpack(">Q", plain[at : at + 8])
        at += 8
        if at + length > len(plain):
            raise Refused("inner framing truncated")
        exports.append(plain[at : at + length])
        at += length
    if at != len(plain):
        raise Refused("bytes after the last export file")
    return exports


def read_export(export: bytes) -> dict:
    """Checks one export file's frame and checksum; returns what it holds."""
    if export[:8] != EXPORT_MAGIC or len(export) < 8 + 2 + 8 + 32:
        raise Refused("not an export file")
    body, digest = export[:-32], export[-32:]
    if hashlib.sha256(body).digest() != digest:
        raise Refused("export checksum mismatch")
    (id_len,) = struct.unpack(">H", body[8:10])
    profile_id = body[10 : 10 + id_len].decode("utf-8")
    (doc_len,) = struct.unpack(">Q", body[10 + id_len : 18 + id_len])
    doc = body[18 + id_len :]
    if len(doc) != doc_len:
        raise Refused("document length mismatch")
    return {"id": profile_id, "document_bytes": doc_len, "document_sha256": hashlib.sha256(doc).hexdigest()}


def first_line(path: str) -> bytes:
    """The first line of a file, without its line break (as the CLI reads a passphrase file)."""
    with open(path, "rb") as f:
        lines = f.read().splitlines()
    return lines[0] if lines else b""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--passphrase-file")
    ap.add_argument("--key-file")
    ap.add_argument("--out-dir")
    ap.add_argument("--expect-refusal", action="store_true")
    args = ap.parse_args()
    data = open(args.file, "rb").read()
    passphrase = first_line(args.passphrase_file) if args.passphrase_file else None
    try:
        key = key_from_text(first_line(args.key_file).decode()) if args.key_file else None
        exports = open_backup(data, passphrase, key)
        profiles = [read_export(e) for e in exports]
    except Refused as e:
        print(f"refused: {e}")
        return 0 if args.expect_refusal else 1
    for p, export in zip(profiles, exports):
        print(json.dumps(p, sort_keys=True))
        if args.out_dir:
            with open(f"{args.out_dir}/{p['id']}.tsunagu", "wb") as f:
                f.write(export)
    return 1 if args.expect_refusal else 0


if __name__ == "__main__":
    sys.exit(main())
