"""Assessment outside the course player: workplace observations signed off (and withdrawn), and prior
learning sent, accepted or rejected. Each step is checked here, audited, and written whole or not at all."""

from __future__ import annotations

import datetime
import json
import uuid

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from academy import permissions

from .. import files
from .. import wagtail_hooks as actions
from ..models import (
    CoursePage,
    CourseUnit,
    Enrolment,
    EnrolmentStatus,
    ObservationSignOff,
    PriorLearning,
    PriorLearningStatus,
    UnitKind,
    UnitProgress,
    UnitStatus,
)
from .progress import ProgressError, expiry_for, unit_met, unit_unmet

EARLIEST_DATE = datetime.date(1950, 1, 1)
NOTES_MAX = 4000
REASON_MAX = 2000


class AssessmentError(Exception):
    """Why an assessment step cannot be recorded, in words to show the person who asked.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _check_date(value: datetime.date | None, *, field: str, what: str) -> datetime.date:
    if value is None:
        raise AssessmentError(f"Enter the date {what}", field=field)
    if value > timezone.localdate():
        raise AssessmentError(f"The date {what} must be today or in the past", field=field)
    if value < EARLIEST_DATE:
        raise AssessmentError(f"The date {what} must be after 1 January 1950", field=field)
    return value


def _text(value: str | None, *, field: str, missing: str, limit: int, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise AssessmentError(missing, field=field)
    if len(value) > limit:
        raise AssessmentError(f"{what} must be {limit:,} characters or fewer", field=field)
    return value


def _checked_file(upload, *, field: str):
    """The upload renamed for keeping, after the same checks the forms make."""
    try:
        kind = files.check_upload(upload)
    except files.UploadError as error:
        raise AssessmentError(str(error), field=field) from None
    upload.name = files.stored_name(kind)
    return upload


def _discard(field_file) -> None:
    """Delete a file written for a record whose transaction did not commit."""
    if field_file and field_file.name:
        field_file.storage.delete(field_file.name)


def _on(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


# --- Workplace observations ----------------------------------------------------------------


def live_sign_off(*, enrolment: Enrolment, unit_key) -> ObservationSignOff | None:
    return (
        ObservationSignOff.objects.filter(enrolment=enrolment, unit_key=unit_key, withdrawn_at__isnull=True)
        .select_related("assessor")
        .first()
    )


def _already_signed_off(sign_off: ObservationSignOff) -> AssessmentError:
    return AssessmentError(
        f"This observation was already signed off by {sign_off.assessor.display_name} on "
        f"{_on(sign_off.observed_on)}. To sign it off again, withdraw that sign-off first."
    )


def observation_sign_off(
    *,
    enrolment: Enrolment,
    unit: CourseUnit,
    assessor,
    observed_on: datetime.date,
    notes: str,
    evidence=None,
) -> ObservationSignOff:
    """Sign off a learner's workplace observation unit: the unit is met, and the course completes
    if it was the last step. Refused if the assessor may not assess the learner, or it is signed off."""
    if not permissions.can_assess(assessor, enrolment.learner):
        raise AssessmentError("You cannot assess this person.")
    if unit.kind != UnitKind.OBSERVATION or unit.page_id != enrolment.course_id:
        raise AssessmentError("That step is not a workplace observation of this course.")
    if not enrolment.is_active:
        raise AssessmentError("This training is not in progress, so nothing can be signed off.")
    observed_on = _check_date(observed_on, field="observed_on", what="you observed them")
    enrolled_on = timezone.localdate(enrolment.enrolled_at)
    if observed_on < enrolled_on:
        raise AssessmentError(
            f"The date you observed them must be on or after {_on(enrolled_on)}, when they enrolled",
            field="observed_on",
        )
    notes = _text(
        notes,
        field="notes",
        missing="Enter what you observed",
        limit=NOTES_MAX,
        what="What you observed",
    )
    if evidence:
        evidence = _checked_file(evidence, field="evidence")
    sign_off = None
    try:
        with transaction.atomic():
            # One sign-off at a time per enrolment: the lock makes a second, simultaneous one wait and
            # then find the first.
            Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
            existing = live_sign_off(enrolment=enrolment, unit_key=unit.key)
            if existing is not None:
                raise _already_signed_off(existing)
            try:
                with transaction.atomic():
                    sign_off = ObservationSignOff.objects.create(
                        enrolment=enrolment,
                        unit_key=unit.key,
                        assessor=assessor,
                        observed_on=observed_on,
                        notes=notes,
                        evidence=evidence or "",
                    )
            except IntegrityError:
                raced = live_sign_off(enrolment=enrolment, unit_key=unit.key)
                if raced is None:
                    raise
                raise _already_signed_off(raced) from None
            try:
                unit_met(enrolment=enrolment, unit=unit, how="observed")
            except ProgressError as error:
                raise AssessmentError(str(error)) from None
            log(
                instance=sign_off,
                action=actions.OBSERVATION_SIGNED_OFF,
                user=assessor,
                data={
                    "learner": str(enrolment.learner.public_id),
                    "course": enrolment.course_id,
                    "unit": str(unit.key),
                    "observed_on": observed_on.isoformat(),
                    "evidence": bool(sign_off.evidence),
                },
            )
    except Exception:
        if sign_off is not None:
            _discard(sign_off.evidence)
        raise
    return sign_off


def observation_withdraw(*, sign_off: ObservationSignOff, by, reason: str) -> ObservationSignOff:
    """Withdraw a sign-off, keeping it with the reason: the unit is open again, and a completed course
    goes back to in progress with its expiry cleared."""
    enrolment = sign_off.enrolment
    if not permissions.can_assess(by, enrolment.learner):
        raise AssessmentError("You cannot assess this person.")
    reason = _text(
        reason,
        field="reason",
        missing="Enter why you are withdrawing the sign-off",
        limit=REASON_MAX,
        what="The reason",
    )
    with transaction.atomic():
        sign_off = ObservationSignOff.objects.select_for_update().get(pk=sign_off.pk)
        if sign_off.withdrawn_at is not None:
            raise AssessmentError(
                f"This sign-off was already withdrawn on {_on(sign_off.withdrawn_at.date())}."
            )
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if (
            enrolment.status == EnrolmentStatus.COMPLETED
            and Enrolment.objects.active()
            .filter(learner_id=enrolment.learner_id, course_id=enrolment.course_id)
            .exists()
        ):
            # Reopening this one would give them two enrolments in progress on one course.
            raise AssessmentError(
                f"{enrolment.learner.display_name} has started this course again. Withdraw the "
                "sign-off on the training they are doing now instead."
            )
        sign_off.withdrawn_at = timezone.now()
        sign_off.withdrawn_by = by
        sign_off.withdrawn_reason = reason
        sign_off.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        unit_unmet(enrolment=enrolment, unit_key=sign_off.unit_key, reason=reason)
        log(
            instance=sign_off,
            action=actions.OBSERVATION_WITHDRAWN,
            user=by,
            data={
                "learner": str(enrolment.learner.public_id),
                "course": enrolment.course_id,
                "unit": str(sign_off.unit_key),
                "reason": reason,
            },
        )
    return sign_off


# --- Prior learning ------------------------------------------------------------------------


def prior_learning_submit(
    *,
    person,
    by,
    title: str,
    provider_name: str,
    completed_on: datetime.date,
    certificate=None,
    course: CoursePage | None = None,
    source_credential: dict | None = None,
) -> PriorLearning:
    """Send training done elsewhere for an assessor to decide: by the learner, or by their manager.

    With `source_credential` (an Open Badges credential the caller has verified, as the passport import
    does), the credential is the evidence: it is kept as it came, and as the certificate file if no other
    file is given. Whoever may assess the person may send one, since they decide it in the same step.
    """
    may_send = permissions.can_arrange_learning_for(by, person) or (
        source_credential is not None and permissions.can_assess(by, person)
    )
    if not may_send:
        raise AssessmentError("You cannot add training for this person.")
    title = _text(title, field="title", missing="Enter the name of the training", limit=200, what="The name")
    provider_name = _text(
        provider_name,
        field="provider_name",
        missing="Enter who delivered the training",
        limit=200,
        what="Who delivered it",
    )
    completed_on = _check_date(completed_on, field="completed_on", what="you completed it")
    if not certificate and source_credential is None:
        raise AssessmentError("Select the certificate", field="certificate")
    if course is not None and not course.live:
        raise AssessmentError("Choose a course from the list", field="course")
    if certificate:
        certificate = _checked_file(certificate, field="certificate")
    else:
        # A credential is JSON, not a PDF or picture: kept under a random name like any evidence.
        text = json.dumps(source_credential, ensure_ascii=False, indent=2)
        certificate = ContentFile(text.encode("utf-8"), name=f"{uuid.uuid4().hex}.json")
    claim = None
    try:
        with transaction.atomic():
            # The lock on the person makes a second, simultaneous claim wait here, then find the first.
            get_user_model().objects.select_for_update().filter(pk=person.pk).first()
            if PriorLearning.objects.filter(
                person=person,
                status=PriorLearningStatus.PENDING,
                title__iexact=title,
                completed_on=completed_on,
            ).exists():
                raise AssessmentError(
                    f"{title}, completed on {_on(completed_on)}, is already waiting for a decision."
                )
            claim = PriorLearning.objects.create(
                person=person,
                course=course,
                title=title,
                provider_name=provider_name,
                completed_on=completed_on,
                certificate=certificate,
                source_credential=source_credential,
                submitted_by=by,
            )
            log(
                instance=claim,
                action=actions.PRIOR_LEARNING_SUBMITTED,
                user=by,
                data={
                    "learner": str(person.public_id),
                    "course": course.pk if course else None,
                    "completed_on": completed_on.isoformat(),
                },
            )
    except Exception:
        if claim is not None:
            _discard(claim.certificate)
        raise
    return claim


def _locked_pending(claim: PriorLearning, by) -> PriorLearning:
    if not permissions.can_assess(by, claim.person):
        raise AssessmentError("You cannot decide this person's training.")
    claim = PriorLearning.objects.select_for_update().get(pk=claim.pk)
    if claim.status != PriorLearningStatus.PENDING:
        raise AssessmentError(f"This training was already decided: {claim.get_status_display().lower()}.")
    return claim


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def prior_learning_accept(
    *, claim: PriorLearning, by, course: CoursePage, expires_on: datetime.date | None = None
) -> PriorLearning:
    """Accept a claim as the given course. It then counts toward requirements until it expires: by
    default the course's refresher interval from the completion date.

    If the learner is on that course now, each of its steps is met by this evidence, so the course
    completes (as when an external e-learning certificate is uploaded for it).
    """
    if course is None or not isinstance(course, CoursePage):
        raise AssessmentError("Choose the course it counts as", field="course")
    if not course.live:
        raise AssessmentError("Choose a course from the list", field="course")
    if expires_on is None:
        expires_on = expiry_for(course=course, completed_on=claim.completed_on)
    elif expires_on <= claim.completed_on:
        raise AssessmentError(
            f"The expiry date must be after {_on(claim.completed_on)}, when it was completed",
            field="expires_on",
        )
    today = timezone.localdate()
    if expires_on is not None and expires_on < today:
        raise AssessmentError(
            f"This training expired on {_on(expires_on)}, so it no longer counts as {course.title}. "
            "Reject it, or enter a later expiry date if the certificate gives one.",
            field="expires_on",
        )
    with transaction.atomic():
        claim = _locked_pending(claim, by)
        claim.status = PriorLearningStatus.ACCEPTED
        claim.course = course
        claim.expires_on = expires_on
        claim.reason = ""
        claim.decided_by = by
        claim.decided_at = timezone.now()
        claim.save(update_fields=["status", "course", "expires_on", "reason", "decided_by", "decided_at"])
        completed = _meet_enrolment_by_evidence(claim=claim, course=course)
        log(
            instance=claim,
            action=actions.PRIOR_LEARNING_ACCEPTED,
            user=by,
            data={
                "learner": str(claim.person.public_id),
                "course": course.pk,
                "expires_on": expires_on.isoformat() if expires_on else None,
                "enrolment_completed": completed,
            },
        )
    return claim


def _meet_enrolment_by_evidence(*, claim: PriorLearning, course: CoursePage) -> int | None:
    """Meet every open step of the learner's enrolment on the course; returns the enrolment if any."""
    enrolment = Enrolment.objects.active().filter(learner=claim.person, course=course).first()
    if enrolment is None:
        return None
    met = set(
        UnitProgress.objects.filter(enrolment=enrolment, status=UnitStatus.COMPLETED).values_list(
            "unit_key", flat=True
        )
    )
    at = max(_noon(claim.completed_on), enrolment.enrolled_at)
    for unit in CourseUnit.objects.filter(page=course).order_by("sort_order", "pk"):
        if unit.key not in met:
            try:
                unit_met(enrolment=enrolment, unit=unit, how="evidence", at=at)
            except ProgressError as error:
                raise AssessmentError(str(error)) from None
    enrolment.refresh_from_db(fields=["status", "expires_on"])
    if enrolment.status == "completed" and enrolment.expires_on != claim.expires_on:
        # The assessor's date (from the certificate) is the one that stands.
        enrolment.expires_on = claim.expires_on
        enrolment.save(update_fields=["expires_on"])
    return enrolment.pk


def prior_learning_reject(*, claim: PriorLearning, by, reason: str) -> PriorLearning:
    """Reject a claim with a reason the learner sees."""
    reason = _text(
        reason,
        field="reason",
        missing="Enter why the training is not accepted",
        limit=REASON_MAX,
        what="The reason",
    )
    with transaction.atomic():
        claim = _locked_pending(claim, by)
        claim.status = PriorLearningStatus.REJECTED
        claim.reason = reason
        claim.decided_by = by
        claim.decided_at = timezone.now()
        claim.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        log(
            instance=claim,
            action=actions.PRIOR_LEARNING_REJECTED,
            user=by,
            data={"learner": str(claim.person.public_id), "reason": reason},
        )
    return claim
