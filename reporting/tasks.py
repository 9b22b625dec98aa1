"""Reporting's Celery tasks: monthly snapshots and reports, the kept area figures; each calls a service."""

from __future__ import annotations

import datetime

from celery import shared_task

from . import kept, services
from .models import MonthlyReport


def _month(value: str | None) -> datetime.date:
    # Beat runs on the 1st and reports on the month just ended; an ISO date picks another month.
    return datetime.date.fromisoformat(value) if value else services.previous_month()


@shared_task
def take_monthly_snapshots(month: str | None = None) -> int:
    """The month's snapshots of the area and every active organisation (the month just ended by default)."""
    return services.snapshots_take(month=_month(month))


@shared_task
def generate_monthly_reports(month: str | None = None) -> int:
    """Ask for the month's reports (the area's and each organisation's), each made by its own task."""
    return len(services.monthly_reports_request_all(month=_month(month)))


@shared_task
def generate_monthly_report(report_id: int) -> str:
    report = MonthlyReport.objects.filter(pk=report_id).select_related("organisation").first()
    if report is None:
        return "gone"
    return services.monthly_report_generate(report=report).status


@shared_task
def keep_area_figures() -> float:
    """Count the council's kept figures again (every REPORTING_KEEP_MINUTES); returns the seconds taken."""
    return round(sum(found.seconds for found in kept.keep_area_figures()), 3)
