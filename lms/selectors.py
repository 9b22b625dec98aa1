"""Reads for the LMS: what a learner holds, their progress, the catalogue and programme progress."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from academy.models import Membership, PathwayCategory

from .models import (
    CoursePage,
    CourseUnit,
    Enrolment,
    EnrolmentStatus,
    KnowledgeCheckAttempt,
    PriorLearning,
    PriorLearningStatus,
    ProgrammeEnrolment,
    ProgrammePage,
    UnitProgress,
    UnitStatus,
)


def learner_pathway_category(*, learner) -> str:
    """The care workforce pathway category of the learner's most recent active job."""
    membership = (
        Membership.objects.active()
        .filter(person=learner)
        .order_by("-start_date", "-pk")
        .only("pathway_category")
        .first()
    )
    return membership.pathway_category if membership else PathwayCategory.UNKNOWN


def _current(queryset: QuerySet, today: datetime.date) -> QuerySet:
    return queryset.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))


def held_course_ids(*, learner, on: datetime.date | None = None) -> set[int]:
    """Courses the learner holds today: completed and not expired, or accepted prior learning, and
    every course those cover (Oliver McGowan Tier 2 covers Tier 1)."""
    today = on or timezone.localdate()
    completed = _current(Enrolment.objects.filter(learner=learner, status=EnrolmentStatus.COMPLETED), today)
    prior = _current(PriorLearning.objects.filter(person=learner, status=PriorLearningStatus.ACCEPTED), today)
    held = set(completed.values_list("course_id", flat=True)) | set(prior.values_list("course_id", flat=True))
    # Covering carries through: a course that covers one that covers another counts for both.
    frontier = set(held)
    while frontier:
        covered = CoursePage.covers.through.objects.filter(from_coursepage_id__in=frontier)
        frontier = set(covered.values_list("to_coursepage_id", flat=True)) - held
        held |= frontier
    return held


@dataclass
class UnitRow:
    unit: CourseUnit
    status: str
    progress: UnitProgress | None
    attempts_used: int = 0

    @property
    def done(self) -> bool:
        return self.status == UnitStatus.COMPLETED


@dataclass
class CourseProgress:
    enrolment: Enrolment | None
    units: list[UnitRow]
    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def next_unit(self) -> CourseUnit | None:
        return next((row.unit for row in self.units if not row.done), None)


def course_progress(*, course: CoursePage, enrolment: Enrolment | None) -> CourseProgress:
    units = list(CourseUnit.objects.filter(page=course).order_by("sort_order", "pk"))
    progress = {}
    attempts: dict = {}
    if enrolment is not None:
        progress = {p.unit_key: p for p in UnitProgress.objects.filter(enrolment=enrolment)}
        for key in KnowledgeCheckAttempt.objects.filter(enrolment=enrolment).values_list(
            "unit_key", flat=True
        ):
            attempts[key] = attempts.get(key, 0) + 1
    rows = [
        UnitRow(
            unit=unit,
            status=progress[unit.key].status if unit.key in progress else UnitStatus.NOT_STARTED,
            progress=progress.get(unit.key),
            attempts_used=attempts.get(unit.key, 0),
        )
        for unit in units
    ]
    return CourseProgress(enrolment=enrolment, units=rows, done=sum(r.done for r in rows), total=len(rows))


def current_enrolment(*, learner, course) -> Enrolment | None:
    """The learner's enrolment in progress, else their latest completed one."""
    if not learner.is_authenticated:
        return None
    enrolments = Enrolment.objects.filter(learner=learner, course=course).exclude(
        status=EnrolmentStatus.WITHDRAWN
    )
    return enrolments.filter(status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.IN_PROGRESS]).first() or (
        enrolments.filter(status=EnrolmentStatus.COMPLETED).order_by("-completed_at").first()
    )


def course_page_context(*, course: CoursePage, user) -> dict:
    enrolment = current_enrolment(learner=user, course=course)
    today = timezone.localdate()
    due_again = bool(
        enrolment
        and enrolment.status == EnrolmentStatus.COMPLETED
        and enrolment.expires_on
        and enrolment.expires_on < today
    )
    missing = []
    if user.is_authenticated and (enrolment is None or due_again):
        from .services.enrolment import missing_prerequisites

        missing = missing_prerequisites(learner=user, course=course)
    return {
        "enrolment": enrolment,
        "progress": course_progress(course=course, enrolment=enrolment),
        "due_again": due_again,
        "missing_prerequisites": missing,
        "prerequisites": list(course.prerequisites.live()),
        "programmes": list(ProgrammePage.objects.live().filter(programme_courses__course=course).distinct()),
    }


