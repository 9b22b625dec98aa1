"""The full check a new employer makes of a credential: readable, signed by its issuer, in date, unrevoked."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

from django.utils import timezone

from .dates import parse_xsd_datetime
from .exceptions import CredentialError, ResolutionError
from .loader import CREDENTIALS_V1, CREDENTIALS_V2
from .resolver import Resolver
from .signing import verify
from .status_list import decode_status_list, is_set

# A credential is a few kilobytes; anything far larger is not one and is not parsed.
MAX_DOCUMENT_BYTES = 1024 * 1024
OPEN_BADGE_TYPES = {"OpenBadgeCredential", "AchievementCredential"}


class Status:
    VALID = "valid"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    INVALID = "invalid"


@dataclass
class VerificationResult:
    """What a credential says and whether it holds. Its facts are only to be relied on when `ok`."""

    ok: bool
    status: str
    errors: list[str] = field(default_factory=list)
    credential: dict | None = None
    credential_id: str | None = None
    issuer_id: str | None = None
    issuer_name: str | None = None
    issuer_url: str | None = None
    learner_name: str | None = None
    achievement_id: str | None = None
    achievement_name: str | None = None
    achievement_type: str | None = None
    achievement_description: str | None = None
    valid_from: datetime.datetime | None = None
    valid_until: datetime.datetime | None = None
    verification_method: str | None = None
    revoked: bool | None = None  # None: the credential has no status list to check

    def __bool__(self) -> bool:
        return self.ok


def verify_credential(
    document: str | bytes | dict,
    *,
    resolver: Resolver | None = None,
    today: datetime.date | datetime.datetime | None = None,
) -> VerificationResult:
    """Check a credential (JSON text, bytes or a parsed object) as of `today` (a date or an instant).

    Every failure is a sentence in `errors`; nothing is raised for anything wrong with the document.
    """
    resolver = resolver or Resolver()
    credential, problem = _parse(document)
    if credential is None:
        return VerificationResult(ok=False, status=Status.INVALID, errors=[problem])
    result = VerificationResult(ok=False, status=Status.INVALID, credential=credential)
    _read_facts(credential, result)
    result.errors.extend(_shape_problems(credential))

    proof = verify(credential, resolver=resolver)
    result.verification_method = proof.verification_method
    result.errors.extend(proof.errors)

    not_yet, expired = _date_problems(credential, result, today)
    if proof.ok and not result.errors:
        # Only a credential that holds is worth a request to its status list: a forged one would
        # otherwise make the academy fetch any URL its author likes.
        result.revoked, suspended = _status(credential, result, resolver, today)
    else:
        suspended = False
    if result.errors:
        result.status = Status.INVALID
    elif result.revoked:
        result.status = Status.REVOKED
        result.errors.append("The issuer has revoked this credential.")
    elif suspended:
        result.status = Status.SUSPENDED
        result.errors.append("The issuer has suspended this credential.")
    elif expired:
        result.status = Status.EXPIRED
        result.errors.append(expired)
    elif not_yet:
        result.status = Status.NOT_YET_VALID
        result.errors.append(not_yet)
    else:
        result.status = Status.VALID
        result.ok = True
    return result


def _parse(document) -> tuple[dict | None, str]:
    if isinstance(document, dict):
        return document, ""
    if isinstance(document, str):
        document = document.encode("utf-8")
    if not isinstance(document, bytes | bytearray):
        return None, "A credential is a JSON document."
    if len(document) > MAX_DOCUMENT_BYTES:
        return (
            None,
            f"The file is {len(document) // 1024} KiB, far larger than any credential; it was not read.",
        )
    try:
        parsed = json.loads(document.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, "The file is not text (a credential is a JSON file, usually ending in .json)."
    except json.JSONDecodeError as error:
        return None, f"The file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
    except RecursionError:
        return None, "The file nests too deeply to be a credential."
    if not isinstance(parsed, dict):
        return None, "The file is JSON but not a credential (a credential is a JSON object)."
    return parsed, ""


def _text(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):  # a language map or value object: {"@value": ...}
        return _text(value.get("@value"))
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _read_facts(credential: dict, result: VerificationResult) -> None:
    result.credential_id = _text(credential.get("id"))
    issuer = credential.get("issuer")
    if isinstance(issuer, dict):
        result.issuer_id = _text(issuer.get("id"))
        result.issuer_name = _text(issuer.get("name"))
        result.issuer_url = _text(issuer.get("url"))
    else:
        result.issuer_id = _text(issuer)
    subjects = [
        subject for subject in _as_list(credential.get("credentialSubject")) if isinstance(subject, dict)
    ]
    subject = subjects[0] if subjects else {}
    result.learner_name = _text(subject.get("name"))
    achievement = subject.get("achievement")
    if isinstance(achievement, dict):
        result.achievement_id = _text(achievement.get("id"))
        result.achievement_name = _text(achievement.get("name"))
        result.achievement_type = _text(achievement.get("achievementType"))
        result.achievement_description = _text(achievement.get("description"))


def _shape_problems(credential: dict) -> list[str]:
    problems = []
    contexts = _as_list(credential.get("@context"))
    if not contexts or contexts[0] not in (CREDENTIALS_V2, CREDENTIALS_V1):
        problems.append(
            "The document is not a W3C Verifiable Credential (its first @context is not the VC one)."
        )
    types = set(_as_list(credential.get("type")))
    if "VerifiableCredential" not in types:
        problems.append("The document is not a Verifiable Credential (its type does not say so).")
    elif not types & OPEN_BADGE_TYPES:
        problems.append("The credential is not an Open Badges 3.0 achievement credential.")
    subjects = _as_list(credential.get("credentialSubject"))
    if len(subjects) != 1 or not isinstance(subjects[0], dict):
        problems.append("The credential must be about exactly one person.")
    elif not isinstance(subjects[0].get("achievement"), dict):
        problems.append("The credential does not say what was achieved.")
    return problems


def _date_problems(credential: dict, result: VerificationResult, today) -> tuple[str, str]:
    """(not yet valid, expired) sentences, each empty when it does not apply; bad dates are errors."""
    version_2 = _as_list(credential.get("@context"))[:1] == [CREDENTIALS_V2]
    start_key, end_key = ("validFrom", "validUntil") if version_2 else ("issuanceDate", "expirationDate")
    for key in (start_key, end_key):
        if key not in credential:
            continue
        try:
            moment = parse_xsd_datetime(credential[key], f"The credential's {key}")
        except CredentialError as error:
            result.errors.append(str(error))
            continue
        if key == start_key:
            result.valid_from = moment
        else:
            result.valid_until = moment
    if not version_2 and result.valid_from is None and not result.errors:
        result.errors.append("A Verifiable Credential 1.1 must say when it was issued (issuanceDate).")
    not_yet = expired = ""
    if result.valid_from and _before(today, result.valid_from):
        not_yet = f"The credential is not valid until {_day(result.valid_from)}."
    if result.valid_until and _after(today, result.valid_until):
        expired = f"The credential expired on {_day(result.valid_until)}."
    return not_yet, expired


def _before(today, moment: datetime.datetime) -> bool:
    if today is None or isinstance(today, datetime.datetime):
        return (today or timezone.now()) < moment
    return today < moment.astimezone(datetime.UTC).date()


def _after(today, moment: datetime.datetime) -> bool:
    if today is None or isinstance(today, datetime.datetime):
        return (today or timezone.now()) > moment
    return today > moment.astimezone(datetime.UTC).date()


def _day(moment: datetime.datetime) -> str:
    day = moment.astimezone(datetime.UTC)
    return f"{day.day} {day:%B %Y}"


def _status(
    credential: dict, result: VerificationResult, resolver: Resolver, today
) -> tuple[bool | None, bool]:
    """(revoked, suspended) from the credential's status lists; None for revoked if it has none."""
    entries = _as_list(credential.get("credentialStatus"))
    if not entries:
        return None, False
    revoked = suspended = False
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
            kind = entry.get("type") if isinstance(entry, dict) else entry
            result.errors.append(f"The credential's status is a {kind!r}, which the academy cannot check.")
            continue
        flagged = _status_bit(entry, result, resolver, today)
        if flagged and entry.get("statusPurpose") == "revocation":
            revoked = True
        elif flagged and entry.get("statusPurpose") == "suspension":
            suspended = True
    return revoked, suspended


