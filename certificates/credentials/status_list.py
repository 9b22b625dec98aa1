"""W3C Bitstring Status List v1.0: revoked indexes as a gzipped, base64url bitstring, and its credential."""

from __future__ import annotations

import datetime
import gzip
import zlib
from collections.abc import Iterable

from django.utils import timezone

from .dates import xsd_datetime
from .did import issuer_did
from .exceptions import CredentialError
from .loader import CREDENTIALS_V2
from .multibase import from_multibase_base64url, multibase_base64url
from .signing import sign

# The spec's floor (16 KiB uncompressed), so one list hides which of 131,072 credentials is asked about.
MINIMUM_LENGTH = 131_072
# A list from elsewhere is decompressed at most this far: 16 MiB is 134 million entries, far more
# than any issuer needs, and stops a few kilobytes of gzip from filling the memory.
MAXIMUM_BYTES = 16 * 1024 * 1024


def encode_status_list(revoked: Iterable[int], *, length: int = MINIMUM_LENGTH) -> str:
    """The `encodedList` with these indexes set: multibase base64url (no padding) of the gzipped bits."""
    if length < MINIMUM_LENGTH or length % 8:
        raise CredentialError(f"A status list holds a multiple of 8 entries, at least {MINIMUM_LENGTH}.")
    bits = bytearray(length // 8)
    for index in revoked:
        if not 0 <= index < length:
            raise CredentialError(f"Index {index} is outside a status list of {length} entries.")
        # Index 0 is the left-most bit: the most significant bit of the first byte.
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0 keeps the bytes the same for the same list, so a cached copy can be compared.
    return multibase_base64url(gzip.compress(bytes(bits), mtime=0))


def decode_status_list(encoded: str) -> bytes:
    """The uncompressed bitstring of an `encodedList`."""
    compressed = from_multibase_base64url(encoded)
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip framing only
    try:
        bits = decompressor.decompress(compressed, MAXIMUM_BYTES)
    except zlib.error as error:
        raise CredentialError("The status list is not valid gzip.") from error
    if decompressor.unconsumed_tail:
        raise CredentialError("The status list is larger than any real list; it was not read.")
    if not decompressor.eof:
        raise CredentialError("The status list's gzip data is cut short.")
    if len(bits) * 8 < MINIMUM_LENGTH:
        raise CredentialError(f"The status list has fewer than the {MINIMUM_LENGTH} entries required.")
    return bits


def is_set(bits: bytes, index: int) -> bool:
    if not 0 <= index < len(bits) * 8:
        raise CredentialError(f"Index {index} is outside the status list of {len(bits) * 8} entries.")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def set_indexes(bits: bytes) -> list[int]:
    """Every index set in a bitstring (for tests and for showing what a list revokes)."""
    return [
        byte_number * 8 + bit
        for byte_number, byte in enumerate(bits)
        if byte
        for bit in range(8)
        if byte & (0x80 >> bit)
    ]


def status_list_credential(
    *,
    list_url: str,
    revoked: Iterable[int],
    valid_from: datetime.datetime | None = None,
    length: int = MINIMUM_LENGTH,
    status_purpose: str = "revocation",
) -> dict:
    """The signed `BitstringStatusListCredential` to serve at `list_url`, which credentials name."""
    credential = {
        "@context": [CREDENTIALS_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": xsd_datetime(valid_from or timezone.now()),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_purpose,
            "encodedList": encode_status_list(revoked, length=length),
        },
    }
    return sign(credential)