@dataclass
class ProgrammeItem:
    course: CoursePage
    applies: bool
    held: bool
    enrolment: Enrolment | None = None


@dataclass
class ProgrammeProgress:
    items: list[ProgrammeItem] = field(default_factory=list)

    @property
    def applicable(self) -> list[ProgrammeItem]:
        return [item for item in self.items if item.applies]

    @property
    def held(self) -> int:
        return sum(item.held for item in self.applicable)

    @property
    def total(self) -> int:
        return len(self.applicable)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.held == self.total

    @property
    def percent(self) -> int:
        return round(100 * self.held / self.total) if self.total else 0


def programme_progress(*, programme: ProgrammePage, learner) -> ProgrammeProgress:
    """Each course of the programme: whether it applies to the learner's role, and whether they hold it."""
    category = (
        learner_pathway_category(learner=learner) if learner.is_authenticated else PathwayCategory.UNKNOWN
    )
    held = held_course_ids(learner=learner) if learner.is_authenticated else set()
    items = list(programme.programme_courses.select_related("course").order_by("sort_order"))
    enrolments = {}
    if learner.is_authenticated:
        for enrolment in (
            Enrolment.objects.filter(learner=learner, course_id__in=[i.course_id for i in items])
            .exclude(status=EnrolmentStatus.WITHDRAWN)
            .order_by("enrolled_at")
        ):
            enrolments[enrolment.course_id] = enrolment
    progress = ProgrammeProgress()
    for item in items:
        applies = item.applies_to(category)
        if not learner.is_authenticated:
            applies = True
        progress.items.append(
            ProgrammeItem(
                course=item.course,
                applies=applies,
                held=item.course_id in held,
                enrolment=enrolments.get(item.course_id),
            )
        )
    # A course that applies only to other roles is still worth showing when it is held.
    return progress


def programme_page_context(*, programme: ProgrammePage, user) -> dict:
    enrolment = None
    if user.is_authenticated:
        enrolment = (
            ProgrammeEnrolment.objects.filter(learner=user, programme=programme)
            .exclude(status=EnrolmentStatus.WITHDRAWN)
            .order_by("-enrolled_at")
            .first()
        )
    return {
        "programme_enrolment": enrolment,
        "programme_progress": programme_progress(programme=programme, learner=user),
        "cohorts": list(programme.cohorts.filter(starts_on__gte=timezone.localdate()))
        if programme.cohort_based
        else [],
    }


@dataclass
class MyLearning:
    in_progress: list[tuple[Enrolment, CourseProgress]]
    due: list[Enrolment]  # completed training that expires within 90 days, or has expired
    completed: list[Enrolment]
    programmes: list[tuple[ProgrammeEnrolment, ProgrammeProgress]]
    prior_learning: list[PriorLearning]


def my_learning(*, learner) -> MyLearning:
    """Everything on a learner's 'My learning' page, in a fixed number of queries."""
    today = timezone.localdate()
    enrolments = list(
        Enrolment.objects.filter(learner=learner)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("course")
        .order_by("-enrolled_at")
    )
    active = [e for e in enrolments if e.is_active]
    units_by_course: dict[int, list[CourseUnit]] = {}
    for unit in CourseUnit.objects.filter(page_id__in={e.course_id for e in active}).order_by("sort_order"):
        units_by_course.setdefault(unit.page_id, []).append(unit)
    done_by_enrolment: dict[int, set] = {}
    for enrolment_id, key in UnitProgress.objects.filter(
        enrolment__in=active, status=UnitStatus.COMPLETED
    ).values_list("enrolment_id", "unit_key"):
        done_by_enrolment.setdefault(enrolment_id, set()).add(key)
    in_progress = []
    for enrolment in active:
        units = units_by_course.get(enrolment.course_id, [])
        done = done_by_enrolment.get(enrolment.pk, set())
        rows = [
            UnitRow(
                unit=u,
                status=UnitStatus.COMPLETED if u.key in done else UnitStatus.NOT_STARTED,
                progress=None,
            )
            for u in units
        ]
        in_progress.append(
            (
                enrolment,
                CourseProgress(
                    enrolment=enrolment, units=rows, done=sum(r.done for r in rows), total=len(rows)
                ),
            )
        )
    # Started first, most recently enrolled next.
    in_progress.sort(key=lambda pair: (pair[1].done == 0, -pair[0].enrolled_at.timestamp()))
    # Latest completion of each course; training due again is what expires within 90 days.
    latest: dict[int, Enrolment] = {}
    for enrolment in enrolments:
        if enrolment.status == EnrolmentStatus.COMPLETED:
            best = latest.get(enrolment.course_id)
            if best is None or enrolment.completed_at > best.completed_at:
                latest[enrolment.course_id] = enrolment
    active_courses = {e.course_id for e in active}
    horizon = today + datetime.timedelta(days=90)
    completed = sorted(latest.values(), key=lambda e: e.completed_at, reverse=True)
    due = [
        e for e in completed if e.expires_on and e.expires_on <= horizon and e.course_id not in active_courses
    ]
    programme_enrolments = list(
        ProgrammeEnrolment.objects.filter(learner=learner)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("programme", "cohort")
    )
    programmes = [
        (pe, programme_progress(programme=pe.programme, learner=learner)) for pe in programme_enrolments
    ]
    prior = list(
        PriorLearning.objects.filter(person=learner).select_related("course").order_by("-submitted_at")
    )
    return MyLearning(
        in_progress=in_progress,
        due=sorted(due, key=lambda e: e.expires_on),
        completed=completed,
        programmes=programmes,
        prior_learning=prior,
    )


