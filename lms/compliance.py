"""Training compliance: which courses each person must hold, and whether they hold them on a given day.

A person's requirements come from their membership: their job role and their care workforce pathway
category, each looked up in the commissioner's defaults and overridden by their provider's own rows
(`TrainingRequirement`). Evidence is a completed enrolment or accepted prior learning of the course,
or of a course that covers it (Oliver McGowan Tier 2 covers Tier 1); the latest expiry counts.

Statuses are computed by the database in one statement for any set of memberships, so a team of 5
or of 5,000 costs the same number of queries, and a locality's figures are counted by the database
(`compliance_counts`) rather than in Python.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection, models
from django.db.models import Q, QuerySet
from django.utils import timezone

from academy import permissions
from academy.models import JobRole, Membership, Organisation, PathwayCategory

from .models import (
    CoursePage,
    Enrolment,
    EnrolmentStatus,
    PriorLearning,
    PriorLearningStatus,
    TrainingRequirement,
)

# Evidence without an expiry date never expires; in SQL it is held until this day.
_FOREVER = datetime.date(9999, 12, 31)


class ComplianceStatus(models.TextChoices):
    """Where a person stands with one requirement. Training that expires today is still held today."""

    CURRENT = "current", "Current"
    EXPIRING_30 = "expiring_30", "Expires within 30 days"
    EXPIRING_60 = "expiring_60", "Expires within 60 days"
    EXPIRING_90 = "expiring_90", "Expires within 90 days"
    EXPIRED = "expired", "Expired"
    MISSING = "missing", "Missing"

    @property
    def tag_colour(self) -> str:
        """The GOV.UK Frontend tag colour it is shown in (always next to its label, never alone)."""
        return _TAG_COLOURS[self]

    @property
    def tag_class(self) -> str:
        return f"govuk-tag govuk-tag--{self.tag_colour}"

    @property
    def is_held(self) -> bool:
        """Whether the person holds the training today (current, or expiring but not yet expired)."""
        return self not in (ComplianceStatus.EXPIRED, ComplianceStatus.MISSING)


_TAG_COLOURS = {
    ComplianceStatus.CURRENT: "green",
    ComplianceStatus.EXPIRING_30: "orange",
    ComplianceStatus.EXPIRING_60: "yellow",
    ComplianceStatus.EXPIRING_90: "blue",
    ComplianceStatus.EXPIRED: "red",
    ComplianceStatus.MISSING: "grey",
}
# Days ahead, and the status of training expiring within them (checked in this order).
EXPIRY_WINDOWS = (
    (30, ComplianceStatus.EXPIRING_30),
    (60, ComplianceStatus.EXPIRING_60),
    (90, ComplianceStatus.EXPIRING_90),
)


def workforce_memberships() -> QuerySet[Membership]:
    """Memberships whose holders must keep training current: accepted, not ended, as workers."""
    return Membership.objects.active().filter(
        is_worker=True, organisation__is_active=True, person__is_active=True
    )


def team_memberships(*, organisation: Organisation) -> QuerySet[Membership]:
    """The rows of a team's matrix: the organisation's current workers, leavers excluded."""
    return (
        workforce_memberships()
        .filter(organisation=organisation)
        .select_related("person", "job_role")
        # Only what a row shows: a team's matrix loads hundreds of people.
        .only(*_ROW_FIELDS)
        .order_by("person__last_name", "person__first_name", "person__email", "pk")
    )


_ROW_FIELDS = (
    "person_id",
    "organisation_id",
    "job_role_id",
    "pathway_category",
    "is_worker",
    "person__first_name",
    "person__last_name",
    "person__email",
    "person__public_id",
    "job_role__name",
)


# --- The one statement that decides statuses -----------------------------------------------------


def _covers_closure() -> dict[int, set[int]]:
    """For each course that some course covers: every course whose evidence counts for it.

    Covering carries through (if A covers B and B covers C, A counts for C). One query.
    """
    through = CoursePage.covers.through
    covered_by: dict[int, set[int]] = {}
    for by_course, course in through.objects.values_list("from_coursepage_id", "to_coursepage_id"):
        covered_by.setdefault(course, set()).add(by_course)
    closure: dict[int, set[int]] = {}
    for course in covered_by:
        seen: set[int] = set()
        todo = list(covered_by[course])
        while todo:
            by_course = todo.pop()
            if by_course in seen or by_course == course:
                continue
            seen.add(by_course)
            todo.extend(covered_by.get(by_course, ()))
        closure[course] = seen
    return closure


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _statuses_sql(
    memberships: QuerySet[Membership],
    on: datetime.date,
    closure: dict[int, set[int]],
    *,
    as_of: bool = False,
) -> tuple[str, list]:
    """SQL giving one row per (membership, required course): the evidence's end and the status.

    Columns: membership_id, person_id, organisation_id, course_id, good_until, status. With `as_of`,
    only evidence completed by `on` counts, so a past day's figures are as they were then (reporting's
    monthly snapshots); today's are the same either way.
    """
    staff_sql, staff_params = (
        memberships.order_by()
        .values_list("pk", "person_id", "organisation_id", "job_role_id", "pathway_category")
        .query.sql_with_params()
    )
    requirement = _table(TrainingRequirement)
    enrolment = _table(Enrolment)
    prior = _table(PriorLearning)
    params: list = list(staff_params)

    def needs_by(column: str, extra: str = "") -> str:
        # A provider's own row for the course and role wins; the default applies only without one.
        return f"""
        SELECT s.membership_id, s.person_id, s.organisation_id, r.course_id
        FROM staff s JOIN {requirement} r ON r.{column} = s.{column}{extra}
        WHERE r.required = %s AND (
            r.organisation_id = s.organisation_id
            OR (r.organisation_id IS NULL AND NOT EXISTS (
                SELECT 1 FROM {requirement} o
                WHERE o.organisation_id = s.organisation_id AND o.course_id = r.course_id
                  AND o.{column} = r.{column})))"""

    pairs = [(course, by_course) for course, by_courses in closure.items() for by_course in by_courses]
    completed_by = " AND completed_at < %s" if as_of else ""
    claimed_by = " AND completed_on <= %s" if as_of else ""
    covers_cte = ""
    covers_held = ""
    if pairs:
        covers_cte = (
            ", covers (course_id, by_course_id) AS (VALUES " + ", ".join(["(%s, %s)"] * len(pairs)) + ")"
        )
        covers_held = """
            UNION ALL
            SELECT e.person_id, c.course_id, e.good_until
            FROM evidence e JOIN covers c ON c.by_course_id = e.course_id"""
    sql = f"""
    WITH staff (membership_id, person_id, organisation_id, job_role_id, pathway_category) AS ({staff_sql}),
    needs AS ({needs_by("job_role_id")}
        UNION {needs_by("pathway_category", " AND r.pathway_category <> ''")}),
    evidence (person_id, course_id, good_until) AS (
        SELECT learner_id, course_id, COALESCE(expires_on, %s) FROM {enrolment}
        WHERE status = %s AND learner_id IN (SELECT person_id FROM staff){completed_by}
        UNION ALL
        SELECT person_id, course_id, COALESCE(expires_on, %s) FROM {prior}
        WHERE status = %s AND course_id IS NOT NULL AND person_id IN (SELECT person_id FROM staff){claimed_by}
    ){covers_cte},
    best AS (
        SELECT person_id, course_id, MAX(good_until) AS good_until FROM (
            SELECT person_id, course_id, good_until FROM evidence{covers_held}
        ) held GROUP BY person_id, course_id
    )
    SELECT n.membership_id, n.person_id, n.organisation_id, n.course_id, b.good_until,
        CASE
            WHEN b.good_until IS NULL THEN %s
            WHEN b.good_until < %s THEN %s
            WHEN b.good_until <= %s THEN %s
            WHEN b.good_until <= %s THEN %s
            WHEN b.good_until <= %s THEN %s
            ELSE %s
        END AS status
    FROM needs n LEFT JOIN best b ON b.person_id = n.person_id AND b.course_id = n.course_id
    """
    params += [True, True]
    if as_of:
        next_day = timezone.make_aware(
            datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time())
        )
        params += [
            _FOREVER,
            EnrolmentStatus.COMPLETED.value,
            connection.ops.adapt_datetimefield_value(next_day),
        ]
        params += [_FOREVER, PriorLearningStatus.ACCEPTED.value, on]
    else:
        params += [_FOREVER, EnrolmentStatus.COMPLETED.value, _FOREVER, PriorLearningStatus.ACCEPTED.value]
    for course, by_course in pairs:
        params += [course, by_course]
    params += [ComplianceStatus.MISSING.value, on, ComplianceStatus.EXPIRED.value]
    for days, status in EXPIRY_WINDOWS:
        params += [on + datetime.timedelta(days=days), status.value]
    params.append(ComplianceStatus.CURRENT.value)
    return sql, params


def _as_date(value) -> datetime.date | None:
    """The evidence's expiry as a date (SQLite hands back text), None when it never expires."""
    if value is None or value == _FOREVER:
        return None
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    return None if value == _FOREVER else value


