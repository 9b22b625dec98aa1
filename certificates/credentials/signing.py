"""Embedded DataIntegrityProof with the eddsa-rdfc-2022 cryptosuite (W3C VC Data Integrity EdDSA v1.0)."""

from __future__ import annotations

import copy
import datetime
import hashlib
from dataclasses import dataclass, field

from django.utils import timezone
from pyld import jsonld

from .dates import parse_xsd_datetime, xsd_datetime
from .did import verification_method_id
from .exceptions import CredentialError, ResolutionError, UnknownContextError
from .keys import SigningKey, signing_key
from .loader import document_loader
from .multibase import from_multibase_base58btc, multibase_base58btc
from .resolver import Resolver

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"


@dataclass
class ProofResult:
    """Whether a document's proof holds, and if not, why, in words for the person checking it."""

    ok: bool
    errors: list[str] = field(default_factory=list)
    issuer: str | None = None
    verification_method: str | None = None

    def __bool__(self) -> bool:
        return self.ok


def canonicalize(document: dict) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document, read with the bundled contexts only.

    Like Digital Bazaar's "safe mode", anything JSON-LD would silently leave out of what is signed
    (a property no context defines, a relative IRI) is an error instead, so nothing in a credential
    can sit outside its signature.
    """
    dropped: list[str | None] = []
    processor = jsonld.JsonLdProcessor(on_property_dropped=dropped.append)
    options = {
        # pyld's URDNA2015 is RDFC-1.0 (the W3C Recommendation's name for the same algorithm).
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": document_loader,
        "rdfDirection": "i18n-datatype",
        # No base IRI, as jsonld.js is given (base: null): pyld would otherwise resolve a relative IRI
        # against http://example.org/base/ and sign something no other verifier reads the same way.
        "base": None,
    }
    try:
        expanded = processor.expand(document, {"documentLoader": document_loader, "base": None})
        if dropped:
            names = ", ".join(sorted({str(name) for name in dropped}))
            raise CredentialError(f"No context defines these properties, so they cannot be signed: {names}.")
        relative = sorted(set(_relative_iris(expanded)))
        if relative:
            raise CredentialError(f"These are not absolute IRIs, so they cannot be signed: {relative}.")
        return processor.normalize(expanded, options)
    except RecursionError as error:
        raise CredentialError("The document nests too deeply to be read.") from error
    except jsonld.JsonLdError as error:
        unknown = _cause(error, UnknownContextError)
        if unknown is not None:
            raise unknown from error
        raise CredentialError(f"The document is not valid JSON-LD ({_first_message(error)}).") from error
    except (TypeError, ValueError, KeyError, AttributeError, IndexError) as error:
        # pyld assumes well-formed input in places; a malformed upload must still get a sentence.
        raise CredentialError("The document is not valid JSON-LD.") from error


def _relative_iris(node):
    """Node ids, types and datatypes in expanded JSON-LD that are not absolute (RDF drops them)."""
    if isinstance(node, list):
        for item in node:
            yield from _relative_iris(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@id" and not _absolute_or_blank(value):
                yield value
            elif key == "@type" and "@value" not in node:
                yield from (kind for kind in _as_list(value) if not _absolute_or_blank(kind))
            elif key == "@type" and value != "@json" and not _absolute_or_blank(value):
                yield value
            elif key != "@value":
                yield from _relative_iris(value)


def _absolute_or_blank(iri) -> bool:
    return isinstance(iri, str) and (iri.startswith("_:") or ":" in iri.split("/", 1)[0])


def sign(
    credential: dict,
    *,
    key: SigningKey | None = None,
    created: datetime.datetime | None = None,
    verification_method: str | None = None,
) -> dict:
    """A copy of the credential with an embedded eddsa-rdfc-2022 DataIntegrityProof.

    By default the academy's current key signs, named as its did:web key id; another key and id
    (a did:key, say) can be given for other issuers and for tests.
    """
    if "proof" in credential:
        raise CredentialError("The credential already has a proof; sign the unsigned credential.")
    key = key or signing_key()
    unsecured = copy.deepcopy(credential)
    proof = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": xsd_datetime(created or timezone.now()),
        "verificationMethod": verification_method or verification_method_id(key.public),
        "proofPurpose": PROOF_PURPOSE,
    }
    proof["proofValue"] = multibase_base58btc(key.sign(_hash_data(unsecured, proof)))
    return {**unsecured, "proof": proof}


def _hash_data(unsecured: dict, proof_options: dict) -> bytes:
    """The spec's hashData: SHA-256 of the canonical proof configuration, then of the canonical document."""
    proof_config = {key: value for key, value in proof_options.items() if key != "proofValue"}
    # The proof configuration is read with the document's own contexts (spec section 3.3.5).
    proof_config["@context"] = unsecured["@context"]
    proof_hash = hashlib.sha256(canonicalize(proof_config).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonicalize(unsecured).encode("utf-8")).digest()
    return proof_hash + document_hash


