"""Required training on the report date: mandatory training by topic and provider, Oliver McGowan by role.

Statuses come from the LMS's one statement (`lms.compliance`): current, expiring within 30, 60 or 90
days, expired or missing, from completed courses and accepted prior learning alike, a covering course
counting for the one it covers. Training that expires on the report date is still held that day
(expiring within 30 days). Only evidence completed by the report date counts, so a past month's
figures are what they were then.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, QuerySet

from academy.models import Membership, Organisation, PathwayCategory
from lms.compliance import ComplianceStatus, _covers_closure, _statuses_sql
from lms.models import CoursePage

from .memo import remembered
from .registry import figure, table
from .scope import Scope
from .staff import fetch, sql_of, staff_on, team_link
from .table import COUNT, PERCENT, TEXT, Chart, Column, Row, percent

HELD = [status for status in ComplianceStatus if status.is_held]
# The Oliver McGowan courses `manage.py load_programmes` makes (lms/programmes.py).
OLIVER_MCGOWAN = [
    ("part_1", "Part 1", "oliver-mcgowan-part-1"),
    ("tier_1", "Tier 1", "oliver-mcgowan-tier-1"),
    ("tier_2", "Tier 2", "oliver-mcgowan-tier-2"),
]
_GROUPS = {
    "course": "st.course_id",
    "organisation": "st.organisation_id, st.course_id",
    "pathway_category": "m.pathway_category, st.course_id",
}


def requirement_counts(
    *,
    memberships: QuerySet[Membership],
    on: datetime.date,
    by: str = "course",
    courses: list[int] | None = None,
) -> dict[tuple, Counter]:
    """Requirements in each status, counted by the database, keyed by (course,), (organisation, course) or
    (pathway category, course). Two queries (the covering courses, then the count), once per `shared()`."""
    key = ("requirement_counts", sql_of(memberships.values_list("pk")), on, by, tuple(courses or ()))
    return remembered(
        key, lambda: _requirement_counts(memberships=memberships, on=on, by=by, courses=courses)
    )


def _requirement_counts(*, memberships, on, by, courses) -> dict[tuple, Counter]:
    sql, params = _statuses_sql(memberships, on, _covers_closure(), as_of=True)
    keys = _GROUPS[by]
    where = ""
    if courses is not None:
        if not courses:
            return {}
        where = f"WHERE st.course_id IN ({', '.join(['%s'] * len(courses))})"
        params = [*params, *courses]
    join = (
        f"JOIN {Membership._meta.db_table} m ON m.id = st.membership_id" if by == "pathway_category" else ""
    )
    sql = f"SELECT {keys}, st.status, COUNT(*) FROM ({sql}) st {join} {where} GROUP BY {keys}, st.status"
    counts: dict[tuple, Counter] = {}
    for *key, status, n in fetch(sql, params):
        counts.setdefault(tuple(key), Counter())[ComplianceStatus(status)] = n
    return counts


_STATUS_COLUMNS = [Column(status.value, status.label) for status in ComplianceStatus]


def _status_values(counter: Counter) -> dict:
    required = sum(counter.values())
    held = sum(counter.get(status, 0) for status in HELD)
    values = {status.value: counter.get(status, 0) for status in ComplianceStatus}
    values.update(required=required, held_percent=percent(held, required))
    return values


def _status_links(scope: Scope, organisation_id: int | None) -> dict[str, str]:
    links = {}
    for status in ComplianceStatus:
        link = team_link(scope, organisation_id, status=status.value)
        if link:
            links[status.value] = link
    return links


def _compliance_table(first: Column, rows: list[Row], overall: Counter, label: str):
    return table(
        [
            first,
            *_STATUS_COLUMNS,
            Column("required", "Required", COUNT),
            Column("held_percent", "Held (%)", PERCENT),
        ],
        rows,
        totals=Row("total", {first.key: "Total", **_status_values(overall)}),
        chart=Chart(
            first.key,
            tuple(status.value for status in ComplianceStatus),
            stacked=True,
            summary=f"Stacked bar chart of required training by status for each {label}: current, expiring "
            "within 30, 60 or 90 days, expired and missing.",
        ),
        notes=[
            "One count per person and required course, for staff in post on the report date. Held (%) is "
            "current or expiring, not yet expired. Training expiring on the report date is still held."
        ],
    )


@figure(
    "mandatory-training",
    "Mandatory training by topic",
    "For each required course: how many staff hold it, how many are expiring within 30, 60 or 90 days, "
    "expired or missing.",
)
def mandatory_training(scope: Scope):
    # Counted by provider and added up, so that with the by-provider figure it is one statement.
    counts: dict[tuple, Counter] = {}
    for (_, course_id), counter in requirement_counts(
        memberships=staff_on(scope), on=scope.on, by="organisation"
    ).items():
        counts.setdefault((course_id,), Counter()).update(counter)
    titles = dict(CoursePage.objects.filter(pk__in=[key[0] for key in counts]).values_list("pk", "title"))
    links = _status_links(scope, scope.organisation)
    rows = []
    overall = Counter()
    for (course_id,), counter in sorted(counts.items(), key=lambda item: titles.get(item[0][0], "").lower()):
        overall.update(counter)
        rows.append(
            Row(str(course_id), {"topic": titles.get(course_id, ""), **_status_values(counter)}, links)
        )
    return _compliance_table(Column("topic", "Topic", TEXT), rows, overall, "topic")


@figure(
    "mandatory-training-by-provider",
    "Mandatory training by provider",
    "For each provider: its staff's required training by status, over every topic.",
)
def mandatory_training_by_provider(scope: Scope):
    counts = requirement_counts(memberships=staff_on(scope), on=scope.on, by="organisation")
    by_provider: dict[int, Counter] = {}
    for (organisation_id, _), counter in counts.items():
        by_provider.setdefault(organisation_id, Counter()).update(counter)
    names = dict(Organisation.objects.filter(pk__in=list(by_provider)).values_list("pk", "name"))
    rows = []
    overall = Counter()
    for organisation_id in sorted(by_provider, key=lambda pk: (names.get(pk, "").lower(), pk)):
        counter = by_provider[organisation_id]
        overall.update(counter)
        rows.append(
            Row(
                str(organisation_id),
                {"provider": names.get(organisation_id, ""), **_status_values(counter)},
                _status_links(scope, organisation_id),
            )
        )
    return _compliance_table(Column("provider", "Provider", TEXT), rows, overall, "provider")


@figure(
    "oliver-mcgowan",
    "Oliver McGowan Mandatory Training",
    "Part 1, Tier 1 and Tier 2 against what each role needs: for each pathway category, how many staff need "
    "each part and how many hold it.",
)
def oliver_mcgowan(scope: Scope):
    courses = dict(
        CoursePage.objects.filter(slug__in=[slug for _, _, slug in OLIVER_MCGOWAN]).values_list("slug", "pk")
    )
    memberships = staff_on(scope)
    counts = requirement_counts(
        memberships=memberships, on=scope.on, by="pathway_category", courses=list(courses.values())
    )
    staff = dict(memberships.values_list("pathway_category").annotate(n=Count("pk")).order_by())
    columns = [Column("category", "Pathway category", TEXT), Column("staff", "Staff")]
    for key, label, _ in OLIVER_MCGOWAN:
        columns += [
            Column(f"{key}_needed", f"{label}: needed"),
            Column(f"{key}_held", f"{label}: held"),
            Column(f"{key}_percent", f"{label}: held (%)", PERCENT),
        ]
    rows = []
    totals: dict = {"category": "Total", "staff": 0}
    for value, label in PathwayCategory.choices:
        if not staff.get(value):
            continue
        values: dict = {"category": label, "staff": staff[value]}
        totals["staff"] += staff[value]
        for key, _, slug in OLIVER_MCGOWAN:
            counter = counts.get((value, courses.get(slug)), Counter())
            needed = sum(counter.values())
            held = sum(counter.get(status, 0) for status in HELD)
            values.update(
                {f"{key}_needed": needed, f"{key}_held": held, f"{key}_percent": percent(held, needed)}
            )
            totals[f"{key}_needed"] = totals.get(f"{key}_needed", 0) + needed
            totals[f"{key}_held"] = totals.get(f"{key}_held", 0) + held
        rows.append(Row(value, values))
    for key, _, _ in OLIVER_MCGOWAN:
        totals[f"{key}_percent"] = percent(totals.get(f"{key}_held", 0), totals.get(f"{key}_needed", 0))
    notes = [
        "Needed: staff whose role requires that part. Held: current or expiring, from the course, accepted "
        "prior learning, or a part that covers it (Tier 2 covers Tier 1)."
    ]
    if len(courses) < len(OLIVER_MCGOWAN):
        notes.append("Some Oliver McGowan courses are not in the catalogue: load the academy's programmes.")
    return table(
        columns,
        rows,
        totals=Row("total", totals),
        chart=Chart(
            "category",
            tuple(f"{key}_percent" for key, _, _ in OLIVER_MCGOWAN),
            summary="Bar chart of the share of staff who hold each part of the Oliver McGowan training they "
            "need, by pathway category.",
        ),
        notes=notes,
    )
