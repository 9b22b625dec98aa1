"""Issuing and revoking certificates. Each is written whole with its learning record, or not at all."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from academy import permissions
from lms.activities import course_activity, programme_activity
from lms.models import Cohort, Enrolment, EnrolmentStatus, ProgrammeEnrolment
from lms.services.progress import completion_revoke
from lrs.recording import Activity, Verb, record_statement, void_statement

from . import actions
from .models import Certificate, CertificateRun
from .serials import new_serial

CERTIFICATE_TYPE = "http://id.tincanapi.com/activitytype/certificate"
REASON_MAX = 1000


class CertificateError(Exception):
    """A certificate action that cannot be done, with a message for the person who asked."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Issued:
    certificate: Certificate
    created: bool


def _name_of(person) -> str:
    return person.get_full_name() or person.display_name


def _create(**fields) -> Certificate:
    """Insert with a fresh serial, trying again on the rare clash of two random serials."""
    for _ in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(serial=new_serial(), **fields)
        except IntegrityError as error:
            if "serial" not in str(error):
                raise
    raise CertificateError("Could not give the certificate a number; try again")


def _earned(certificate: Certificate, *, parent: Activity, at: datetime.datetime) -> None:
    activity = Activity(
        path=f"certificates/{certificate.uuid}",
        name=f"Certificate: {certificate.achievement_name}"[:500],
        type=CERTIFICATE_TYPE,
    )
    statement_id = record_statement(
        person=certificate.learner, verb=Verb.EARNED, activity=activity, parent=parent, timestamp=at
    )
    certificate.earned_statement_id = statement_id
    certificate.save(update_fields=["earned_statement_id"])


def _render_after_commit(certificate: Certificate) -> None:
    from .tasks import render_certificate

    transaction.on_commit(lambda: render_certificate.delay(certificate.pk))


def certificate_issue_for_enrolment(*, enrolment_id: int, render: bool = True) -> Issued:
    """The certificate of a completed course enrolment: made once, however often it is asked for."""
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update().select_related("learner", "course").get(pk=enrolment_id)
        )
        existing = Certificate.objects.live().filter(enrolment=enrolment).first()
        if existing is not None:
            return Issued(existing, False)
        if enrolment.status != EnrolmentStatus.COMPLETED or enrolment.completed_at is None:
            raise CertificateError(f"{enrolment.course.title} is not complete yet, so it has no certificate")
        course = enrolment.course
        certificate = _create(
            learner=enrolment.learner,
            enrolment=enrolment,
            course=course,
            learner_name=_name_of(enrolment.learner),
            achievement_name=course.title,
            achievement_summary=course.summary,
            completed_on=timezone.localdate(enrolment.completed_at),
            expires_on=enrolment.expires_on,
        )
        _earned(certificate, parent=course_activity(course), at=enrolment.completed_at)
        log(instance=certificate, action=actions.ISSUED, user=None, data={"serial": certificate.serial})
        if render:
            _render_after_commit(certificate)
    return Issued(certificate, True)


def certificate_issue_for_programme(*, programme_enrolment_id: int, render: bool = True) -> Issued:
    """The certificate of a completed programme (the Care Certificate, a leadership programme)."""
    with transaction.atomic():
        enrolment = (
            ProgrammeEnrolment.objects.select_for_update()
            .select_related("learner", "programme")
            .get(pk=programme_enrolment_id)
        )
        existing = Certificate.objects.live().filter(programme_enrolment=enrolment).first()
        if existing is not None:
            return Issued(existing, False)
        if enrolment.status != EnrolmentStatus.COMPLETED or enrolment.completed_at is None:
            raise CertificateError(
                f"{enrolment.programme.title} is not complete yet, so it has no certificate"
            )
        programme = enrolment.programme
        certificate = _create(
            learner=enrolment.learner,
            programme_enrolment=enrolment,
            programme=programme,
            learner_name=_name_of(enrolment.learner),
            achievement_name=programme.title,
            achievement_summary=programme.summary,
            completed_on=timezone.localdate(enrolment.completed_at),
            expires_on=None,
        )
        _earned(certificate, parent=programme_activity(programme), at=enrolment.completed_at)
        log(instance=certificate, action=actions.ISSUED, user=None, data={"serial": certificate.serial})
        if render:
            _render_after_commit(certificate)
    return Issued(certificate, True)


def _revoke(certificate: Certificate, *, by, reason: str) -> Certificate:
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revocation_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    if certificate.earned_statement_id:
        void_statement(statement_id=str(certificate.earned_statement_id), person=certificate.learner)
    log(
        instance=certificate,
        action=actions.REVOKED,
        user=by,
        data={"serial": certificate.serial, "reason": reason},
    )
    return certificate


def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke a certificate, with a reason the learner sees; verifiers learn it from the status list."""
    if not permissions.can_revoke_certificates(by):
        raise CertificateError("Only the academy team can revoke certificates")
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError("Enter why the certificate is being revoked", field="reason")
    if len(reason) > REASON_MAX:
        raise CertificateError(f"The reason must be {REASON_MAX} characters or fewer", field="reason")
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().select_related("learner").get(pk=certificate.pk)
        if locked.revoked_at is not None:
            raise CertificateError(f"Certificate {locked.serial} was already revoked")
        revoked = _revoke(locked, by=by, reason=reason)
        # What it certified no longer counts either: not in requirements, reports or exports.
        completion_revoke(
            enrolment_id=locked.enrolment_id,
            programme_enrolment_id=locked.programme_enrolment_id,
            reason=reason,
        )
        return revoked


def certificates_revoke_for_reopened(
    *, enrolment_id: int | None = None, programme_enrolment_id: int | None = None, reason: str
) -> int:
    """A completion undone (a sign-off withdrawn) takes its certificate with it."""
    rows = Certificate.objects.live().select_for_update().select_related("learner")
    if enrolment_id is not None:
        rows = rows.filter(enrolment_id=enrolment_id)
    else:
        rows = rows.filter(programme_enrolment_id=programme_enrolment_id)
    count = 0
    for certificate in rows:
        _revoke(certificate, by=None, reason=f"The learning it recorded was withdrawn: {reason}"[:REASON_MAX])
        count += 1
    return count


# --- A cohort at once (a graduation) -------------------------------------------------------------


def cohort_run_start(*, cohort: Cohort, by) -> CertificateRun:
    """Start issuing the certificates of everyone in the cohort who has completed, in the background."""
    if not permissions.can_keep_cohorts(by):
        raise CertificateError("Only the academy team issues a cohort's certificates")
    completed = cohort.enrolments.filter(status=EnrolmentStatus.COMPLETED).count()
    if not completed:
        raise CertificateError(f"Nobody in {cohort.name} has completed {cohort.programme.title} yet")
    with transaction.atomic():
        run = CertificateRun.objects.create(cohort=cohort, started_by=by, total=completed)
        from .tasks import issue_cohort_certificates

        transaction.on_commit(lambda: issue_cohort_certificates.delay(run.pk))
    return run
