"""What can go wrong with a portable credential, as exceptions whose message a person can read."""

from __future__ import annotations


class CredentialError(Exception):
    """A credential could not be built, signed or checked; the message says why."""


class UnknownContextError(CredentialError):
    """A document names a JSON-LD context the academy does not bundle; it is never fetched."""

    def __init__(self, url: str):
        self.url = url
        super().__init__(
            f"The JSON-LD context {url!r} is not one the academy knows, so the document cannot be "
            "read safely. Only the bundled Verifiable Credentials, Open Badges 3.0, Data Integrity, "
            "Multikey and DID contexts are loaded, and never from the network."
        )


class ResolutionError(CredentialError):
    """A key, DID document or status list could not be found or fetched."""
