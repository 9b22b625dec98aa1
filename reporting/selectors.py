"""Reporting's reads for its pages: the dashboard's headlines, and the monthly reports a viewer may open."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from academy import permissions

from .figures import Scope, Table
from .figures.staff import team_link
from .models import MonthlyReport


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    detail: str = ""
    link: str | None = None
    link_text: str = ""


def _change(trend: Table | None, column: str, *, better_when: str) -> str:
    """How a trend column moved between its last two months with a snapshot, in words."""
    if trend is None:
        return ""
    kept = [row for row in trend.rows if row.values.get(column) is not None]
    if len(kept) < 2:
        return "No earlier month to compare with yet."
    before, now = kept[-2].values, kept[-1].values
    difference = round(now[column] - before[column], 1)
    unit = " percentage points" if trend.column(column).kind == "percent" else ""
    if difference == 0:
        return f"No change between {before['month']} and {now['month']}."
    went = "up" if difference > 0 else "down"
    better = (difference > 0) == (better_when == "up")
    verdict = "better" if better else "worse"
    return (
        f"{went.capitalize()} {abs(difference):g}{unit} from {before['month']} to {now['month']}: {verdict}."
    )


def headlines(*, tables: dict[str, Table], scope: Scope) -> list[Headline]:
    """Who is out of date, and is it getting better: the few numbers the dashboard opens with."""
    found = []
    mandatory = tables.get("mandatory-training")
    trend = tables.get("trends")
    if mandatory is not None and mandatory.totals is not None:
        totals = mandatory.totals.values
        found.append(
            Headline(
                "Mandatory training held",
                mandatory.column("held_percent").format(totals.get("held_percent")),
                _change(trend, "held_percent", better_when="up"),
            )
        )
        found.append(
            Headline(
                "Expired or missing",
                f"{totals.get('expired', 0) + totals.get('missing', 0):,}",
                f"{totals.get('expired', 0):,} expired, {totals.get('missing', 0):,} never done. "
                + _change(trend, "expired", better_when="down"),
                team_link(scope, scope.organisation, status="expired"),
                "See who has expired training",
            )
        )
        found.append(
            Headline(
                "Expiring within 30 days",
                f"{totals.get('expiring_30', 0):,}",
                "Book them on now to stay in date.",
                team_link(scope, scope.organisation, status="expiring_30"),
                "See whose training is expiring",
            )
        )
    care = tables.get("care-certificate")
    if care is not None:
        completed = next((row for row in care.rows if row.key == "completed"), None)
        if completed is not None:
            found.append(
                Headline(
                    "Care Certificate completed",
                    care.column("share").format(completed.values.get("share")),
                    _change(trend, "care_certificate_percent", better_when="up"),
                )
            )
    return found


def least_held(*, table: Table | None, count: int = 5) -> list:
    """The providers holding the smallest share of their required training: where to look first."""
    if table is None:
        return []
    rows = [row for row in table.rows if row.values.get("held_percent") is not None]
    return sorted(rows, key=lambda row: (row.values["held_percent"], row.values.get("provider", "")))[:count]


# --- Monthly reports ---------------------------------------------------------------------------


def reports_for(user) -> QuerySet[MonthlyReport]:
    """The monthly reports the user may open: their organisations', and the area's for council-wide roles."""
    reports = MonthlyReport.objects.select_related("organisation").order_by(
        "-month", "organisation__name", "pk"
    )
    if permissions.sees_all_organisations(user):
        return reports
    return reports.filter(Q(organisation__in=permissions.organisations_visible_to(user)))


def report_for(user, pk) -> MonthlyReport:
    try:
        return reports_for(user).get(pk=int(pk))
    except (MonthlyReport.DoesNotExist, ValueError, TypeError):
        raise Http404("No such report.") from None


def report_months(*, today: datetime.date, count: int = 24) -> list[datetime.date]:
    """The months a report can be asked for: this one and those before it."""
    month = today.replace(day=1)
    found = []
    for _ in range(count):
        found.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return found
