"""The academy's issuer identity: a did:web for SITE_URL and the DID document that publishes its keys."""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .exceptions import ResolutionError
from .keys import PublicKey, development, published_public_keys
from .loader import DID_V1, MULTIKEY_V1


def site_url() -> str:
    """SITE_URL without a trailing slash; https is required wherever real credentials are issued.

    Development and the test server run on plain http, whose ids are still absolute IRIs; a
    credential carrying them is only ever checked by the same laptop or test run.
    """
    url = settings.SITE_URL.rstrip("/")
    if urlsplit(url).scheme != "https" and not development():
        raise ImproperlyConfigured(
            f"SITE_URL is {url!r}; credentials name the academy by its https address (did:web is "
            "always resolved over https), so SITE_URL must start with https:// to issue them."
        )
    return url


def did_web_for(url: str) -> str:
    """The did:web of a site: host (a port encoded as %3A), then each path segment after a colon."""
    parts = urlsplit(url)
    if not parts.hostname:
        raise ImproperlyConfigured(f"{url!r} has no host name to make a did:web from.")
    host = parts.hostname.lower()
    if parts.port:
        host += quote(f":{parts.port}", safe="")
    segments = [quote(segment, safe="") for segment in parts.path.split("/") if segment]
    return ":".join(["did", "web", host, *segments])


def issuer_did() -> str:
    return did_web_for(site_url())


def did_web_document_url(did: str) -> str:
    """The https URL a did:web resolves to (W3C did:web method, "Read (Resolve)")."""
    if not did.startswith("did:web:"):
        raise ResolutionError(f"{did!r} is not a did:web.")
    host, *segments = did[len("did:web:") :].split("#", 1)[0].split(":")
    host = unquote(host)
    if not host or "/" in host or "@" in host:
        raise ResolutionError(f"{did!r} does not name a web host.")
    path = "/".join(quote(unquote(segment), safe="") for segment in segments)
    return f"https://{host}/{path}/did.json" if path else f"https://{host}/.well-known/did.json"


def verification_method_id(key: PublicKey, did: str | None = None) -> str:
    """A key's id: the DID plus its own Multikey, so a rotated key can never reuse an old key's id."""
    return f"{did or issuer_did()}#{key.multikey}"


def did_document() -> dict:
    """The DID document to serve: the current key and every retired one, each able to assert credentials."""
    did = issuer_did()
    methods = [
        {
            "id": verification_method_id(key, did),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.multikey,
        }
        for key in published_public_keys()
    ]
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
