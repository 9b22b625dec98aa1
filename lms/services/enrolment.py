"""Enrolling learners on courses and programmes: by themselves, by their manager, or with a cohort."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from academy import permissions
from lrs.recording import Verb, record_statement

from ..activities import course_activity, programme_activity
from ..models import (
    CoursePage,
    Enrolment,
    EnrolmentStatus,
    ProgrammeEnrolment,
    ProgrammePage,
)


class EnrolmentError(Exception):
    """Why an enrolment cannot be made, in words to show the person who asked."""


@dataclass(frozen=True)
class EnrolmentOutcome:
    learner: object
    enrolment: Enrolment | None
    created: bool
    message: str


def _check_may_enrol(*, learner, by, self_enrol_allowed: bool, title: str) -> None:
    if by is None:
        return  # the academy itself (a programme, a cohort, a command)
    if not permissions.can_arrange_learning_for(by, learner):
        raise EnrolmentError("You cannot enrol this person.")
    if by.pk == learner.pk and not self_enrol_allowed and not by.is_superuser:
        raise EnrolmentError(f"{title} is by invitation: ask your manager to enrol you.")


def missing_prerequisites(*, learner, course: CoursePage) -> list[CoursePage]:
    """The course's prerequisites the learner does not hold (completed, or covered by a completed course)."""
    from ..selectors import held_course_ids

    held = held_course_ids(learner=learner)
    return [pre for pre in course.prerequisites.all() if pre.pk not in held]


def enrolment_create(
    *,
    learner,
    course: CoursePage,
    by=None,
    programme_enrolment: ProgrammeEnrolment | None = None,
    due_on: datetime.date | None = None,
    check_prerequisites: bool = True,
) -> tuple[Enrolment, bool]:
    """Enrol the learner on the course, or return their enrolment if they are already on it.

    `by` is whoever asks (the learner, or their manager); None means the academy itself.
    Records an xAPI `registered` statement in the same transaction.
    """
    if not course.live:
        raise EnrolmentError(f"{course.title} is not open for enrolment.")
    _check_may_enrol(learner=learner, by=by, self_enrol_allowed=course.self_enrol, title=course.title)
    missing = missing_prerequisites(learner=learner, course=course) if check_prerequisites else []
    if missing:
        names = ", ".join(c.title for c in missing)
        raise EnrolmentError(f"Complete {names} before enrolling on {course.title}.")
    with transaction.atomic():
        existing = Enrolment.objects.active().filter(learner=learner, course=course).first()
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(
                    learner=learner,
                    course=course,
                    enrolled_by=by,
                    programme_enrolment=programme_enrolment,
                    due_on=due_on,
                )
        except IntegrityError:
            # Someone else enrolled them at the same moment: theirs stands.
            return Enrolment.objects.active().get(learner=learner, course=course), False
        record_statement(
            person=learner,
            verb=Verb.REGISTERED,
            activity=course_activity(course),
            registration=enrolment.registration,
        )
    return enrolment, True


def enrolments_create_for_staff(
    *, course: CoursePage, learners, by, due_on: datetime.date | None = None
) -> list[EnrolmentOutcome]:
    """A manager enrols several of their staff at once. Each person's outcome is reported; none is lost."""
    outcomes = []
    for learner in learners:
        try:
            enrolment, created = enrolment_create(learner=learner, course=course, by=by, due_on=due_on)
        except EnrolmentError as error:
            outcomes.append(EnrolmentOutcome(learner, None, False, str(error)))
            continue
        message = "Enrolled" if created else "Already enrolled"
        outcomes.append(EnrolmentOutcome(learner, enrolment, created, message))
    return outcomes


def enrolment_withdraw(*, enrolment: Enrolment, by) -> Enrolment:
    if not permissions.can_arrange_learning_for(by, enrolment.learner):
        raise EnrolmentError("You cannot change this person's enrolments.")
    if not enrolment.is_active:
        raise EnrolmentError("Only training in progress can be withdrawn from.")
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save(update_fields=["status"])
    return enrolment


def programme_enrol(
    *, learner, programme: ProgrammePage, by=None, cohort=None
) -> tuple[ProgrammeEnrolment, bool]:
    """Enrol the learner on a programme and on each of its courses that applies to them and they lack."""
    from ..selectors import held_course_ids, learner_pathway_category

    if not programme.live:
        raise EnrolmentError(f"{programme.title} is not open for enrolment.")
    _check_may_enrol(learner=learner, by=by, self_enrol_allowed=programme.self_enrol, title=programme.title)
    if cohort is not None and cohort.programme_id != programme.pk:
        raise EnrolmentError("That cohort belongs to another programme.")
    with transaction.atomic():
        existing = ProgrammeEnrolment.objects.active().filter(learner=learner, programme=programme).first()
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                enrolment = ProgrammeEnrolment.objects.create(
                    learner=learner, programme=programme, cohort=cohort, enrolled_by=by
                )
        except IntegrityError:
            # Enrolled by someone else at the same moment: theirs stands.
            return ProgrammeEnrolment.objects.active().get(learner=learner, programme=programme), False
        record_statement(person=learner, verb=Verb.REGISTERED, activity=programme_activity(programme))
        category = learner_pathway_category(learner=learner)
        held = held_course_ids(learner=learner)
        for item in programme.programme_courses.select_related("course").order_by("sort_order"):
            if not item.applies_to(category) or item.course_id in held or not item.course.live:
                continue
            course_enrolment, _ = enrolment_create(
                learner=learner,
                course=item.course,
                by=None,
                programme_enrolment=enrolment,
                check_prerequisites=False,  # the programme sets the order
            )
            if course_enrolment.programme_enrolment_id is None:
                course_enrolment.programme_enrolment = enrolment
                course_enrolment.save(update_fields=["programme_enrolment"])
        from .progress import programme_refresh

        programme_refresh(programme_enrolment=enrolment, at=timezone.now())
    return enrolment, True
