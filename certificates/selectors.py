"""Reading certificates: by their public reference, a learner's own, and what verification may show."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .models import Certificate
from .models.certificates import STATUS_LIST_SIZE
from .serials import normalise_serial


def parse_reference(value: str) -> tuple[str, str] | None:
    """('uuid', …) or ('serial', …) for what someone typed or scanned; None if it can be neither."""
    text = (value or "").strip()
    try:
        return "uuid", str(uuid.UUID(text))
    except ValueError:
        pass
    serial = normalise_serial(text)
    return ("serial", serial) if serial else None


def certificate_by_reference(value: str) -> Certificate | None:
    parsed = parse_reference(value)
    if parsed is None:
        return None
    kind, key = parsed
    return Certificate.objects.filter(**{kind: key}).first()


def certificates_of(*, learner) -> QuerySet[Certificate]:
    return Certificate.objects.filter(learner=learner).select_related("course", "programme")


def verification_facts(certificate: Certificate, *, on: datetime.date | None = None) -> dict:
    """What the public may learn of a certificate: its status, the name on it, the achievement,
    the dates and the issuer. Nothing else about the person (no email, employer or id)."""
    from .credentials.did import issuer_did

    on = on or timezone.localdate()
    status = certificate.status_on(on)
    return {
        "id": f"urn:uuid:{certificate.uuid}",
        "serial": certificate.serial,
        "status": status.value,
        "status_label": status.label,
        "learner_name": certificate.learner_name,
        "achievement": {
            "name": certificate.achievement_name,
            "type": "programme" if certificate.programme_id else "course",
            "id": certificate.achievement_iri,
        },
        "completed_on": certificate.completed_on.isoformat(),
        "expires_on": certificate.expires_on.isoformat() if certificate.expires_on else None,
        "issued_on": timezone.localdate(certificate.issued_at).isoformat(),
        "revoked_on": timezone.localdate(certificate.revoked_at).isoformat()
        if certificate.revoked_at
        else None,
        "issuer": {"name": settings.WAGTAIL_SITE_NAME, "url": settings.SITE_URL, "id": issuer_did()},
        "verification_url": certificate.verify_url,
        "checked_on": on.isoformat(),
    }


def revoked_indexes(*, list_number: int) -> list[int]:
    """The revoked certificates' places in one status list (see `status_position`)."""
    low = (list_number - 1) * STATUS_LIST_SIZE
    ids = Certificate.objects.filter(pk__gte=low, pk__lt=low + STATUS_LIST_SIZE, revoked_at__isnull=False)
    return [pk - low for pk in ids.values_list("pk", flat=True)]


def status_list_version(*, list_number: int) -> tuple[int, str]:
    """Changes whenever a certificate in the list is revoked: the key a cached list is kept under."""
    from django.db.models import Count, Max

    low = (list_number - 1) * STATUS_LIST_SIZE
    found = Certificate.objects.filter(
        pk__gte=low, pk__lt=low + STATUS_LIST_SIZE, revoked_at__isnull=False
    ).aggregate(count=Count("pk"), latest=Max("revoked_at"))
    return found["count"], found["latest"].isoformat() if found["latest"] else ""
