"""Reads for cohorts: cohort-based programmes with their cohorts, the cohorts open to join, and a
cohort's members with their programme progress, all in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from academy import permissions
from academy.models import Membership, Organisation, PathwayCategory
from cms.events.models import EventKind, EventPage

from .models import (
    Cohort,
    CoursePage,
    Enrolment,
    EnrolmentStatus,
    PriorLearning,
    PriorLearningStatus,
    ProgrammeEnrolment,
    ProgrammePage,
)
from .selectors import ProgrammeItem, ProgrammeProgress

_MEMBER = ~Q(enrolments__status=EnrolmentStatus.WITHDRAWN)


def _with_member_counts(cohorts: QuerySet[Cohort]) -> QuerySet[Cohort]:
    return cohorts.annotate(member_count=Count("enrolments", filter=_MEMBER)).select_related(
        "graduation_event"
    )


def cohort_programmes() -> QuerySet[ProgrammePage]:
    """Every cohort-based programme, each with its cohorts (newest first) and how many are in each."""
    return (
        ProgrammePage.objects.filter(cohort_based=True)
        .order_by("title")
        .prefetch_related(Prefetch("cohorts", queryset=_with_member_counts(Cohort.objects.all())))
    )


def programme_cohorts(*, programme: ProgrammePage) -> QuerySet[Cohort]:
    return _with_member_counts(programme.cohorts.all())


def open_cohorts(*, on: datetime.date | None = None) -> QuerySet[Cohort]:
    """Cohorts people may still join: of a published cohort-based programme, and not yet ended."""
    today = on or timezone.localdate()
    return (
        Cohort.objects.filter(programme__live=True, programme__cohort_based=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("programme")
        .order_by("programme__title", "starts_on", "name")
    )


def graduation_events() -> QuerySet[EventPage]:
    """The published graduation events a cohort may end with."""
    return EventPage.objects.live().filter(kind=EventKind.GRADUATION).order_by("title")


@dataclass
class CohortMember:
    enrolment: ProgrammeEnrolment
    organisation: Organisation | None
    progress: ProgrammeProgress

    @property
    def person(self):
        return self.enrolment.learner


@dataclass
class CohortMembers:
    rows: list[CohortMember] = field(default_factory=list)  # the members the viewer may see by name
    unnamed: int = 0  # members the viewer may not see by name (counted, never listed)
    completed: int = 0
    total: int = 0


def cohort_members(*, cohort: Cohort, viewer, on: datetime.date | None = None) -> CohortMembers:
    """The cohort's members (withdrawn ones left out) and each one's progress through the programme.

    Progress is worked out as `selectors.programme_progress` does for one learner, but for everyone at
    once. Names are given only for people the viewer may see (a commissioner sees figures only unless
    the council lets them open named records); the others are counted.
    """
    today = on or timezone.localdate()
    enrolments = list(
        ProgrammeEnrolment.objects.filter(cohort=cohort)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name", "learner__email", "pk")
    )
    result = CohortMembers(total=len(enrolments))
    result.completed = sum(e.status == EnrolmentStatus.COMPLETED for e in enrolments)
    if not enrolments:
        return result
    ids = [e.learner_id for e in enrolments]
    visible = set(permissions.people_visible_to(viewer).filter(pk__in=ids).values_list("pk", flat=True))
    result.unnamed = sum(1 for e in enrolments if e.learner_id not in visible)
    enrolments = [e for e in enrolments if e.learner_id in visible]
    ids = [e.learner_id for e in enrolments]
    if not ids:
        return result

    # Each learner's most recent active job: their pathway category, and where they work.
    jobs: dict[int, Membership] = {}
    for membership in (
        Membership.objects.active()
        .filter(person_id__in=ids)
        .select_related("organisation")
        .only("person", "pathway_category", "start_date", "organisation", "organisation__name")
        .order_by("person_id", "-start_date", "-pk")
    ):
        jobs.setdefault(membership.person_id, membership)

    held = _held_course_ids(ids, today)
    items = list(cohort.programme.programme_courses.select_related("course").order_by("sort_order"))
    course_ids = [item.course_id for item in items]
    latest: dict[tuple[int, int], Enrolment] = {}
    for enrolment in (
        Enrolment.objects.filter(learner_id__in=ids, course_id__in=course_ids)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .order_by("enrolled_at", "pk")
    ):
        latest[enrolment.learner_id, enrolment.course_id] = enrolment

    for programme_enrolment in enrolments:
        learner_id = programme_enrolment.learner_id
        job = jobs.get(learner_id)
        category = job.pathway_category if job else PathwayCategory.UNKNOWN
        progress = ProgrammeProgress(
            items=[
                ProgrammeItem(
                    course=item.course,
                    applies=item.applies_to(category),
                    held=item.course_id in held[learner_id],
                    enrolment=latest.get((learner_id, item.course_id)),
                )
                for item in items
            ]
        )
        result.rows.append(
            CohortMember(
                enrolment=programme_enrolment,
                organisation=job.organisation if job else None,
                progress=progress,
            )
        )
    return result


def _held_course_ids(learner_ids: list[int], today: datetime.date) -> dict[int, set[int]]:
    """`selectors.held_course_ids` for many learners in three queries."""
    current = Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    held: dict[int, set[int]] = defaultdict(set)
    for learner_id, course_id in (
        Enrolment.objects.filter(learner_id__in=learner_ids, status=EnrolmentStatus.COMPLETED)
        .filter(current)
        .values_list("learner_id", "course_id")
    ):
        held[learner_id].add(course_id)
    for person_id, course_id in (
        PriorLearning.objects.filter(person_id__in=learner_ids, status=PriorLearningStatus.ACCEPTED)
        .filter(current)
        .values_list("person_id", "course_id")
    ):
        held[person_id].add(course_id)
    every = set().union(*held.values()) if held else set()
    if every:
        covers: dict[int, set[int]] = defaultdict(set)
        for source, target in CoursePage.covers.through.objects.filter(
            from_coursepage_id__in=every
        ).values_list("from_coursepage_id", "to_coursepage_id"):
            covers[source].add(target)
        for courses in held.values():
            courses |= set().union(*(covers[c] for c in list(courses)))
    return held
