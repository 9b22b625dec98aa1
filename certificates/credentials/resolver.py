"""Finding issuers' keys and status lists: the academy's own locally, did:key offline, others over HTTPS."""

from __future__ import annotations

import copy
import ipaddress
import json
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests

from .did import did_document, did_web_document_url, issuer_did
from .exceptions import ResolutionError
from .keys import PublicKey
from .loader import DID_V1, MULTIKEY_V1
from .multibase import ed25519_multikey, from_multibase_base64url

TIMEOUT_SECONDS = (5, 10)  # connect, read
MAX_BYTES = 2 * 1024 * 1024  # a DID document or status list credential is a few kilobytes
MAX_REDIRECTS = 3
# Key types whose publicKeyMultibase is the same z6Mk… Ed25519 Multikey encoding.
MULTIBASE_KEY_TYPES = {"Multikey", "Ed25519VerificationKey2020"}

Fetch = Callable[[str], dict]
LocalSource = Callable[[str], "dict | None"]
_local_sources: list[LocalSource] = []


def register_local_source(source: LocalSource) -> None:
    """Serve some of the academy's own documents (its status lists) without a request to itself.

    The certificates app registers a function in AppConfig.ready() that returns the document for a
    URL it owns, or None; the library never reads the certificates tables itself.
    """
    if source not in _local_sources:
        _local_sources.append(source)


def unregister_local_source(source: LocalSource) -> None:
    if source in _local_sources:
        _local_sources.remove(source)


@dataclass(frozen=True)
class VerificationMethod:
    id: str
    controller: str
    key: PublicKey


class Resolver:
    """Looks documents up for a verification, each URL at most once.

    `documents` answers first for exact URLs or DIDs (tests, or a document the person uploaded with
    the credential); then the academy's own DID and registered local sources; then `fetch`, by
    default an HTTPS GET with a timeout and a size cap.
    """

    def __init__(self, *, documents: Mapping[str, dict] | None = None, fetch: Fetch | None = None):
        self.documents = dict(documents or {})
        self.fetch = fetch or fetch_json_over_https
        self._seen: dict[str, dict] = {}

    def document(self, url: str) -> dict:
        if url not in self._seen:
            self._seen[url] = self._find(url)
        return copy.deepcopy(self._seen[url])

    def _find(self, url: str) -> dict:
        if url in self.documents:
            return self.documents[url]
        for source in list(_local_sources):
            found = source(url)
            if found is not None:
                return found
        return self.fetch(url)

    def did_document(self, did: str) -> dict:
        if did == issuer_did():
            return did_document()  # the academy's own keys, from configuration: no request to itself
        if did in self.documents:
            document = self.documents[did]
        elif did.startswith("did:key:"):
            document = did_key_document(did)
        elif did.startswith("did:web:"):
            document = self.document(did_web_document_url(did))
        else:
            raise ResolutionError(f"The issuer {did!r} uses a DID method the academy cannot resolve.")
        if not isinstance(document, dict) or document.get("id") != did:
            raise ResolutionError(f"The DID document found for {did} is not that DID's document.")
        return document

    def verification_method(self, method_id: str, *, purpose: str = "assertionMethod") -> VerificationMethod:
        """The public key behind a proof's `verificationMethod`, if its controller allows it that purpose."""
        if not isinstance(method_id, str) or "#" not in method_id:
            raise ResolutionError("The proof's verificationMethod is not a DID URL with a key fragment.")
        did = method_id.split("#", 1)[0]
        document = self.did_document(did)
        method = _find_method(document, method_id)
        if method is None:
            raise ResolutionError(f"{did} does not publish the key {method_id.split('#', 1)[1][:24]}….")
        if not any(_method_id(entry, did) == method_id for entry in _as_list(document.get(purpose))):
            raise ResolutionError(f"{did} publishes that key but not for {purpose}, so it may not sign this.")
        controller = method.get("controller", did)
        if controller != did:
            raise ResolutionError(f"The key {method_id} is controlled by {controller!r}, not by {did}.")
        return VerificationMethod(id=method_id, controller=did, key=_public_key(method))


