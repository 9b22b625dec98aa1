"""The JSON-LD document loader for signing and verifying: bundled contexts only, never the network."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path

from .exceptions import UnknownContextError

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
CREDENTIALS_V1 = "https://www.w3.org/2018/credentials/v1"
OPEN_BADGES_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"

# URL -> file, shared with the JavaScript verifier in tests/certificates/js/. Exact URLs only: a
# context is a promise about what every term means, so a near miss (http://, a trailing slash, a
# query string) is a different document that we have not read.
BUNDLED_CONTEXTS: dict[str, str] = json.loads((CONTEXTS_DIR / "index.json").read_text(encoding="utf-8"))


@cache
def _read(url: str) -> dict:
    return json.loads((CONTEXTS_DIR / BUNDLED_CONTEXTS[url]).read_text(encoding="utf-8"))


def load_context(url: str) -> dict:
    """The bundled context document for this exact URL (a copy the caller may change)."""
    if url not in BUNDLED_CONTEXTS:
        raise UnknownContextError(url)
    return copy.deepcopy(_read(url))


def document_loader(url: str, options: dict | None = None) -> dict:
    """A pyld document loader (`documentLoader` option) serving only the bundled contexts."""
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": load_context(url),
        # "static" lets pyld keep the processed context between operations: these files never change
        # while the process runs, and re-reading them was most of the cost of signing.
        "tag": "static",
    }