def catalogue_courses(*, index_page) -> QuerySet:
    return (
        CoursePage.objects.child_of(index_page)
        .live()
        .public()
        .select_related("topic")
        .prefetch_related(Prefetch("units", queryset=CourseUnit.objects.order_by("sort_order")))
    )


def catalogue_programmes(*, index_page) -> QuerySet:
    return ProgrammePage.objects.child_of(index_page).live().public().order_by("title")


@dataclass(frozen=True)
class PathwayCourseItem:
    title: str
    url: str
    percent: int | None
    status: str


def pathway_courses_for(*, category: str, user) -> list[PathwayCourseItem]:
    """Live courses and programmes written for a pathway category, with the user's progress on each."""
    if not category:
        return []
    courses = [
        c
        for c in CoursePage.objects.live()
        .public()
        .order_by("title")
        .only("title", "url_path", "pathway_categories")
        if category in (c.pathway_categories or [])
    ]
    programmes = [
        p
        for p in ProgrammePage.objects.live().public().order_by("title").prefetch_related("programme_courses")
        if any(
            item.pathway_categories and category in item.pathway_categories
            for item in p.programme_courses.all()
        )
    ]
    progress: dict[int, tuple[int, str]] = {}
    if user.is_authenticated and courses:
        learning = my_learning(learner=user)
        for enrolment, course_progress in learning.in_progress:
            progress[enrolment.course_id] = (course_progress.percent, "in progress")
        for enrolment in learning.completed:
            progress.setdefault(enrolment.course_id, (100, "completed"))
    items = [PathwayCourseItem(p.title, p.url, None, "programme") for p in programmes]
    items += [PathwayCourseItem(c.title, c.url, *progress.get(c.pk, (None, ""))) for c in courses]
    return items


def unit_page_context(*, unit: CourseUnit, enrolment: Enrolment) -> dict:
    """What the page of one unit shows: where the learner is in the course and how this step is met."""
    from .models import ObservationSignOff

    course_state = course_progress(course=enrolment.course, enrolment=enrolment)
    row = next(r for r in course_state.units if r.unit.pk == unit.pk)
    position = [r.unit.pk for r in course_state.units].index(unit.pk)
    context = {
        "course": enrolment.course,
        "unit": unit,
        "enrolment": enrolment,
        "row": row,
        "progress": course_state,
        "position": position + 1,
        "previous_unit": course_state.units[position - 1].unit if position > 0 else None,
        "following_unit": course_state.units[position + 1].unit
        if position + 1 < len(course_state.units)
        else None,
    }
    if unit.kind == "knowledge_check":
        context["attempts_left"] = (
            (unit.attempts_allowed - row.attempts_used) if unit.attempts_allowed else None
        )
    if unit.kind == "observation":
        context["sign_off"] = (
            ObservationSignOff.objects.filter(enrolment=enrolment, unit_key=unit.key)
            .select_related("assessor", "withdrawn_by")
            .order_by("-signed_at")
            .first()
        )
    if unit.kind == "live_session" and unit.event_id:
        context["event"] = unit.event
    return context
