"""Staff development on the report date: qualifications by level, and the leadership programme by cohort."""

from __future__ import annotations

from collections import Counter

from django.db import connection
from django.db.models import Count, Q

from lms.models import Cohort, EnrolmentStatus, ProgrammeEnrolment, Qualification, QualificationStatus

from .registry import figure, table
from .scope import Scope
from .staff import datetime_param, day_end, fetch, page_link, sql_of, staff_on
from .table import NUMBER, PERCENT, TEXT, Chart, Column, Row, percent

LEVELS = range(1, 9)


@figure(
    "qualifications",
    "Qualifications by level",
    "Staff by the highest level of qualification they hold, and how many are working towards each level.",
)
def qualifications(scope: Scope):
    staff_sql, staff_params = sql_of(staff_on(scope).values_list("pk", "person_id"))
    qualification = connection.ops.quote_name(Qualification._meta.db_table)
    # One pass over the staff's qualifications, joined to the staff CTE (so one provider reads only its
    # staff's, by index), for both levels: filtering two sub-queries with `person_id IN (the memberships
    # queryset)` ran the staff's joins three times, half the time at a region's size.
    sql = f"""
    WITH staff (membership_id, person_id) AS ({staff_sql}),
    people (person_id, top, aim) AS (
        SELECT q.person_id,
            MAX(CASE WHEN q.status = %s AND q.achieved_on <= %s THEN q.level END),
            -- Working towards on the day: still working towards it, or awarded only after the day.
            MAX(CASE WHEN (q.status = %s OR q.achieved_on > %s) AND q.created_at < %s THEN q.level END)
        FROM {qualification} q JOIN staff z ON z.person_id = q.person_id
        GROUP BY q.person_id
    )
    SELECT p.top, p.aim, COUNT(*)
    FROM staff s LEFT JOIN people p ON p.person_id = s.person_id
    GROUP BY p.top, p.aim
    """
    params = [
        *staff_params,
        QualificationStatus.ACHIEVED.value,
        scope.on,
        QualificationStatus.WORKING_TOWARDS.value,
        scope.on,
        datetime_param(day_end(scope.on)),
    ]
    held: Counter = Counter()
    aiming: Counter = Counter()
    for top, aim, n in fetch(sql, params):
        held[top] += n
        if aim is not None:
            aiming[aim] += n
    whole = sum(held.values())
    # A provider's managers follow a number to their staff's qualifications, where they also record them.
    link = page_link(scope, scope.organisation, "reporting_team_qualifications")
    links = {"held": link, "working_towards": link} if link else {}
    rows = [
        Row(
            str(level),
            {
                "level": f"Level {level}",
                "held": held.get(level, 0),
                "held_percent": percent(held.get(level, 0), whole),
                "working_towards": aiming.get(level, 0),
            },
            links,
        )
        for level in LEVELS
    ]
    rows.append(
        Row(
            "none",
            {
                "level": "None recorded",
                "held": held.get(None, 0),
                "held_percent": percent(held.get(None, 0), whole),
                "working_towards": None,
            },
            links,
        )
    )
    return table(
        [
            Column("level", "Highest level held", TEXT),
            Column("held", "Staff"),
            Column("held_percent", "Share of staff", PERCENT),
            Column("working_towards", "Working towards this level"),
        ],
        rows,
        totals=Row(
            "total",
            {
                "level": "Total",
                "held": whole,
                "held_percent": 100.0 if whole else None,
                "working_towards": sum(aiming.values()),
            },
        ),
        chart=Chart(
            "level",
            ("held_percent",),
            summary="Bar chart of the share of staff by highest qualification level.",
        ),
        notes=[
            "Staff in post on the report date, each counted once at their highest level achieved by then; "
            "working towards counts the highest level they are studying for."
        ],
    )


@figure(
    "leadership-cohorts",
    "Leadership programme by cohort",
    "Each cohort's members: how many have completed, are in progress or have not started, and modules done.",
)
def leadership_cohorts(scope: Scope):
    by = day_end(scope.on)
    members = ProgrammeEnrolment.objects.filter(
        cohort__isnull=False, enrolled_at__lt=by, learner_id__in=staff_on(scope).values("person_id")
    ).exclude(status=EnrolmentStatus.WITHDRAWN)
    completed = Q(status=EnrolmentStatus.COMPLETED, completed_at__lt=by)
    found = (
        members.values("cohort_id")
        .annotate(
            members=Count("pk", distinct=True),
            completed=Count("pk", distinct=True, filter=completed),
            started=Count(
                "pk",
                distinct=True,
                filter=~completed
                & (Q(status=EnrolmentStatus.IN_PROGRESS) | Q(status=EnrolmentStatus.COMPLETED)),
            ),
            modules=Count(
                "course_enrolments",
                filter=Q(
                    course_enrolments__status=EnrolmentStatus.COMPLETED,
                    course_enrolments__completed_at__lt=by,
                ),
            ),
        )
        .order_by()
    )
    counts = {item["cohort_id"]: item for item in found}
    cohorts = (
        Cohort.objects.filter(pk__in=list(counts))
        .select_related("programme")
        .only("name", "starts_on", "ends_on", "programme__title")
        .order_by("-starts_on", "name")
    )
    rows = []
    totals = Counter()
    for cohort in cohorts:
        item = counts[cohort.pk]
        not_started = item["members"] - item["completed"] - item["started"]
        values = {
            "cohort": f"{cohort.programme.title}: {cohort.name}",
            "starts_on": cohort.starts_on.strftime("%d/%m/%Y"),
            "members": item["members"],
            "completed": item["completed"],
            "in_progress": item["started"],
            "not_started": not_started,
            "completed_percent": percent(item["completed"], item["members"]),
            "modules_each": round(item["modules"] / item["members"], 1) if item["members"] else None,
        }
        totals.update(
            members=item["members"],
            completed=item["completed"],
            in_progress=item["started"],
            not_started=not_started,
            modules=item["modules"],
        )
        rows.append(Row(str(cohort.pk), values))
    return table(
        [
            Column("cohort", "Cohort", TEXT),
            Column("starts_on", "Starts", TEXT),
            Column("members", "Members"),
            Column("completed", "Completed"),
            Column("in_progress", "In progress"),
            Column("not_started", "Not started"),
            Column("completed_percent", "Completed (%)", PERCENT),
            Column("modules_each", "Modules completed each (average)", NUMBER),
        ],
        rows,
        totals=Row(
            "total",
            {
                "cohort": "Total",
                "starts_on": "",
                "members": totals["members"],
                "completed": totals["completed"],
                "in_progress": totals["in_progress"],
                "not_started": totals["not_started"],
                "completed_percent": percent(totals["completed"], totals["members"]),
                "modules_each": round(totals["modules"] / totals["members"], 1)
                if totals["members"]
                else None,
            },
        ),
        chart=Chart(
            "cohort",
            ("completed", "in_progress", "not_started"),
            stacked=True,
            summary="Stacked bar chart of each cohort's members who have completed, are in progress or have "
            "not started.",
        ),
        notes=["Members in post on the report date; withdrawn members are left out."],
    )
