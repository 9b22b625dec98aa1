"""What happened in the period: event bookings and attendance, course feedback, learning activity by month.

Each event counts for the provider the person worked for on the day it happened (their membership then,
narrowed by the scope's filters), so a mover's earlier bookings and learning stay with their old provider.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncDate, TruncMonth

from cms.events.models import Attendance, Booking, BookingStatus, EventKind
from lms.models import CourseFeedback
from lms.models.enrolment import FeedbackChange
from lrs.models import Statement
from lrs.recording import Verb

from .registry import figure, table
from .scope import Scope
from .staff import day_end, day_start, in_post_when, in_post_when_actor
from .table import NUMBER, PERCENT, TEXT, Chart, Column, Row, percent

COMPLETION_VERBS = [Verb.COMPLETED.value, Verb.PASSED.value]


def _period(scope: Scope) -> tuple[datetime.datetime, datetime.datetime]:
    return day_start(scope.start), day_end(scope.end)


@figure(
    "events",
    "Events: bookings and attendance",
    "For each kind of event in the period: places booked, attendance as the registers recorded it, and the "
    "no-show rate.",
    period=True,
)
def events(scope: Scope):
    start, end = _period(scope)
    marked = Q(attendance__in=[Attendance.ATTENDED, Attendance.PARTLY_ATTENDED, Attendance.NO_SHOW])
    found = (
        Booking.objects.filter(
            status=BookingStatus.BOOKED, session__starts_at__gte=start, session__starts_at__lt=end
        )
        .annotate(day=TruncDate("session__starts_at"))
        .filter(in_post_when(scope, person="person_id", day="day"))
        .values("session__page__kind")
        .annotate(
            bookings=Count("pk"),
            attended=Count("pk", filter=Q(attendance=Attendance.ATTENDED)),
            partly=Count("pk", filter=Q(attendance=Attendance.PARTLY_ATTENDED)),
            no_show=Count("pk", filter=Q(attendance=Attendance.NO_SHOW)),
            marked=Count("pk", filter=marked),
        )
        .order_by()
    )
    counts = {item["session__page__kind"]: item for item in found}
    keys = ("bookings", "attended", "partly", "no_show", "marked")
    totals = dict.fromkeys(keys, 0)
    rows = []
    for value, label in EventKind.choices:
        item = counts.get(value)
        if item is None:
            continue
        for key in keys:
            totals[key] += item[key]
        rows.append(Row(value, _event_values(label, item)))
    return table(
        [
            Column("kind", "Kind of event", TEXT),
            Column("bookings", "Places booked"),
            Column("attended", "Attended"),
            Column("partly", "Partly attended"),
            Column("no_show", "No-shows"),
            Column("not_marked", "Not yet marked"),
            Column("no_show_rate", "No-show rate", PERCENT),
        ],
        rows,
        totals=Row("total", _event_values("Total", totals)),
        chart=Chart(
            "kind",
            ("attended", "partly", "no_show", "not_marked"),
            stacked=True,
            summary="Stacked bar chart of places booked on each kind of event, by attendance.",
        ),
        notes=[
            "Places booked on sessions in the period (cancelled bookings and waiting lists left out). "
            "The no-show rate is no-shows out of the places whose attendance has been marked."
        ],
    )


def _event_values(label: str, item: dict) -> dict:
    return {
        "kind": label,
        "bookings": item["bookings"],
        "attended": item["attended"],
        "partly": item["partly"],
        "no_show": item["no_show"],
        "not_marked": item["bookings"] - item["marked"],
        "no_show_rate": percent(item["no_show"], item["marked"]),
    }


@figure(
    "course-feedback",
    "Course feedback",
    "For each course: how learners rated it in the period, and whether they said it will change how they "
    "work.",
    period=True,
)
def course_feedback(scope: Scope):
    start, end = _period(scope)
    found = (
        CourseFeedback.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
        .annotate(day=TruncDate("submitted_at"))
        .filter(in_post_when(scope, person="enrolment__learner_id", day="day"))
        .values("enrolment__course_id", "enrolment__course__title")
        .annotate(
            responses=Count("pk"),
            rating=Avg("rating"),
            yes=Count("pk", filter=Q(will_change_practice=FeedbackChange.YES)),
            not_sure=Count("pk", filter=Q(will_change_practice=FeedbackChange.NOT_SURE)),
            no=Count("pk", filter=Q(will_change_practice=FeedbackChange.NO)),
        )
        .order_by("enrolment__course__title", "enrolment__course_id")
    )
    rows = []
    totals = {"responses": 0, "yes": 0, "not_sure": 0, "no": 0, "points": 0.0}
    for item in found:
        rows.append(
            Row(
                str(item["enrolment__course_id"]),
                {
                    "course": item["enrolment__course__title"],
                    "responses": item["responses"],
                    "rating": round(float(item["rating"]), 1) if item["rating"] is not None else None,
                    "yes": item["yes"],
                    "not_sure": item["not_sure"],
                    "no": item["no"],
                    "yes_percent": percent(item["yes"], item["responses"]),
                },
            )
        )
        for key in ("responses", "yes", "not_sure", "no"):
            totals[key] += item[key]
        totals["points"] += float(item["rating"] or 0) * item["responses"]
    return table(
        [
            Column("course", "Course", TEXT),
            Column("responses", "Responses"),
            Column("rating", "Average rating (1 to 5)", NUMBER),
            Column("yes", "Will change how they work: yes"),
            Column("not_sure", "Not sure"),
            Column("no", "No"),
            Column("yes_percent", "Yes (%)", PERCENT),
        ],
        rows,
        totals=Row(
            "total",
            {
                "course": "Total",
                "responses": totals["responses"],
                "rating": round(totals["points"] / totals["responses"], 1) if totals["responses"] else None,
                "yes": totals["yes"],
                "not_sure": totals["not_sure"],
                "no": totals["no"],
                "yes_percent": percent(totals["yes"], totals["responses"]),
            },
        ),
        chart=Chart(
            "course",
            ("yes", "not_sure", "no"),
            stacked=True,
            summary="Stacked bar chart of whether learners said each course will change how they work.",
        ),
        notes=["Feedback given in the period by learners after completing a course."],
    )


def months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first day of every month from the one `start` is in to the one `end` is in."""
    month = start.replace(day=1)
    found = []
    while month <= end:
        found.append(month)
        month += relativedelta(months=1)
    return found


