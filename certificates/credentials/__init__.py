"""Signed portable credentials: Open Badges 3.0 with eddsa-rdfc-2022 proofs, did:web keys and status lists.

A library the certificates app calls; it reads configuration (settings) but never the database.
"""

from .did import did_document, issuer_did
from .exceptions import CredentialError, ResolutionError, UnknownContextError
from .keys import signing_key
from .openbadges import CredentialFacts, build_credential, identity_hash, identity_matches, new_identity_salt
from .resolver import Resolver, register_local_source, unregister_local_source
from .signing import ProofResult, sign, verify
from .status_list import decode_status_list, encode_status_list, status_list_credential
from .verification import Status, VerificationResult, verify_credential

__all__ = [
    "CredentialError",
    "CredentialFacts",
    "ProofResult",
    "ResolutionError",
    "Resolver",
    "Status",
    "UnknownContextError",
    "VerificationResult",
    "build_credential",
    "decode_status_list",
    "did_document",
    "encode_status_list",
    "identity_hash",
    "identity_matches",
    "issuer_did",
    "new_identity_salt",
    "register_local_source",
    "sign",
    "signing_key",
    "status_list_credential",
    "unregister_local_source",
    "verify",
    "verify_credential",
]
