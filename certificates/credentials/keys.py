"""The academy's Ed25519 signing key and its retired public keys, read from configuration only."""

from __future__ import annotations

import os
import secrets
import sys
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .exceptions import CredentialError
from .multibase import ed25519_multikey, ed25519_raw_from_multikey

DEVELOPMENT_KEY_NAME = "certificate-signing-key.pem"


@dataclass(frozen=True)
class PublicKey:
    """An Ed25519 public key, known by its Multikey form `z6Mk…`, which is also its key id fragment."""

    multikey: str

    @classmethod
    def from_ed25519(cls, key: Ed25519PublicKey) -> PublicKey:
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return cls(ed25519_multikey(raw))

    @cached_property
    def ed25519(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(ed25519_raw_from_multikey(self.multikey))

    def verifies(self, signature: bytes, data: bytes) -> bool:
        try:
            self.ed25519.verify(signature, data)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class SigningKey:
    private_key: Ed25519PrivateKey
    public: PublicKey

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


def generate_private_key_pem() -> bytes:
    """A new Ed25519 private key as unencrypted PKCS#8 PEM (keep it out of the repo and the database)."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def load_private_key_pem(pem: bytes | str, *, source: str = "The signing key") -> SigningKey:
    if isinstance(pem, str):
        # An environment variable often carries a PEM on one line with literal "\n" escapes.
        pem = pem.replace("\\n", "\n").encode("ascii", "replace")
    try:
        key = serialization.load_pem_private_key(pem.strip() + b"\n", password=None)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            f"{source} is not an unencrypted PEM private key ({error}). "
            "Make one with: manage.py certificate_key generate PATH"
        ) from error
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{source} is not an Ed25519 key; credentials are signed with Ed25519.")
    return SigningKey(private_key=key, public=PublicKey.from_ed25519(key.public_key()))


def development() -> bool:
    """DEBUG (`make demo`) or the test suite: the only places a key may be made up on the spot."""
    return settings.DEBUG or _under_test_suite()


def _under_test_suite() -> bool:
    # The suite runs with DEBUG off, as production does; pytest being loaded is what tells them apart.
    return "pytest" in sys.modules


def signing_key() -> SigningKey:
    """The key new credentials are signed with.

    Raises ImproperlyConfigured when none is configured, except in development and tests, where a
    key is generated once into CERTIFICATE_DEVELOPMENT_KEY_DIR (under var/, which git ignores).
    """
    key_file = getattr(settings, "CERTIFICATE_SIGNING_KEY_FILE", "") or ""
    key_text = getattr(settings, "CERTIFICATE_SIGNING_KEY", "") or ""
    if key_file and key_text:
        raise ImproperlyConfigured(
            "Both CERTIFICATE_SIGNING_KEY_FILE and CERTIFICATE_SIGNING_KEY are set; set only one, "
            "so there is no doubt which key signs."
        )
    if key_text:
        return _key_from_text(key_text)
    if key_file:
        path = Path(key_file)
        try:
            modified = path.stat().st_mtime_ns
        except OSError as error:
            raise ImproperlyConfigured(
                f"CERTIFICATE_SIGNING_KEY_FILE is {key_file!r}, which cannot be read ({error.strerror})."
            ) from error
        return _key_from_file(str(path), modified)
    directory = getattr(settings, "CERTIFICATE_DEVELOPMENT_KEY_DIR", None)
    if directory and development():
        return _key_from_file(*_development_key_file(Path(directory)))
    raise ImproperlyConfigured(
        "No certificate signing key is configured, so credentials cannot be signed. Set "
        "CERTIFICATE_SIGNING_KEY_FILE to the path of an Ed25519 PEM private key (make one with "
        "`manage.py certificate_key generate PATH`), or CERTIFICATE_SIGNING_KEY to the PEM text."
    )


def current_public_key() -> PublicKey | None:
    """The signing key's public half, or None where no key is configured (production misconfigured)."""
    try:
        return signing_key().public
    except ImproperlyConfigured:
        return None


def retired_public_keys() -> list[PublicKey]:
    """Keys that no longer sign but stay published, so credentials they signed still verify."""
    configured = getattr(settings, "CERTIFICATE_RETIRED_PUBLIC_KEYS", []) or []
    if isinstance(configured, str):
        configured = configured.split(",")
    keys = []
    for entry in configured:
        entry = entry.strip()
        if not entry:
            continue
        try:
            ed25519_raw_from_multikey(entry)
        except CredentialError as error:
            raise ImproperlyConfigured(
                f"CERTIFICATE_RETIRED_PUBLIC_KEYS has {entry[:20]!r}, which is not an Ed25519 public key "
                "in Multikey form (z6Mk…, as `manage.py certificate_key show` prints)."
            ) from error
        keys.append(PublicKey(entry))
    return keys


def published_public_keys() -> list[PublicKey]:
    """Every key a verifier may meet in the academy's credentials: the current one first, then retired."""
    keys = []
    current = current_public_key()
    for key in ([current] if current else []) + retired_public_keys():
        if key not in keys:
            keys.append(key)
    return keys


@lru_cache(maxsize=8)
def _key_from_text(text: str) -> SigningKey:
    return load_private_key_pem(text, source="CERTIFICATE_SIGNING_KEY")


@lru_cache(maxsize=8)
def _key_from_file(path: str, modified: int) -> SigningKey:
    # Cached by modification time too, so replacing the file (a rotation) is read without a restart.
    return load_private_key_pem(Path(path).read_bytes(), source=f"The key file {path}")


def _development_key_file(directory: Path) -> tuple[str, int]:
    path = directory / DEVELOPMENT_KEY_NAME
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        write_private_key(path, generate_private_key_pem(), exist_ok=True)
    return str(path), path.stat().st_mtime_ns


def write_private_key(path: Path, pem: bytes, *, exist_ok: bool = False) -> bool:
    """Write a key readable only by its owner, never replacing one; False if one was already there.

    Written to a temporary name and linked into place, so parallel test processes that all find no
    key end up sharing whichever one was linked first, never a half-written file.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
        os.link(temporary, path)
    except FileExistsError:
        if not exist_ok:
            raise
        return False
    finally:
        temporary.unlink(missing_ok=True)
    return True