def _as_month(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    return value.replace(day=1)


@figure(
    "learning-activity",
    "Learning activity by month",
    "From the learning records: completions and passes recorded each month, and how many people were "
    "learning.",
    period=True,
)
def learning_activity(scope: Scope):
    start, end = _period(scope)
    found = (
        Statement.objects.filter(timestamp__gte=start, timestamp__lt=end, voided=False)
        .exclude(verb_id=Verb.VOIDED.value)
        .annotate(day=TruncDate("timestamp"), month=TruncMonth("timestamp"))
        .filter(in_post_when_actor(scope, actor_key="actor_key", day="day"))
        .values("month")
        .annotate(
            completions=Count("seq", filter=Q(verb_id__in=COMPLETION_VERBS)),
            learners=Count("actor_key", distinct=True),
        )
        .order_by()
    )
    counts = {_as_month(item["month"]): item for item in found}
    rows = []
    for month in months(scope.start, scope.end):
        item = counts.get(month, {"completions": 0, "learners": 0})
        rows.append(
            Row(
                month.strftime("%Y-%m"),
                {
                    "month": month.strftime("%B %Y"),
                    "completions": item["completions"],
                    "learners": item["learners"],
                },
            )
        )
    return table(
        [
            Column("month", "Month", TEXT),
            Column("completions", "Completions recorded"),
            Column("learners", "Active learners"),
        ],
        rows,
        totals=Row(
            "total",
            {"month": "Total", "completions": sum(r.values["completions"] for r in rows), "learners": None},
        ),
        chart=Chart(
            "month",
            ("completions", "learners"),
            summary="Bar chart of completions recorded and active learners in each month of the period.",
        ),
        notes=[
            "Completions: statements that something was completed or passed (a unit, a knowledge check, "
            "a course or a programme); voided statements are left out. Active learners: people with any "
            "learning record that month. Each counts where the person worked on the day."
        ],
    )
