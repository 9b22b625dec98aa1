"""Reporting's writes: taking the monthly snapshots, and asking for and making the monthly PDF reports."""

from __future__ import annotations

import datetime
import logging

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from academy import permissions
from academy.models import Organisation

from .figures import FIGURES, Scope, shared, summary_of
from .models import MonthlyReport, ReportStatus, Snapshot

log = logging.getLogger(__name__)

# Figures a snapshot does not keep: trends are read from the snapshots themselves.
_NOT_KEPT = {"trends"}
# The area's by-provider figures a provider's snapshot keeps its own row of.
_BY_PROVIDER = ("headcount-by-provider", "care-certificate-by-provider", "mandatory-training-by-provider")


class ReportError(Exception):
    """Why a report cannot be asked for, in words to show the person."""


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def last_day(month: datetime.date) -> datetime.date:
    return month_of(month) + relativedelta(months=1) - datetime.timedelta(days=1)


def previous_month(today: datetime.date | None = None) -> datetime.date:
    return month_of(today or timezone.localdate()) - relativedelta(months=1)


def month_scope(month: datetime.date, organisation_id: int | None = None) -> Scope:
    """The scope of a month's snapshot or report: the month as it stood on its last day (or today)."""
    first = month_of(month)
    end = min(last_day(first), timezone.localdate())
    return Scope(
        organisations=None if organisation_id is None else frozenset([organisation_id]),
        start=first,
        end=end,
        on=end,
        named_organisations=frozenset(),  # a stored table links to nobody
    )


def _area_summary(tables: dict) -> dict:
    def totals(key):
        return (tables[key].get("totals") or {}).get("values", {})

    return summary_of(
        staff=totals("headcount-by-provider").get("staff") or 0,
        care_certificate=totals("care-certificate-by-provider"),
        mandatory=totals("mandatory-training-by-provider"),
    )


def _provider_parts(tables: dict) -> dict[int, dict]:
    """Each organisation's rows of the area's by-provider tables, and the summary they make."""
    parts: dict[int, dict] = {}
    for key in _BY_PROVIDER:
        data = tables[key]
        for row in data["rows"]:
            organisation = parts.setdefault(int(row["key"]), {})
            organisation[key] = {**data, "rows": [row], "totals": None}
    for found in parts.values():

        def values(key, found=found):
            rows = found.get(key, {}).get("rows") or [{}]
            return rows[0].get("values", {})

        found["_summary"] = summary_of(
            staff=values("headcount-by-provider").get("staff") or 0,
            care_certificate=values("care-certificate-by-provider"),
            mandatory=values("mandatory-training-by-provider"),
        )
    return parts


def snapshots_take(*, month: datetime.date) -> int:
    """Take the month's snapshot of the whole area and of every active organisation. Returns how many.

    Every figure is computed once for the area; an organisation's snapshot is its rows of the area's
    by-provider figures, so a region of thousands of providers costs the same few dozen queries.
    Taking a month again replaces its snapshots.
    """
    month = month_of(month)
    scope = month_scope(month)
    with shared():
        tables = {
            key: figure.compute(scope).as_dict() for key, figure in FIGURES.items() if key not in _NOT_KEPT
        }
    parts = _provider_parts(tables)
    organisations = list(Organisation.objects.filter(is_active=True).values_list("pk", flat=True))
    empty = summary_of(staff=0, care_certificate={}, mandatory={})
    with transaction.atomic():
        Snapshot.objects.update_or_create(
            month=month, organisation=None, defaults={"summary": _area_summary(tables), "figures": tables}
        )
        Snapshot.objects.filter(month=month, organisation__isnull=False).delete()
        made = []
        for organisation_id in organisations:
            found = parts.get(organisation_id, {})
            summary = found.pop("_summary", empty)
            made.append(
                Snapshot(month=month, organisation_id=organisation_id, summary=summary, figures=found)
            )
        Snapshot.objects.bulk_create(made, batch_size=500)
    return 1 + len(made)


# --- Monthly PDF reports --------------------------------------------------------------------------


def _check_may_report(*, by, organisation: Organisation | None) -> None:
    if organisation is None:
        if not permissions.sees_all_organisations(by):
            raise PermissionDenied("Only the council's team reports on the whole area.")
    elif not permissions.can_view_organisation(by, organisation):
        raise PermissionDenied("You cannot report on that organisation.")


def monthly_report_request(
    *, by, month: datetime.date, organisation: Organisation | None = None
) -> MonthlyReport:
    """Ask for a month's report to be made now (again, if it exists), for an organisation or the area.

    The report is made by a background task once this transaction commits.
    """
    _check_may_report(by=by, organisation=organisation)
    month = month_of(month)
    if month > month_of(timezone.localdate()):
        raise ReportError("Choose this month or an earlier one: a report cannot cover the future.")
    with transaction.atomic():
        report, _ = MonthlyReport.objects.select_for_update().update_or_create(
            month=month,
            organisation=organisation,
            defaults={"status": ReportStatus.PENDING, "error": "", "requested_by": by},
        )
        transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def _enqueue(report_id: int) -> None:
    from .tasks import generate_monthly_report

    generate_monthly_report.delay(report_id)


def monthly_reports_request_all(*, month: datetime.date) -> list[int]:
    """The month's reports for the area and every active organisation, each made by its own task."""
    month = month_of(month)
    organisations = [None, *Organisation.objects.filter(is_active=True).values_list("pk", flat=True)]
    ids = []
    with transaction.atomic():
        for organisation_id in organisations:
            report, _ = MonthlyReport.objects.update_or_create(
                month=month,
                organisation_id=organisation_id,
                defaults={"status": ReportStatus.PENDING, "error": "", "requested_by": None},
            )
            ids.append(report.pk)
        transaction.on_commit(lambda: [_enqueue(pk) for pk in ids])
    return ids


RENDERER_MISSING = (
    "The monthly PDF cannot be made yet: the report renderer (reporting.pdf.render_monthly_report) is not "
    "installed. The figures are on the reporting pages and in their CSV files."
)
RENDER_FAILED = "The report could not be made. The academy team has been told; try again later."


def _renderer():
    try:
        from .pdf import render_monthly_report
    except ImportError:
        return None
    return render_monthly_report


def monthly_report_generate(*, report: MonthlyReport) -> MonthlyReport:
    """Make the report's PDF and keep it, or record why it could not be made."""
    render = _renderer()
    if render is None:
        report.status, report.error = ReportStatus.FAILED, RENDERER_MISSING
        report.save(update_fields=["status", "error"])
        return report
    try:
        pdf = render(month_scope(report.month, report.organisation_id), report.month)
    except Exception:
        log.exception("Monthly report %s could not be made", report.pk)
        report.status, report.error = ReportStatus.FAILED, RENDER_FAILED
        report.save(update_fields=["status", "error"])
        return report
    old = report.file.name if report.file else ""
    report.file.save(report.filename, ContentFile(pdf), save=False)
    report.status, report.error, report.generated_at = ReportStatus.READY, "", timezone.now()
    report.save(update_fields=["file", "status", "error", "generated_at"])
    if old and old != report.file.name:
        report.file.storage.delete(old)
    return report