class RequirementStatus(NamedTuple):
    """One requirement of one membership. A tuple: a locality has hundreds of thousands."""

    membership_id: int
    person_id: int
    organisation_id: int
    course_id: int
    status: ComplianceStatus
    held: bool  # some evidence exists, even if expired
    expires_on: datetime.date | None  # of the best evidence; None if it never expires or is missing


def requirement_statuses(
    *,
    memberships: QuerySet[Membership] | None = None,
    on: datetime.date | None = None,
    statuses: tuple[str, ...] | list[str] = (),
) -> list[RequirementStatus]:
    """Every requirement of every membership given (default: the whole workforce), with its status.

    Two queries however many memberships: the covering courses, then one statement. With `statuses`,
    only rows in those statuses come back (the reminders ask for the few that need one).
    """
    on = on or timezone.localdate()
    memberships = workforce_memberships() if memberships is None else memberships
    sql, params = _statuses_sql(memberships, on, _covers_closure())
    if statuses:
        sql = f"SELECT * FROM ({sql}) statuses WHERE status IN ({', '.join(['%s'] * len(statuses))})"
        params = [*params, *statuses]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    as_status = {status.value: status for status in ComplianceStatus}
    return [
        RequirementStatus(
            membership_id,
            person_id,
            organisation_id,
            course_id,
            as_status[status],
            good_until is not None,
            _as_date(good_until),
        )
        for membership_id, person_id, organisation_id, course_id, good_until, status in rows
    ]


