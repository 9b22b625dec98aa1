"""Cohorts of cohort-based programmes: the academy team adding one, and managers enrolling staff into one."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from academy import permissions
from cms.events.models import EventKind, EventPage

from ..models import Cohort, ProgrammeEnrolment, ProgrammePage
from .enrolment import EnrolmentError, programme_enrol


class CohortError(Exception):
    """Why a cohort cannot be made or joined, in words to show the person who asked.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def cohort_has_ended(cohort: Cohort, *, on: datetime.date | None = None) -> bool:
    """A cohort has ended once its end date is past; one without an end date runs on."""
    return cohort.ends_on is not None and cohort.ends_on < (on or timezone.localdate())


def cohort_create(
    *,
    programme: ProgrammePage,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    graduation_event: EventPage | None = None,
    by,
) -> Cohort:
    """Add a cohort to a cohort-based programme."""
    if not permissions.can_keep_cohorts(by):
        raise CohortError("Only the academy team adds cohorts.")
    name = (name or "").strip()
    if not name:
        raise CohortError("Enter a name for the cohort", field="name")
    if not programme.cohort_based:
        raise CohortError(f"{programme.title} does not run in cohorts.")
    if ends_on is not None and ends_on < starts_on:
        raise CohortError("The end date must be the same as or after the start date", field="ends_on")
    if graduation_event is not None and (
        graduation_event.kind != EventKind.GRADUATION or not graduation_event.live
    ):
        raise CohortError("Choose a published graduation event", field="graduation_event")
    taken = f"{programme.title} already has a cohort called {name}: choose another name"
    # The database compares names exactly; people do not, so "spring 2027" is the same cohort.
    if Cohort.objects.filter(programme=programme, name__iexact=name).exists():
        raise CohortError(taken, field="name")
    try:
        with transaction.atomic():
            return Cohort.objects.create(
                programme=programme,
                name=name,
                starts_on=starts_on,
                ends_on=ends_on,
                graduation_event=graduation_event,
            )
    except IntegrityError:
        raise CohortError(taken, field="name") from None


def programme_enrolment_check(
    *, programme: ProgrammePage, cohort: Cohort | None, on: datetime.date | None = None
) -> None:
    """Whether people may be enrolled on the programme with this cohort (or none); raises CohortError."""
    if not programme.live:
        raise CohortError(f"{programme.title} is not open for enrolment", field="programme")
    if programme.cohort_based:
        if cohort is None:
            raise CohortError(f"Choose the cohort of {programme.title} to enrol them in", field="cohort")
        if cohort.programme_id != programme.pk:
            raise CohortError(f"Choose a cohort of {programme.title}", field="cohort")
        if cohort_has_ended(cohort, on=on):
            raise CohortError(
                f"{cohort.name} ended on {cohort.ends_on:%-d %B %Y}: choose a cohort that has not ended",
                field="cohort",
            )
    elif cohort is not None:
        raise CohortError(f"{programme.title} does not run in cohorts: choose no cohort", field="cohort")


class Outcome:
    ENROLLED = "enrolled"
    ALREADY = "already"
    REFUSED = "refused"


@dataclass(frozen=True)
class ProgrammeEnrolmentOutcome:
    learner: object
    enrolment: ProgrammeEnrolment | None
    outcome: str
    message: str


def programme_enrol_staff(
    *, programme: ProgrammePage, learners, by, cohort: Cohort | None = None
) -> list[ProgrammeEnrolmentOutcome]:
    """A manager enrols several of their staff on a programme (into a cohort, if it runs in cohorts).

    The programme and cohort are checked first, so a bad choice changes nothing. Then each person is
    enrolled in their own transaction and their outcome reported: one refusal does not undo the others.
    """
    programme_enrolment_check(programme=programme, cohort=cohort)
    outcomes = []
    for learner in learners:
        try:
            enrolment, created = programme_enrol(learner=learner, programme=programme, by=by, cohort=cohort)
        except EnrolmentError as error:
            outcomes.append(ProgrammeEnrolmentOutcome(learner, None, Outcome.REFUSED, str(error)))
            continue
        if created:
            message = f"Enrolled in {cohort.name}" if cohort else "Enrolled"
            outcomes.append(ProgrammeEnrolmentOutcome(learner, enrolment, Outcome.ENROLLED, message))
            continue
        message = f"Already on {programme.title}"
        if enrolment.cohort_id and enrolment.cohort_id != getattr(cohort, "pk", None):
            message += f", in {enrolment.cohort.name}"
        outcomes.append(ProgrammeEnrolmentOutcome(learner, enrolment, Outcome.ALREADY, message))
    return outcomes
