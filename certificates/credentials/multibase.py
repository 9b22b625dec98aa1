"""Multibase and Multikey encodings (base58btc `z…`, base64url `u…`) used by DIDs, proofs and status lists."""

from __future__ import annotations

import base64

from .exceptions import CredentialError

_BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_INDEX = {char: value for value, char in enumerate(_BASE58_ALPHABET)}

# The multicodec prefix (varint of 0xed) that marks 32 bytes as an Ed25519 public key in a Multikey.
ED25519_PUBLIC_KEY_PREFIX = b"\xed\x01"


def base58btc_encode(data: bytes) -> str:
    # Leading zero bytes carry no numeric value, so base58 keeps them as leading "1"s.
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(_BASE58_ALPHABET[remainder])
    return "1" * zeros + "".join(reversed(digits))


def base58btc_decode(text: str) -> bytes:
    number = 0
    for char in text:
        if char not in _BASE58_INDEX:
            raise CredentialError(f"{char!r} is not a base58btc character.")
        number = number * 58 + _BASE58_INDEX[char]
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def multibase_base58btc(data: bytes) -> str:
    return "z" + base58btc_encode(data)


def from_multibase_base58btc(text: str) -> bytes:
    if not isinstance(text, str) or not text.startswith("z") or len(text) < 2:
        raise CredentialError("Expected a base58btc multibase value (starting with 'z').")
    return base58btc_decode(text[1:])


def multibase_base64url(data: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def from_multibase_base64url(text: str) -> bytes:
    if not isinstance(text, str) or not text.startswith("u"):
        raise CredentialError("Expected a base64url multibase value (starting with 'u').")
    body = text[1:]
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except ValueError as error:
        raise CredentialError("The value is not valid base64url.") from error


def ed25519_multikey(raw_public_key: bytes) -> str:
    """The `publicKeyMultibase` of an Ed25519 key: `z6Mk…`."""
    if len(raw_public_key) != 32:
        raise CredentialError("An Ed25519 public key is 32 bytes.")
    return multibase_base58btc(ED25519_PUBLIC_KEY_PREFIX + raw_public_key)


def ed25519_raw_from_multikey(multikey: str) -> bytes:
    """The 32 raw bytes of an Ed25519 `publicKeyMultibase`, refusing any other kind of key."""
    decoded = from_multibase_base58btc(multikey)
    if not decoded.startswith(ED25519_PUBLIC_KEY_PREFIX) or len(decoded) != 34:
        raise CredentialError(f"{multikey[:16]}… is not an Ed25519 public key in Multikey form (z6Mk…).")
    return decoded[2:]
