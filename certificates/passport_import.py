"""Importing training at a new employer: read a share link, a verification address or a credential file,
verify each credential, and record the chosen ones as accepted prior learning in one step."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from academy import permissions
from lms.models import CoursePage, PriorLearning, PriorLearningStatus
from lms.selectors_assessment import claims_of, courses_to_count_as
from lms.services.assessment import AssessmentError, prior_learning_accept, prior_learning_submit

from . import passport, selectors
from .credentials.did import issuer_did
from .credentials.exceptions import CredentialError
from .credentials.openbadges import identity_matches
from .credentials.resolver import Resolver, fetch_json_over_https
from .credentials.verification import MAX_DOCUMENT_BYTES, verify_credential
from .models import Certificate

# A passport holds a career's training, not thousands of certificates: more is not a passport.
MAX_ITEMS = 200
# Above this many people to choose from (a superuser), the importer types the person's email instead.
PEOPLE_LISTED_MAX = 500
UPLOAD_MAX_BYTES = MAX_DOCUMENT_BYTES
UPLOAD_MAX_LABEL = f"{UPLOAD_MAX_BYTES // 1024 // 1024}MB"

SHARE_PATH = re.compile(r"^(?P<prefix>(?:/[^/]+)*?)/passport/shared/(?P<token>[A-Za-z0-9_-]+)(?:\.json|/)?$")
VERIFY_PATH = re.compile(r"^(?P<prefix>(?:/[^/]+)*?)/certificates/verify/(?P<reference>[^/]+?)(?:\.json|/)?$")
COURSE_IRI = re.compile(r"^/xapi/activities/courses/(?P<pk>[1-9][0-9]{0,17})$")


class PassportImportError(Exception):
    """Why something cannot be read or recorded, in words for the manager or assessor."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def fetch_json(url: str) -> dict:
    """GET another academy's JSON: https only, public addresses only, with a timeout and a size cap.

    Every request the import makes to another site goes through here (tests replace it).
    """
    return fetch_json_over_https(url)


def may_import(user) -> bool:
    """Managers and assessors (of any provider) and superusers record training done elsewhere."""
    return user.is_authenticated and (
        user.is_superuser or permissions.organisations_assessed_by(user).exists()
    )


# --- What was read -----------------------------------------------------------------------------


@dataclass
class ImportItem:
    """One training found: what it says, and whether it verified (only then may it be recorded)."""

    key: str
    title: str
    issuer_name: str = ""
    learner_name: str = ""
    completed_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    credential: dict | None = None
    verified: bool = False
    problems: list[str] = field(default_factory=list)
    note: str = ""  # why an item without a credential is listed at all
    course: CoursePage | None = None  # the course it is suggested to count as
    already: PriorLearning | None = None  # already recorded, from this credential, for the person

    @property
    def credential_id(self) -> str | None:
        value = (self.credential or {}).get("id")
        return value if isinstance(value, str) else None

    @property
    def recordable(self) -> bool:
        return self.verified and self.credential is not None and self.already is None


@dataclass
class ImportPreview:
    source_label: str
    learner_name: str = ""
    items: list[ImportItem] = field(default_factory=list)
    # For a passport shared in this academy the person is known (and someone the importer assesses).
    person: object | None = None
    suggested_person: object | None = None

    @property
    def recordable(self) -> list[ImportItem]:
        return [item for item in self.items if item.recordable]

    def item(self, key: str) -> ImportItem | None:
        return next((item for item in self.items if item.key == key), None)


def _key(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:12]


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    # Credentials write their dates in UTC, a date's last second for an expiry: its UTC day is the one
    # the issuer meant (the verifier's messages read them the same way).
    return moment.astimezone(datetime.UTC).date() if moment else None


def new_resolver() -> Resolver:
    """Keys and status lists for a verification: the academy's own from its records (the local sources
    certificates registers), everyone else's through `fetch_json`, looked up when called so tests may
    replace it."""
    return Resolver(fetch=lambda url: fetch_json(url))


