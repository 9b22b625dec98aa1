"""The training passport: a learner's certificates and accepted prior learning, and the links sharing it."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import CharField, F, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone

from lms.models import PriorLearning, PriorLearningStatus
from lms.selectors_assessment import claims_of

from .models import Certificate, CertificateStatus, PassportShare
from .models.passport import LABEL_MAX
from .selectors import certificates_of, verification_facts

SHARE_DAYS = (7, 30, 90)
# Enough for every interview a job search brings; more live links than this is a mistake or a script.
LIVE_SHARES_MAX = 20
SHARES_LISTED = 50
DATE_KEYS = ("completed_on", "expires_on", "issued_on", "revoked_on", "checked_on")
# What secrets.token_urlsafe makes; anything else is not a token and is not looked up.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class PassportError(Exception):
    """A passport action that cannot be done, with a message for the person who asked."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def person_name(person) -> str:
    """The name a passport shows: never the email address, which `display_name` falls back to."""
    return person.get_full_name() or "Name not given"


# --- The learner's own passport --------------------------------------------------------------


@dataclass(frozen=True)
class Passport:
    person_name: str
    certificates: list[Certificate]
    prior_learning: list[PriorLearning]
    shares: list[PassportShare]
    today: datetime.date


def accepted_prior_learning(*, person):
    """Accepted training done elsewhere. A new employer who imported one of this academy's own
    certificates for the person recorded it again as prior learning; the passport lists it once,
    as the certificate."""
    claims = claims_of(person=person).filter(status=PriorLearningStatus.ACCEPTED)
    # Listed in Python: SQLite keeps a UUID as bare hex, so the urn cannot be built in SQL alike.
    own = [
        f"urn:uuid:{value}"
        for value in Certificate.objects.filter(learner=person).values_list("uuid", flat=True)
    ]
    # Cast to text, so `in` compares plain strings (a JSON key's own `in` wraps each value as JSON).
    source_id = Cast(KeyTextTransform("id", "source_credential"), CharField())
    claims = claims.annotate(source_id=source_id).filter(Q(source_id__isnull=True) | ~Q(source_id__in=own))
    return claims.order_by("-completed_on", "-pk")


def passport_of(*, person) -> Passport:
    """Everything on a learner's passport page, in a fixed number of queries however much they hold."""
    return Passport(
        person_name=person_name(person),
        certificates=list(certificates_of(learner=person)),
        prior_learning=list(accepted_prior_learning(person=person)),
        shares=list(PassportShare.objects.filter(person=person)[:SHARES_LISTED]),
        today=timezone.localdate(),
    )


def share_of(*, person, pk) -> PassportShare | None:
    """One of the person's own share links; None for anyone else's (the view answers 404)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return PassportShare.objects.filter(person=person, pk=pk).first()


# --- Share links -----------------------------------------------------------------------------


def passport_share_create(*, person, label: str, days: int) -> PassportShare:
    """A new link to the person's passport, open for 7, 30 or 90 days."""
    label = (label or "").strip()
    if len(label) > LABEL_MAX:
        raise PassportError(f"The label must be {LABEL_MAX} characters or fewer", field="label")
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if days not in SHARE_DAYS:
        raise PassportError("Choose how long the link works for", field="days")
    now = timezone.now()
    with transaction.atomic():
        # Counted under a lock on the person, so two presses at once cannot pass the limit together.
        get_user_model().objects.select_for_update().filter(pk=person.pk).first()
        if PassportShare.objects.filter(person=person).open_at(now).count() >= LIVE_SHARES_MAX:
            raise PassportError(
                f"You already have {LIVE_SHARES_MAX} links that work. Withdraw one you no longer need first."
            )
        return PassportShare.objects.create(
            person=person, label=label, created_at=now, expires_at=now + datetime.timedelta(days=days)
        )


def passport_share_revoke(*, share: PassportShare, by) -> PassportShare:
    """Stop a link working at once. Only its owner (or a superuser) may; it stays listed as withdrawn."""
    if not by.is_authenticated or (by.pk != share.person_id and not by.is_superuser):
        raise PassportError("Only the person whose passport it is can withdraw this link.")
    with transaction.atomic():
        share = PassportShare.objects.select_for_update().get(pk=share.pk)
        if share.revoked_at is not None:
            raise PassportError(f"This link was already withdrawn on {share.revoked_at:%-d %B %Y}.")
        share.revoked_at = timezone.now()
        share.revoked_by = by
        share.save(update_fields=["revoked_at", "revoked_by"])
    return share


def passport_share_opened(*, share: PassportShare) -> None:
    """Count an opening of the link, for the learner's list: one UPDATE, safe under any number at once."""
    PassportShare.objects.filter(pk=share.pk).update(
        last_opened_at=timezone.now(), times_opened=F("times_opened") + 1
    )


# --- What a share shows ----------------------------------------------------------------------


def share_by_token(token: str) -> PassportShare | None:
    if not isinstance(token, str) or not TOKEN_PATTERN.match(token):
        return None
    return PassportShare.objects.filter(token=token).select_related("person").first()


def _prior_learning_facts(claim: PriorLearning, today: datetime.date) -> dict:
    # Who decided it stays out: that names someone at a provider, and so the person's employer.
    current = claim.expires_on is None or claim.expires_on >= today
    return {
        "title": claim.title,
        "provider_name": claim.provider_name,
        "completed_on": claim.completed_on,
        "expires_on": claim.expires_on,
        "counts_as": claim.course.title if claim.course_id else None,
        "status": "accepted",
        "status_label": "Accepted by the academy",
        "current": current,
        "accepted_on": timezone.localdate(claim.decided_at) if claim.decided_at else None,
    }


def shared_passport_facts(share: PassportShare, *, with_credentials: bool = False) -> dict:
    """What anyone holding the link may learn, checked now: the person's name, each certificate with
    its live status, and their accepted prior learning. No email, employer or id of the person.

    With `with_credentials`, each valid certificate carries its signed Open Badges credential, so
    another academy can import and verify it for itself.
    """
    from .credentials.did import issuer_did

    now = timezone.now()
    today = timezone.localdate(now)
    certificates = []
    for certificate in certificates_of(learner=share.person):
        facts = verification_facts(certificate, on=today)
        # Dates as dates, so the page can write them out; the JSON encoder writes them as ISO 8601.
        for key in DATE_KEYS:
            if facts.get(key):
                facts[key] = datetime.date.fromisoformat(facts[key])
        if with_credentials:
            valid = certificate.status_on(today) == CertificateStatus.VALID
            facts["credential"] = certificate.credential if valid else None
        certificates.append(facts)
    return {
        "type": "TrainingPassport",
        "learner_name": person_name(share.person),
        "issuer": {"name": settings.WAGTAIL_SITE_NAME, "url": settings.SITE_URL, "id": issuer_did()},
        "checked_at": now.isoformat(timespec="seconds"),
        "link_expires_at": share.expires_at.isoformat(timespec="seconds"),
        "certificates": certificates,
        "prior_learning": [
            _prior_learning_facts(claim, today) for claim in accepted_prior_learning(person=share.person)
        ],
    }


def share_state(share: PassportShare | None) -> str:
    """'unknown', or the link's state now: what the shared page answers (404, 410 or the passport)."""
    return "unknown" if share is None else share.state_at(timezone.now()).value
