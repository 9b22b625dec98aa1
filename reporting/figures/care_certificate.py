"""Care Certificate status on the report date (completed, in progress, not started), counted by the database.

As ASC-WDS records it (CARECERT). A worker has **completed** it when they completed the academy's Care
Certificate programme by the report date, or hold every one of its standards by then, each from a
completed course or accepted prior learning (the Care Certificate done with an earlier employer).
They are **in progress** when they hold some standards, or are part-way through the programme or one
of its courses. Everyone else has **not started**: enrolled but not begun, withdrawn, or never enrolled.
A withdrawn sign-off reopens its course, so the standard no longer counts.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, QuerySet, TextChoices

from academy.models import Membership, Organisation
from lms.models import (
    Enrolment,
    EnrolmentStatus,
    PriorLearning,
    PriorLearningStatus,
    ProgrammeCourse,
    ProgrammeEnrolment,
    ProgrammePage,
)

from .memo import remembered
from .registry import figure, table
from .scope import Scope
from .staff import day_end, fetch, sql_of, staff_on, team_link
from .table import COUNT, PERCENT, TEXT, Chart, Column, Row, percent

# The programme `manage.py load_programmes` makes (lms/programmes.py).
CARE_CERTIFICATE_SLUG = "care-certificate"


class CareCertificateStatus(TextChoices):
    COMPLETED = "completed", "Completed"
    IN_PROGRESS = "in_progress", "In progress"
    NOT_STARTED = "not_started", "Not started"

    @property
    def ascwds_code(self) -> int:
        """CARECERT in the ASC-WDS staff file: 1 completed, 2 no, 3 in progress or partly completed."""
        return {"completed": 1, "not_started": 2, "in_progress": 3}[self.value]


def care_certificate_programme() -> ProgrammePage | None:
    return ProgrammePage.objects.filter(slug=CARE_CERTIFICATE_SLUG).first()


def _statuses_sql(
    memberships: QuerySet[Membership], on: datetime.date, programme_id: int
) -> tuple[str, list]:
    """SQL giving one row per membership: membership_id, organisation_id, status."""
    by = day_end(on)
    standards = ProgrammeCourse.objects.filter(page_id=programme_id).values("course_id")
    staff_sql, staff_params = sql_of(memberships.values_list("pk", "person_id", "organisation_id"))
    people = memberships.values("person_id")
    held_sql, held_params = sql_of(
        Enrolment.objects.filter(
            status=EnrolmentStatus.COMPLETED,
            completed_at__lt=by,
            course_id__in=standards,
            learner_id__in=people,
        ).values_list("learner_id", "course_id")
    )
    prior_sql, prior_params = sql_of(
        PriorLearning.objects.filter(
            status=PriorLearningStatus.ACCEPTED,
            completed_on__lte=on,
            course_id__in=standards,
            person_id__in=people,
        ).values_list("person_id", "course_id")
    )
    finished_sql, finished_params = sql_of(
        ProgrammeEnrolment.objects.filter(
            programme_id=programme_id,
            status=EnrolmentStatus.COMPLETED,
            completed_at__lt=by,
            learner_id__in=people,
        ).values_list("learner_id")
    )
    # Part-way through on the day: begun by then and not withdrawn (a programme completed later was
    # still in progress then).
    started_sql, started_params = sql_of(
        ProgrammeEnrolment.objects.filter(
            programme_id=programme_id,
            status__in=[EnrolmentStatus.IN_PROGRESS, EnrolmentStatus.COMPLETED],
            enrolled_at__lt=by,
            learner_id__in=people,
        ).values_list("learner_id")
    )
    course_started_sql, course_started_params = sql_of(
        Enrolment.objects.filter(
            status__in=[EnrolmentStatus.IN_PROGRESS, EnrolmentStatus.COMPLETED],
            started_at__lt=by,
            course_id__in=standards,
            learner_id__in=people,
        ).values_list("learner_id")
    )
    total = ProgrammeCourse.objects.filter(page_id=programme_id).values("course_id").distinct().count()
    sql = f"""
    WITH staff (membership_id, person_id, organisation_id) AS ({staff_sql}),
    evidence (person_id, course_id) AS ({held_sql} UNION {prior_sql}),
    held (person_id, n) AS (SELECT person_id, COUNT(DISTINCT course_id) FROM evidence GROUP BY person_id),
    finished (person_id) AS ({finished_sql}),
    finished_people (person_id) AS (SELECT DISTINCT person_id FROM finished),
    started (person_id) AS ({started_sql} UNION {course_started_sql})
    SELECT s.membership_id, s.organisation_id,
        CASE
            WHEN f.person_id IS NOT NULL OR COALESCE(h.n, 0) >= %s THEN %s
            WHEN COALESCE(h.n, 0) > 0 OR st.person_id IS NOT NULL THEN %s
            ELSE %s
        END AS status
    FROM staff s
    LEFT JOIN held h ON h.person_id = s.person_id
    -- Joins, not `IN (SELECT …)` inside the CASE: at a region's size PostgreSQL cannot hash that set
    -- in work_mem and scanned it again for every member of staff (31 times slower, bench/reporting.py).
    LEFT JOIN finished_people f ON f.person_id = s.person_id
    LEFT JOIN started st ON st.person_id = s.person_id
    """
    params = [
        *staff_params,
        *held_params,
        *prior_params,
        *finished_params,
        *started_params,
        *course_started_params,
        max(total, 1),
        CareCertificateStatus.COMPLETED.value,
        CareCertificateStatus.IN_PROGRESS.value,
        CareCertificateStatus.NOT_STARTED.value,
    ]
    return sql, params


def care_certificate_statuses(
    *, memberships: QuerySet[Membership], on: datetime.date
) -> dict[int, CareCertificateStatus]:
    """Each membership's Care Certificate status on the day, by membership id (for the ASC-WDS staff file).

    Three queries however many memberships. Without the programme, everyone has not started.
    """
    programme = care_certificate_programme()
    if programme is None:
        return {pk: CareCertificateStatus.NOT_STARTED for pk in memberships.values_list("pk", flat=True)}
    sql, params = _statuses_sql(memberships, on, programme.pk)
    return {membership_id: CareCertificateStatus(status) for membership_id, _, status in fetch(sql, params)}


def care_certificate_counts(*, memberships: QuerySet[Membership], on: datetime.date) -> dict[int, Counter]:
    """{organisation id: Counter({status: memberships})}, counted by the database (once per `shared()`)."""
    key = ("care_certificate_counts", sql_of(memberships.values_list("pk")), on)
    return remembered(key, lambda: _care_certificate_counts(memberships=memberships, on=on))


def _care_certificate_counts(*, memberships: QuerySet[Membership], on: datetime.date) -> dict[int, Counter]:
    programme = care_certificate_programme()
    if programme is None:
        found = memberships.values_list("organisation_id").annotate(n=Count("pk")).order_by()
        return {
            organisation_id: Counter({CareCertificateStatus.NOT_STARTED: n}) for organisation_id, n in found
        }
    sql, params = _statuses_sql(memberships, on, programme.pk)
    sql = f"SELECT organisation_id, status, COUNT(*) FROM ({sql}) statuses GROUP BY organisation_id, status"
    counts: dict[int, Counter] = {}
    for organisation_id, status, n in fetch(sql, params):
        counts.setdefault(organisation_id, Counter())[CareCertificateStatus(status)] = n
    return counts


_STATUS_COLUMNS = [
    Column(CareCertificateStatus.COMPLETED.value, "Completed"),
    Column(f"{CareCertificateStatus.COMPLETED.value}_percent", "Completed (%)", PERCENT),
    Column(CareCertificateStatus.IN_PROGRESS.value, "In progress"),
    Column(f"{CareCertificateStatus.IN_PROGRESS.value}_percent", "In progress (%)", PERCENT),
    Column(CareCertificateStatus.NOT_STARTED.value, "Not started"),
    Column(f"{CareCertificateStatus.NOT_STARTED.value}_percent", "Not started (%)", PERCENT),
    Column("staff", "Staff", COUNT),
]
_NOTE = (
    "Staff in post on the report date. Completed: the academy's Care Certificate programme, or every "
    "standard held from courses or accepted prior learning. In progress: some standards held, or under way."
)


def _status_values(counter: Counter) -> dict:
    whole = sum(counter.values())
    values: dict = {"staff": whole}
    for status in CareCertificateStatus:
        values[status.value] = counter.get(status, 0)
        values[f"{status.value}_percent"] = percent(counter.get(status, 0), whole)
    return values


def _chart(label: str) -> Chart:
    return Chart(
        label,
        tuple(status.value for status in CareCertificateStatus),
        stacked=True,
        summary="Stacked bar chart of the share of staff who have completed the Care Certificate, "
        "are in progress, or have not started.",
    )


@figure(
    "care-certificate",
    "Care Certificate",
    "How many staff have completed the Care Certificate, are part-way through it, or have not started.",
)
def care_certificate(scope: Scope):
    counts = care_certificate_counts(memberships=staff_on(scope), on=scope.on)
    overall = Counter()
    for counter in counts.values():
        overall.update(counter)
    whole = sum(overall.values())
    rows = [
        Row(
            status.value,
            {
                "status": status.label,
                "staff": overall.get(status, 0),
                "share": percent(overall.get(status, 0), whole),
            },
        )
        for status in CareCertificateStatus
    ]
    return table(
        [
            Column("status", "Status", TEXT),
            Column("staff", "Staff"),
            Column("share", "Share of staff", PERCENT),
        ],
        rows,
        totals=Row("total", {"status": "Total", "staff": whole, "share": 100.0 if whole else None}),
        chart=Chart(
            "status",
            ("share",),
            summary="Bar chart of the share of staff by Care Certificate status.",
        ),
        notes=[_NOTE],
    )


@figure(
    "care-certificate-by-provider",
    "Care Certificate by provider",
    "Each provider's staff by Care Certificate status, as counts and shares.",
)
def care_certificate_by_provider(scope: Scope):
    counts = care_certificate_counts(memberships=staff_on(scope), on=scope.on)
    names = dict(Organisation.objects.filter(pk__in=list(counts)).values_list("pk", "name"))
    rows = []
    for organisation_id in sorted(counts, key=lambda pk: (names.get(pk, "").lower(), pk)):
        link = team_link(scope, organisation_id)
        rows.append(
            Row(
                str(organisation_id),
                {"provider": names.get(organisation_id, ""), **_status_values(counts[organisation_id])},
                links={"staff": link} if link else {},
            )
        )
    overall = Counter()
    for counter in counts.values():
        overall.update(counter)
    return table(
        [Column("provider", "Provider", TEXT), *_STATUS_COLUMNS],
        rows,
        totals=Row("total", {"provider": "Total", **_status_values(overall)}),
        chart=_chart("provider"),
        notes=[_NOTE],
    )