def compliance_counts(
    *,
    memberships: QuerySet[Membership] | None = None,
    on: datetime.date | None = None,
    by_organisation: bool = False,
) -> dict:
    """How many requirements are in each status, per course, counted by the database.

    For reporting across a locality or region: `memberships` defaults to the whole workforce. Returns
    {course_id: Counter({status: n})}, or {(organisation_id, course_id): Counter(...)} with
    `by_organisation`. A person working for two providers counts once at each.
    """
    on = on or timezone.localdate()
    memberships = workforce_memberships() if memberships is None else memberships
    sql, params = _statuses_sql(memberships, on, _covers_closure())
    keys = "organisation_id, course_id" if by_organisation else "course_id"
    sql = f"SELECT {keys}, status, COUNT(*) FROM ({sql}) statuses GROUP BY {keys}, status"
    counts: dict = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            *key, status, number = row
            counts.setdefault(tuple(key) if by_organisation else key[0], Counter())[
                ComplianceStatus(status)
            ] = number
    return counts


# --- A team's matrix and a person's record ------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    course: CoursePage
    status: ComplianceStatus | None  # None: not required of this person
    expires_on: datetime.date | None = None


@dataclass
class TeamRow:
    membership: Membership
    statuses: dict[int, RequirementStatus]  # by course id: only the courses required of them
    courses: list[CoursePage]  # the matrix's columns

    @property
    def person(self):
        return self.membership.person

    @property
    def cells(self) -> list[Cell]:
        """One per column, made when shown: a page shows 50 rows of a team of hundreds."""
        cells = []
        for course in self.courses:
            found = self.statuses.get(course.pk)
            cells.append(Cell(course, found.status, found.expires_on) if found else Cell(course, None))
        return cells


@dataclass
class TeamMatrix:
    courses: list[CoursePage]
    rows: list[TeamRow]
    counts: Counter = field(default_factory=Counter)  # requirements in each status, over the rows

    @property
    def status_counts(self) -> list[tuple[ComplianceStatus, int]]:
        return [(status, self.counts.get(status, 0)) for status in ComplianceStatus]


def _courses(ids) -> dict[int, CoursePage]:
    return {
        course.pk: course
        for course in CoursePage.objects.filter(pk__in=set(ids)).only(
            "title", "slug", "url_path", "refresher_months", "live"
        )
    }


def team_matrix(
    *,
    memberships: QuerySet[Membership],
    on: datetime.date | None = None,
    statuses: tuple[str, ...] | list[str] = (),
) -> TeamMatrix:
    """People (one row per membership given) by the courses any of them must hold, each cell a status.

    With `statuses`, only people with at least one requirement in one of them are kept. Four queries.
    """
    members = list(memberships.all())  # a fresh query, even if the caller evaluated theirs
    found = requirement_statuses(memberships=memberships, on=on)
    courses = _courses(r.course_id for r in found)
    ordered = sorted(courses.values(), key=lambda c: (c.title.lower(), c.pk))
    by_membership: dict[int, dict[int, RequirementStatus]] = {}
    for row in found:
        by_membership.setdefault(row.membership_id, {})[row.course_id] = row
    wanted = set(statuses)
    matrix = TeamMatrix(courses=ordered, rows=[])
    for membership in members:
        own = by_membership.get(membership.pk, {})
        if wanted and not any(r.status in wanted for r in own.values()):
            continue
        matrix.rows.append(TeamRow(membership=membership, statuses=own, courses=ordered))
        matrix.counts.update(r.status for r in own.values())
    return matrix


@dataclass
class RecordRequirement:
    course: CoursePage
    status: ComplianceStatus
    expires_on: datetime.date | None