def _item_from_credential(credential, resolver: Resolver, *, position: int) -> ImportItem:
    result = verify_credential(credential, resolver=resolver)
    item = ImportItem(
        key=_key(result.credential_id or f"position-{position}"),
        title=(result.achievement_name or "").strip() or "Training not named",
        issuer_name=(result.issuer_name or result.issuer_id or "").strip(),
        learner_name=(result.learner_name or "").strip(),
        completed_on=_day(result.valid_from),
        expires_on=_day(result.valid_until),
        credential=result.credential,
        verified=result.ok,
        problems=list(result.errors),
    )
    if item.verified and not result.achievement_name:
        item.verified = False
        item.problems.append("The credential does not name the training, so it cannot be recorded.")
    if item.verified and item.completed_on is None:
        item.verified = False
        item.problems.append("The credential does not say when it was awarded, so it cannot be recorded.")
    # This academy's own certificate: its record gives the completion date (the credential's is the
    # day it was issued, which for a cohort can be later).
    if (
        item.verified
        and result.issuer_id == issuer_did()
        and (result.credential_id or "").startswith("urn:uuid:")
    ):
        certificate = selectors.certificate_by_reference(result.credential_id.removeprefix("urn:uuid:"))
        if certificate is not None:
            item.completed_on = certificate.completed_on
            item.expires_on = certificate.expires_on
    return item


def _suggest_course(item: ImportItem, achievement_id: str | None, courses: list[CoursePage]) -> None:
    """This academy's course by its activity id, else a live course of the same name, else none."""
    site = urlsplit(settings.SITE_URL)
    if achievement_id:
        parts = urlsplit(achievement_id)
        match = COURSE_IRI.match(parts.path)
        if match and (parts.scheme, parts.netloc) == (site.scheme, site.netloc):
            item.course = next((course for course in courses if course.pk == int(match["pk"])), None)
            if item.course is not None:
                return
    title = item.title.casefold()
    item.course = next((course for course in courses if course.title.casefold() == title), None)


def _achievement_id(credential: dict | None) -> str | None:
    subject = (credential or {}).get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    value = achievement.get("id") if isinstance(achievement, dict) else None
    return value if isinstance(value, str) else None


def _subject(credential: dict | None) -> dict:
    subject = (credential or {}).get("credentialSubject")
    return subject if isinstance(subject, dict) else {}


def import_candidates(*, importer) -> QuerySet:
    """Whom the importer may record training for: the people they assess, by name."""
    return permissions.assessable_people(importer).order_by("last_name", "first_name", "pk")


def lists_people(*, importer) -> bool:
    """Whether the form offers a list of people (else the importer types an email address)."""
    return import_candidates(importer=importer)[: PEOPLE_LISTED_MAX + 1].count() <= PEOPLE_LISTED_MAX


def _finish(preview: ImportPreview, *, importer) -> ImportPreview:
    """Suggest a course for each item, and the person whose email the credentials name."""
    if len(preview.items) > MAX_ITEMS:
        raise PassportImportError(f"That holds more than {MAX_ITEMS} trainings, more than any passport.")
    courses = list(courses_to_count_as())
    for item in preview.items:
        if item.credential is not None:
            _suggest_course(item, _achievement_id(item.credential), courses)
    if preview.person is None and lists_people(importer=importer):
        subjects = [_subject(item.credential) for item in preview.items if item.verified]
        for candidate in import_candidates(importer=importer).only("pk", "email", "first_name", "last_name"):
            if any(identity_matches(subject, candidate.email) for subject in subjects):
                preview.suggested_person = candidate
                break
    mark_already_recorded(preview, person=preview.person or preview.suggested_person)
    return preview


def mark_already_recorded(preview: ImportPreview, *, person) -> None:
    """Items this person already has from the same credential are shown, not recorded twice."""
    if person is None:
        return
    ids = [item.credential_id for item in preview.items if item.credential_id]
    if not ids:
        return
    existing = {
        claim.source_credential.get("id"): claim
        for claim in claims_of(person=person)
        .filter(status__in=[PriorLearningStatus.PENDING, PriorLearningStatus.ACCEPTED])
        .filter(source_credential__id__in=ids)
    }
    for item in preview.items:
        item.already = existing.get(item.credential_id)