def _status_bit(entry: dict, result: VerificationResult, resolver: Resolver, today) -> bool:
    url = entry.get("statusListCredential")
    index = entry.get("statusListIndex")
    purpose = entry.get("statusPurpose")
    if not isinstance(url, str) or not isinstance(index, str) or not index.isdigit():
        result.errors.append("The credential's status entry does not name a list and a place in it.")
        return False
    try:
        status_list = resolver.document(url)
    except ResolutionError as error:
        result.errors.append(
            f"The issuer's revocation list could not be read, so revocation is unknown: {error}"
        )
        return False
    proof = verify(status_list, resolver=resolver)
    if not proof.ok:
        result.errors.append("The revocation list is not signed by its issuer: " + " ".join(proof.errors))
        return False
    subject = status_list.get("credentialSubject")
    if (
        status_list.get("id") != url
        or "BitstringStatusListCredential" not in _as_list(status_list.get("type"))
        or not isinstance(subject, dict)
        or subject.get("type") != "BitstringStatusList"
    ):
        result.errors.append(f"{url} is not the Bitstring Status List the credential names.")
        return False
    if proof.issuer != result.issuer_id:
        result.errors.append(
            "The revocation list was published by someone other than the credential's issuer."
        )
        return False
    if subject.get("statusPurpose") != purpose:
        result.errors.append(f"The list at {url} is for {subject.get('statusPurpose')!r}, not {purpose!r}.")
        return False
    if "validUntil" in status_list:
        try:
            list_until = parse_xsd_datetime(status_list["validUntil"], "The revocation list's validUntil")
        except CredentialError as error:
            result.errors.append(str(error))
            return False
        if _after(today, list_until):
            result.errors.append("The issuer's revocation list is out of date, so revocation is unknown.")
            return False
    try:
        return is_set(decode_status_list(subject.get("encodedList")), int(index))
    except CredentialError as error:
        result.errors.append(f"The revocation list could not be read: {error}")
        return False