def did_key_document(did: str) -> dict:
    """did:key needs no lookup: the DID is the Ed25519 public key itself."""
    multikey = did[len("did:key:") :].split("#", 1)[0]
    try:
        key = PublicKey(multikey)
        key.ed25519  # noqa: B018 -- decoding checks it is an Ed25519 key
    except Exception as error:
        raise ResolutionError(f"{did} is not an Ed25519 did:key.") from error
    method_id = f"{did}#{multikey}"
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": [
            {"id": method_id, "type": "Multikey", "controller": did, "publicKeyMultibase": multikey}
        ],
        "assertionMethod": [method_id],
        "authentication": [method_id],
    }


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _method_id(entry, did: str) -> str | None:
    value = entry.get("id") if isinstance(entry, dict) else entry
    if isinstance(value, str) and value.startswith("#"):
        return did + value  # a relative reference within the DID document
    return value if isinstance(value, str) else None


def _find_method(document: dict, method_id: str) -> dict | None:
    did = document["id"]
    candidates = _as_list(document.get("verificationMethod"))
    for purpose in ("assertionMethod", "authentication"):
        candidates += [entry for entry in _as_list(document.get(purpose)) if isinstance(entry, dict)]
    for entry in candidates:
        if isinstance(entry, dict) and _method_id(entry, did) == method_id:
            return entry
    return None


def _public_key(method: dict) -> PublicKey:
    if method.get("revoked"):
        raise ResolutionError(f"The key {method.get('id')} has been revoked by its controller.")
    kind = method.get("type")
    try:
        if kind in MULTIBASE_KEY_TYPES and "publicKeyMultibase" in method:
            key = PublicKey(method["publicKeyMultibase"])
        elif kind in ("JsonWebKey", "JsonWebKey2020") and isinstance(method.get("publicKeyJwk"), dict):
            jwk = method["publicKeyJwk"]
            if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
                raise ResolutionError("Only Ed25519 keys are accepted.")
            key = PublicKey(ed25519_multikey(from_multibase_base64url("u" + str(jwk.get("x", "")))))
        else:
            raise ResolutionError(f"A key of type {kind!r} cannot check an eddsa-rdfc-2022 proof.")
        key.ed25519  # noqa: B018 -- decoding checks it is a real Ed25519 key
    except ResolutionError:
        raise
    except Exception as error:
        raise ResolutionError(f"The key {method.get('id')} is not a readable Ed25519 public key.") from error
    return key


def fetch_json_over_https(url: str) -> dict:
    """GET a JSON object over HTTPS only, from a public address, with a timeout and a size cap.

    A person can upload any credential, so the URLs in it are someone else's choice: no plain http,
    no addresses inside our own network, nothing large, and redirects re-checked at every hop.
    """
    for _ in range(MAX_REDIRECTS + 1):
        _check_public_https(url)
        try:
            response = requests.get(
                url,
                timeout=TIMEOUT_SECONDS,
                stream=True,
                allow_redirects=False,
                headers={"Accept": "application/did+json, application/ld+json, application/json"},
            )
        except requests.RequestException as error:
            raise ResolutionError(f"{url} could not be fetched ({error.__class__.__name__}).") from error
        with response:
            if response.is_redirect and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
            if response.status_code != 200:
                raise ResolutionError(f"{url} answered {response.status_code}.")
            body = b""
            for chunk in response.iter_content(64 * 1024):
                body += chunk
                if len(body) > MAX_BYTES:
                    raise ResolutionError(f"{url} sent more than {MAX_BYTES // 1024} KiB; it was not read.")
        try:
            document = json.loads(body)
        except ValueError as error:
            raise ResolutionError(f"{url} did not send JSON.") from error
        if not isinstance(document, dict):
            raise ResolutionError(f"{url} did not send a JSON object.")
        return document
    raise ResolutionError(f"{url} redirected more than {MAX_REDIRECTS} times.")


def _check_public_https(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ResolutionError(f"{url} is not https; keys and status lists are fetched only over https.")
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except OSError as error:
        raise ResolutionError(f"{parts.hostname} could not be found.") from error
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not ip.is_global:
            raise ResolutionError(f"{parts.hostname} is not a public address; it was not contacted.")
