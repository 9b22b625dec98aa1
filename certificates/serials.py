"""Short certificate numbers people can read out on the phone: no 0/O or 1/I/L to confuse."""

import secrets

# Crockford's base-32 alphabet without the letters it already leaves out (I, L, O, U).
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "SCA"


def new_serial() -> str:
    """Like SCA-4F7K-9QXM: 40 random bits, so collisions are rare and retried on save."""
    body = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{PREFIX}-{body[:4]}-{body[4:]}"


def normalise_serial(value: str) -> str | None:
    """A typed serial in the canonical form, forgiving case, spaces and look-alike letters."""
    text = "".join(value.split()).upper().replace("O", "0").replace("I", "1").replace("L", "1")
    text = text.replace("-", "")
    if text.startswith(PREFIX):
        text = text[len(PREFIX) :]
    if len(text) != 8 or any(ch not in _ALPHABET for ch in text):
        return None
    return f"{PREFIX}-{text[:4]}-{text[4:]}"