# --- Reading each kind of source ---------------------------------------------------------------


def _parse_link(link: str):
    text = (link or "").strip()
    if not text:
        raise PassportImportError("Paste a passport share link or a certificate's address", field="link")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PassportImportError("Paste the whole address, starting with https://", field="link")
    site = urlsplit(settings.SITE_URL)
    local = (parts.scheme, parts.netloc.lower()) == (site.scheme, site.netloc.lower())
    for kind, pattern in (("share", SHARE_PATH), ("verification", VERIFY_PATH)):
        match = pattern.match(parts.path)
        if match:
            return kind, match, parts, local
    raise PassportImportError(
        "That is not a passport share link (…/passport/shared/…) or a certificate's address "
        "(…/certificates/verify/…). Check it was copied whole.",
        field="link",
    )


def import_read(*, importer, link: str = "", document: dict | None = None) -> ImportPreview:
    """Read and verify what was pasted or uploaded. Nothing is recorded; refusals are PassportImportError."""
    if not may_import(importer):
        raise PassportImportError("Only managers and assessors can record training done elsewhere.")
    resolver = new_resolver()
    if document is not None:
        item = _item_from_credential(document, resolver, position=0)
        preview = ImportPreview(source_label="The credential file you uploaded", items=[item])
        preview.learner_name = item.learner_name
        return _finish(preview, importer=importer)
    kind, match, parts, local = _parse_link(link)
    if kind == "share":
        preview = (
            _read_local_share(match["token"], importer, resolver)
            if local
            else _read_remote_share(match, parts, resolver)
        )
    else:
        preview = (
            _read_local_verification(match["reference"], resolver)
            if local
            else _read_remote_verification(match, parts, resolver)
        )
    return _finish(preview, importer=importer)


def _read_local_share(token: str, importer, resolver: Resolver) -> ImportPreview:
    share = passport.share_by_token(token)
    state = passport.share_state(share)
    if state == "unknown":
        raise PassportImportError(
            "No passport is shared at that link. Check it was copied whole.", field="link"
        )
    if state != "active":
        raise PassportImportError(
            f"That link has {'been withdrawn' if state == 'revoked' else 'expired'}. "
            "Ask the person for a new one.",
            field="link",
        )
    if not permissions.can_assess(importer, share.person):
        # Said the same way whoever it is, so nobody learns who works where.
        raise PassportImportError(
            "That passport is not one of your staff's, so you cannot record it. If they have joined "
            "you, they need to accept your organisation's invitation first.",
            field="link",
        )
    passport.passport_share_opened(share=share)
    preview = ImportPreview(
        source_label=f"A passport shared in {settings.WAGTAIL_SITE_NAME}",
        learner_name=passport.person_name(share.person),
        person=share.person,
    )
    for position, certificate in enumerate(selectors.certificates_of(learner=share.person)):
        preview.items.append(_item_from_certificate(certificate, resolver, position=position))
    for claim in passport.accepted_prior_learning(person=share.person):
        preview.items.append(
            ImportItem(
                key=_key(f"prior-{claim.pk}"),
                title=claim.title,
                issuer_name=claim.provider_name,
                completed_on=claim.completed_on,
                expires_on=claim.expires_on,
                note="Accepted by the academy already, so it counts for them now: nothing to record.",
            )
        )
    return preview


def _item_from_certificate(certificate: Certificate, resolver: Resolver, *, position: int) -> ImportItem:
    credential = certificate.credential
    if credential is None:
        # Made in the background after completion; a certificate whose turn has not come is made now.
        from .rendering import certificate_files_make

        credential = certificate_files_make(certificate_id=certificate.pk).credential
    return _item_from_credential(credential, resolver, position=position)


def _read_local_verification(reference: str, resolver: Resolver) -> ImportPreview:
    certificate = selectors.certificate_by_reference(reference)
    if certificate is None:
        raise PassportImportError(
            "The academy has issued no certificate with that address. Check it was copied whole.",
            field="link",
        )
    item = _item_from_certificate(certificate, resolver, position=0)
    return ImportPreview(
        source_label=f"A certificate of {settings.WAGTAIL_SITE_NAME}",
        learner_name=item.learner_name,
        items=[item],
    )


