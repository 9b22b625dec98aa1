"""A certificate as a signed Open Badges 3.0 credential: its facts handed to the credentials library."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from .credentials.openbadges import CredentialFacts, build_credential, new_identity_salt
from .models import Certificate, status_position
from .status import status_list_url


def _end_of(day: datetime.date | None) -> datetime.datetime | None:
    """The certificate holds through its expiry date (expired is the day after), in the academy's zone."""
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=timezone.get_current_timezone())


def credential_facts(certificate: Certificate) -> CredentialFacts:
    list_number, index = status_position(certificate.pk)
    programme = certificate.programme_id is not None
    what = "programme" if programme else "course"
    return CredentialFacts(
        certificate_uuid=certificate.uuid,
        learner_email=certificate.learner.email,
        identity_salt=new_identity_salt(),
        learner_name=certificate.learner_name,
        achievement_url=certificate.achievement_iri,
        achievement_name=certificate.achievement_name,
        achievement_description=certificate.achievement_summary or certificate.achievement_name,
        criteria=(
            f"Completed every part of the {what} {certificate.achievement_name} "
            f"at the {settings.WAGTAIL_SITE_NAME}."
        ),
        achievement_type="LearningProgram" if programme else "Course",
        valid_from=timezone.localtime(certificate.issued_at),
        valid_until=_end_of(certificate.expires_on),
        status_list_url=status_list_url(list_number),
        status_list_index=index,
        issuer_name=settings.WAGTAIL_SITE_NAME,
        credential_name=f"{certificate.achievement_name}: certificate {certificate.serial}",
    )


def credential_for(certificate: Certificate) -> dict:
    """The signed credential; signing keys come from configuration (certificates.credentials.keys)."""
    from .credentials.signing import sign

    return sign(build_credential(credential_facts(certificate)))