@dataclass
class PersonRecord:
    person: object
    enrolments: list[Enrolment]
    prior_learning: list[PriorLearning]
    # One entry for each membership shown: where they work, and what is required of them there.
    requirements: list[tuple[Membership, list[RecordRequirement]]]

    @property
    def completions(self) -> list[Enrolment]:
        return [e for e in self.enrolments if e.status == EnrolmentStatus.COMPLETED]


def person_record(
    *, person, memberships: QuerySet[Membership], viewer=None, on: datetime.date | None = None
) -> PersonRecord:
    """A person's whole training record: every enrolment, prior learning, and the requirements of the
    memberships given (those the viewer manages). Seven queries whatever its length.

    Each enrolment made by someone else carries `enrolled_by_name`: their name, or "someone at another
    provider" when the viewer may not see them (a second job's, or an old employer's, manager)."""
    enrolments = list(
        Enrolment.objects.filter(learner=person)
        .select_related("course", "enrolled_by")
        .order_by("-enrolled_at", "-pk")
    )
    others = {
        e.enrolled_by_id: e.enrolled_by for e in enrolments if e.enrolled_by_id not in (None, person.pk)
    }
    named = (
        set(permissions.people_named_to(viewer).filter(pk__in=others).values_list("pk", flat=True))
        if viewer is not None
        else set(others)
    )
    for enrolment in enrolments:
        enrolment.enrolled_by_name = (
            (
                enrolment.enrolled_by.display_name
                if enrolment.enrolled_by_id in named
                else permissions.ANOTHER_PROVIDER
            )
            if enrolment.enrolled_by_id in others
            else ""
        )
    prior = list(
        PriorLearning.objects.filter(person=person)
        .select_related("course", "decided_by")
        .order_by("-submitted_at", "-pk")
    )
    members = list(memberships.filter(person=person).select_related("organisation", "job_role"))
    found = requirement_statuses(memberships=memberships.filter(person=person), on=on) if members else []
    courses = _courses(r.course_id for r in found)
    requirements = []
    for membership in members:
        own = [
            RecordRequirement(courses[r.course_id], r.status, r.expires_on)
            for r in found
            if r.membership_id == membership.pk
        ]
        own.sort(key=lambda item: (item.status.is_held, item.course.title.lower()))
        requirements.append((membership, own))
    return PersonRecord(person=person, enrolments=enrolments, prior_learning=prior, requirements=requirements)


# --- Requirement settings: the commissioner's defaults and a provider's own ----------------------


def who_text(job_role: JobRole | None, pathway_category: str) -> str:
    """Who a requirement is for, in words: a job role's name, or a pathway category said as one."""
    if job_role is not None:
        return job_role.name
    return f"{PathwayCategory(pathway_category).label} (pathway category)"


def who_label(requirement: TrainingRequirement) -> str:
    return who_text(requirement.job_role if requirement.job_role_id else None, requirement.pathway_category)


def default_requirements() -> QuerySet[TrainingRequirement]:
    """The commissioner's defaults, for every provider."""
    return (
        TrainingRequirement.objects.filter(organisation__isnull=True)
        .select_related("course", "job_role")
        .order_by("course__title", "job_role__name", "pathway_category")
    )


@dataclass
class ProviderRequirement:
    """One requirement as a provider sees it: the council's default, their own row, or both."""

    course: CoursePage
    job_role: JobRole | None
    pathway_category: str
    default: TrainingRequirement | None = None
    override: TrainingRequirement | None = None

    @property
    def required(self) -> bool:
        if self.override is not None:
            return self.override.required
        return bool(self.default and self.default.required)

    @property
    def source(self) -> str:
        """'default' (the council's, as it is), 'lifted' (the council's, not needed here) or 'own'."""
        if self.override is None:
            return "default"
        if self.default is not None and self.default.required and not self.override.required:
            return "lifted"
        return "own"

    @property
    def who(self) -> str:
        return who_label(self.override or self.default)

    @property
    def who_value(self) -> str:
        return f"role:{self.job_role.pk}" if self.job_role else f"category:{self.pathway_category}"


def provider_requirements(*, organisation: Organisation) -> list[ProviderRequirement]:
    """The defaults and the provider's own rows side by side, as the provider's settings page lists them."""
    rows = TrainingRequirement.objects.filter(
        Q(organisation__isnull=True) | Q(organisation=organisation)
    ).select_related("course", "job_role")
    found: dict[tuple, ProviderRequirement] = {}
    for row in rows:
        key = (row.course_id, row.job_role_id, row.pathway_category)
        item = found.setdefault(key, ProviderRequirement(row.course, row.job_role, row.pathway_category))
        if row.organisation_id is None:
            item.default = row
        else:
            item.override = row
    # Rows saying "not required" of something no default requires are no requirement at all.
    items = [item for item in found.values() if item.required or item.source == "lifted"]
    return sorted(items, key=lambda i: (i.course.title.lower(), i.who.lower()))
