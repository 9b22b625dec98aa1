"""Unsigned 1EdTech Open Badges 3.0 `OpenBadgeCredential`s (VC Data Model 2.0) from a certificate's facts."""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from .dates import xsd_datetime
from .did import issuer_did, site_url
from .exceptions import CredentialError
from .loader import CREDENTIALS_V2, OPEN_BADGES_V3

CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
# The OB 3.0 achievementType vocabulary words a certificate of this academy can be.
ACHIEVEMENT_TYPES = {"Course", "Certificate", "Certification", "Competency", "LearningProgram", "Award"}


@dataclass(frozen=True)
class CredentialFacts:
    """What a certificate says, in the terms an Open Badges credential needs."""

    certificate_uuid: uuid.UUID | str
    learner_email: str
    identity_salt: str
    achievement_url: str
    achievement_name: str
    achievement_description: str
    criteria: str
    valid_from: datetime.datetime | datetime.date  # a date means from its first second (UTC)
    status_list_url: str
    status_list_index: int
    achievement_type: str = "Course"
    learner_name: str = ""
    valid_until: datetime.datetime | datetime.date | None = None  # a date means to its last second
    issuer_name: str = ""
    issuer_url: str = ""
    credential_name: str = ""


def new_identity_salt() -> str:
    """A salt for one certificate's identity hash, so the same email hashes differently on each."""
    return secrets.token_hex(16)


def identity_hash(email: str, salt: str) -> str:
    """OB 3.0 `identityHash`: `sha256$` and the hex SHA-256 of the email followed by the salt.

    The email is trimmed and lower-cased first, as a verifier comparing an address will do.
    """
    normalised = email.strip().lower()
    return "sha256$" + hashlib.sha256((normalised + salt).encode("utf-8")).hexdigest()


def identity_matches(subject: dict, email: str) -> bool:
    """Whether a credential subject's hashed email identifier is this address."""
    for identifier in subject.get("identifier") or []:
        if isinstance(identifier, dict) and identifier.get("identityType") == "emailAddress":
            salt = identifier.get("salt") or ""
            if secrets.compare_digest(str(identifier.get("identityHash", "")), identity_hash(email, salt)):
                return True
    return False


def _absolute(url: str, what: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise CredentialError(f"{what} must be an absolute https URL, not {url!r}.")
    site = urlsplit(site_url())
    if parts.scheme != site.scheme:
        raise CredentialError(f"{what} must use {site.scheme}:// like SITE_URL, not {url!r}.")
    return url


def build_credential(facts: CredentialFacts | None = None, **kwargs) -> dict:
    """An unsigned OpenBadgeCredential for one certificate; pass a CredentialFacts or its fields."""
    facts = facts or CredentialFacts(**kwargs)
    if not facts.learner_email or not facts.identity_salt:
        raise CredentialError("A credential identifies its learner by a salted email hash; both are needed.")
    if facts.achievement_type not in ACHIEVEMENT_TYPES:
        raise CredentialError(f"{facts.achievement_type!r} is not an achievement type the academy issues.")
    if facts.status_list_index < 0:
        raise CredentialError("A status list index is never negative.")
    certificate_id = f"urn:uuid:{uuid.UUID(str(facts.certificate_uuid))}"
    did = issuer_did()
    list_url = _absolute(facts.status_list_url, "The status list URL")
    issuer = {
        "id": did,
        "type": ["Profile"],
        "name": facts.issuer_name or "Social Care Academy",
        "url": _absolute(facts.issuer_url or site_url() + "/", "The issuer's URL"),
    }
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": identity_hash(facts.learner_email, facts.identity_salt),
                "identityType": "emailAddress",
                "hashed": True,
                "salt": facts.identity_salt,
            }
        ],
        "achievement": {
            "id": _absolute(facts.achievement_url, "The achievement's id"),
            "type": ["Achievement"],
            "achievementType": facts.achievement_type,
            "name": facts.achievement_name,
            "description": facts.achievement_description,
            "criteria": {"narrative": facts.criteria},
        },
    }
    if facts.learner_name:
        # OB 3.0 lists no name on AchievementSubject but allows more properties, and its context maps
        # `name` to schema.org's: a person checking the credential sees who it was issued to.
        subject["name"] = facts.learner_name
    credential = {
        "@context": [CREDENTIALS_V2, OPEN_BADGES_V3],
        "id": certificate_id,
        "type": list(CREDENTIAL_TYPES),
        "issuer": issuer,
        "validFrom": xsd_datetime(facts.valid_from),
        "name": facts.credential_name or facts.achievement_name,
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{list_url}#{facts.status_list_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(facts.status_list_index),
            "statusListCredential": list_url,
        },
    }
    if facts.valid_until is not None:
        credential["validUntil"] = xsd_datetime(facts.valid_until, end_of_day=True)
    return credential