def _json_address(match, parts, name: str) -> str:
    if parts.scheme != "https":
        raise PassportImportError(
            "Another academy's link must start with https://, so what it sends cannot be changed on the way.",
            field="link",
        )
    return f"https://{parts.netloc}{match['prefix']}/{name}.json"


def _fetch(url: str) -> dict:
    try:
        return fetch_json(url)
    except CredentialError as error:
        raise PassportImportError(
            f"It could not be read from the other academy: {error} If the link has expired or been "
            "withdrawn, ask the person for a new one.",
            field="link",
        ) from None


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _read_remote_share(match, parts, resolver: Resolver) -> ImportPreview:
    document = _fetch(_json_address(match, parts, f"passport/shared/{match['token']}"))
    certificates = document.get("certificates")
    if document.get("type") != "TrainingPassport" or not isinstance(certificates, list):
        raise PassportImportError("That address did not answer with a training passport.", field="link")
    issuer = document.get("issuer") if isinstance(document.get("issuer"), dict) else {}
    preview = ImportPreview(
        source_label=f"A passport shared by {_text(issuer.get('name')) or parts.hostname}",
        learner_name=_text(document.get("learner_name")),
    )
    if len(certificates) > MAX_ITEMS:
        raise PassportImportError(f"That holds more than {MAX_ITEMS} trainings, more than any passport.")
    for position, entry in enumerate(certificates):
        if not isinstance(entry, dict):
            continue
        credential = entry.get("credential")
        if isinstance(credential, dict):
            preview.items.append(_item_from_credential(credential, resolver, position=position))
        else:
            preview.items.append(_unsigned_item(entry, position=position, issuer=issuer))
    for position, entry in enumerate(document.get("prior_learning") or []):
        if isinstance(entry, dict):
            preview.items.append(
                ImportItem(
                    key=_key(f"prior-{position}"),
                    title=_text(entry.get("title")) or "Training not named",
                    issuer_name=_text(entry.get("provider_name")),
                    note="Accepted as prior learning by the other academy. It carries no signed credential, "
                    "so it cannot be checked here: ask for its certificate and add it in the usual way.",
                )
            )
    return preview


def _unsigned_item(entry: dict, *, position: int, issuer: dict) -> ImportItem:
    achievement = entry.get("achievement") if isinstance(entry.get("achievement"), dict) else {}
    status = _text(entry.get("status_label")) or "of unknown status"
    return ImportItem(
        key=_key(f"unsigned-{position}"),
        title=_text(achievement.get("name")) or "Training not named",
        issuer_name=_text(issuer.get("name")),
        learner_name=_text(entry.get("learner_name")),
        problems=[
            f"The issuer says this certificate is {status.lower()}, but sent no signed credential for it, "
            "so it cannot be verified or recorded. Ask the person for the credential file from their "
            "certificate's page."
        ],
    )


def _read_remote_verification(match, parts, resolver: Resolver) -> ImportPreview:
    document = _fetch(_json_address(match, parts, f"certificates/verify/{match['reference']}"))
    credential = document.get("credential")
    if isinstance(credential, dict):
        item = _item_from_credential(credential, resolver, position=0)
    else:
        issuer = document.get("issuer") if isinstance(document.get("issuer"), dict) else {}
        if "achievement" not in document:
            raise PassportImportError("That address did not answer with a certificate.", field="link")
        item = _unsigned_item(document, position=0, issuer=issuer)
    return ImportPreview(
        source_label=f"A certificate checked at {parts.hostname}",
        learner_name=item.learner_name,
        items=[item],
    )