def verify(credential: dict, *, resolver: Resolver | None = None) -> ProofResult:
    """Check a document's eddsa-rdfc-2022 proof against its issuer's published key."""
    resolver = resolver or Resolver()
    result = ProofResult(ok=False)
    if not isinstance(credential, dict):
        result.errors.append("A credential is a JSON object.")
        return result
    result.issuer = _issuer_id(credential)
    proofs = credential.get("proof")
    if isinstance(proofs, list):
        if len(proofs) != 1:
            result.errors.append("The credential must carry exactly one proof.")
            return result
        proofs = proofs[0]
    if not isinstance(proofs, dict):
        result.errors.append("The credential has no proof, so nothing shows who issued it.")
        return result
    proof = proofs
    if isinstance(proof.get("verificationMethod"), str):
        result.verification_method = proof["verificationMethod"]
    problems = _proof_problems(proof, result.issuer)
    if problems:
        result.errors.extend(problems)
        return result
    try:
        method = resolver.verification_method(proof["verificationMethod"], purpose=PROOF_PURPOSE)
    except ResolutionError as error:
        result.errors.append(f"The issuer's key could not be confirmed: {error}")
        return result

    unsecured = {key: value for key, value in copy.deepcopy(credential).items() if key != "proof"}
    proof_options = {key: value for key, value in proof.items() if key != "proofValue"}
    if "@context" in proof_options:
        contexts = _as_list(proof_options["@context"])
        if _as_list(unsecured.get("@context"))[: len(contexts)] != contexts:
            result.errors.append("The proof's contexts are not the ones the credential starts with.")
            return result
        unsecured["@context"] = proof_options.pop("@context")
    try:
        signature = from_multibase_base58btc(proof["proofValue"])
        hash_data = _hash_data(unsecured, proof_options)
    except CredentialError as error:
        result.errors.append(str(error))
        return result
    if len(signature) != 64 or not method.key.verifies(signature, hash_data):
        result.errors.append(
            "The signature does not match the credential: it has been changed since it was issued, "
            "or it was not signed with the key it names."
        )
        return result
    result.ok = True
    return result


def _proof_problems(proof: dict, issuer: str | None) -> list[str]:
    problems = []
    if proof.get("type") != PROOF_TYPE:
        problems.append(f"The proof is a {proof.get('type')!r}, not a {PROOF_TYPE}.")
    if proof.get("cryptosuite") != CRYPTOSUITE:
        problems.append(f"The proof uses the cryptosuite {proof.get('cryptosuite')!r}, not {CRYPTOSUITE}.")
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        problems.append("The proof is not for asserting a credential (proofPurpose assertionMethod).")
    if not isinstance(proof.get("proofValue"), str) or not proof["proofValue"].startswith("z"):
        problems.append("The proof's value is missing or not base58btc multibase.")
    if "created" in proof:
        try:
            parse_xsd_datetime(proof["created"], "The proof's created date")
        except CredentialError as error:
            problems.append(str(error))
    method = proof.get("verificationMethod")
    if not isinstance(method, str):
        problems.append("The proof does not name the key that made it.")
    elif issuer is None:
        problems.append("The credential does not name its issuer.")
    elif method.split("#", 1)[0] != issuer:
        # The key must belong to the issuer named, or anyone could sign in the academy's name.
        owner = method.split("#", 1)[0]
        problems.append(f"The proof was made with a key of {owner}, not of the issuer {issuer}.")
    return problems


def _issuer_id(credential: dict) -> str | None:
    issuer = credential.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _cause(error: BaseException | None, kind: type[BaseException]) -> BaseException | None:
    """The first exception of `kind` in a chain; pyld wraps a loader's error in several of its own."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, kind):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def _first_message(error: BaseException) -> str:
    while error.__cause__ is not None:
        error = error.__cause__
    message = error.args[0] if error.args else error.__class__.__name__
    return str(message).splitlines()[0][:200]