def parse_upload(data: bytes) -> dict:
    """The uploaded file as a JSON object, or PassportImportError saying plainly what is wrong with it."""
    if len(data) > UPLOAD_MAX_BYTES:
        raise PassportImportError(
            f"The selected file must be smaller than {UPLOAD_MAX_LABEL}: a credential is a few kilobytes",
            field="credential_file",
        )
    if not data:
        raise PassportImportError("The selected file is empty", field="credential_file")
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise PassportImportError(
            "The selected file is not a credential: it is not text. A credential is a .json file",
            field="credential_file",
        ) from None
    except json.JSONDecodeError as error:
        raise PassportImportError(
            f"The selected file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
            field="credential_file",
        ) from None
    except RecursionError:
        raise PassportImportError(
            "The selected file nests too deeply to be a credential", field="credential_file"
        ) from None
    if not isinstance(parsed, dict):
        raise PassportImportError(
            "The selected file is JSON but not a credential (a credential is one JSON object)",
            field="credential_file",
        )
    return parsed


# --- Recording ---------------------------------------------------------------------------------


def person_for_import(*, importer, preview: ImportPreview, chosen=None, email: str = ""):
    """Whom the import is for: the person whose passport was shared here, else the one chosen from the
    list, else the one of the importer's staff with that email address."""
    if preview.person is not None:
        return preview.person
    if email:
        found = import_candidates(importer=importer).filter(email__iexact=email.strip()).first()
        if found is None:
            raise PassportImportError("Nobody on your staff has that email address", field="person_email")
        return found
    return chosen


def import_record(
    *, importer, preview: ImportPreview, person, courses: dict[str, CoursePage]
) -> list[PriorLearning]:
    """Record each chosen item (key -> the course it counts as) as accepted prior learning, all or none.

    Each goes through the LMS's own submit and accept (both audited), keeping the credential as its
    evidence. `preview` must be freshly read, so every credential was verified just now.
    """
    if person is None or not permissions.can_assess(importer, person):
        raise PassportImportError("Choose one of your staff", field="person")
    if preview.person is not None and preview.person.pk != person.pk:
        raise PassportImportError("This passport belongs to someone else", field="person")
    if not courses:
        raise PassportImportError("Choose at least one training to record")
    chosen = []
    for key, course in courses.items():
        item = preview.item(key)
        if item is None or not item.verified or item.credential is None:
            reason = " ".join(item.problems) if item else "it is no longer in what was shared."
            title = item.title if item else "One of the trainings"
            raise PassportImportError(f"{title} cannot be recorded: {reason}")
        if course is None:
            raise PassportImportError(f"Choose which course {item.title} counts as", field=f"course-{key}")
        chosen.append((item, course))
    created: list[PriorLearning] = []
    try:
        with transaction.atomic():
            # The person's row is locked by the first submit; checking for repeats after it means two
            # imports of one credential at once record it once.
            get_user_model().objects.select_for_update().filter(pk=person.pk).first()
            mark_already_recorded(preview, person=person)
            for item, _course in chosen:
                if item.already is not None:
                    raise PassportImportError(
                        f"{item.title} was already recorded for {person.get_full_name() or 'them'} on "
                        f"{timezone.localdate(item.already.submitted_at):%-d %B %Y}."
                    )
            for item, course in chosen:
                try:
                    claim = prior_learning_submit(
                        person=person,
                        by=importer,
                        title=item.title[:200],
                        provider_name=(item.issuer_name or "Not named")[:200],
                        completed_on=item.completed_on,
                        course=course,
                        source_credential=item.credential,
                    )
                    created.append(claim)
                    prior_learning_accept(claim=claim, by=importer, course=course, expires_on=item.expires_on)
                except AssessmentError as error:
                    field_name = f"course-{item.key}" if error.field in ("course", "expires_on") else None
                    raise PassportImportError(f"{item.title}: {error}", field=field_name) from None
    except Exception:
        # The rows are gone with the transaction; their files were written to storage and must go too.
        for claim in created:
            if claim.certificate and claim.certificate.name:
                claim.certificate.storage.delete(claim.certificate.name)
        raise
    return created


def recorded_claims(*, importer, ids) -> list[PriorLearning]:
    """The claims just recorded, for the confirmation page: only those the importer may see."""
    from lms.selectors_assessment import claims_of_assessable

    wanted = [
        int(value) for value in ids if str(value).isascii() and str(value).isdigit() and len(str(value)) < 19
    ]
    return list(claims_of_assessable(assessor=importer).filter(pk__in=wanted).order_by("pk"))
