"""Trends from the monthly snapshots (is it getting better?): staff, Care Certificate, mandatory training."""

from __future__ import annotations

from collections import Counter

from academy.models import Organisation
from lms.compliance import ComplianceStatus

from .activity import months
from .care_certificate import CareCertificateStatus
from .registry import figure, table
from .scope import Scope
from .table import COUNT, PERCENT, TEXT, Chart, Column, Row, percent

HELD = [status.value for status in ComplianceStatus if status.is_held]


def summary_of(*, staff: int, care_certificate: dict, mandatory: dict) -> dict:
    """What a snapshot keeps for trends: counts only, so snapshots of several providers add up."""
    return {
        "staff": staff,
        "care_certificate": {
            status.value: care_certificate.get(status.value, 0) for status in CareCertificateStatus
        },
        "mandatory": {status.value: mandatory.get(status.value, 0) for status in ComplianceStatus},
    }


def _snapshot_rows(scope: Scope):
    """The summaries of the snapshots behind the scope, by month, or None when no snapshot can answer it."""
    from reporting.models import Snapshot

    months_wanted = months(scope.start, scope.end)
    snapshots = Snapshot.objects.filter(month__in=months_wanted)
    if scope.organisations is None and not scope.provider_type and not scope.area:
        snapshots = snapshots.filter(organisation__isnull=True)
    else:
        organisations = Organisation.objects.all()
        if scope.organisations is not None:
            organisations = organisations.filter(pk__in=sorted(scope.organisations))
        if scope.provider_type:
            organisations = organisations.filter(type=scope.provider_type)
        if scope.area:
            organisations = organisations.filter(area=scope.area)
        snapshots = snapshots.filter(organisation__in=organisations)
    return snapshots.values_list("month", "summary")


@figure(
    "trends",
    "Trends by month",
    "From the snapshots taken at the end of each month: staff, the Care Certificate completed, and mandatory "
    "training held, expired and missing.",
    period=True,
)
def trends(scope: Scope):
    notes = [
        "Each month as it stood on its last day, from the snapshot taken then. A month without a snapshot "
        "is left blank."
    ]
    totals: dict = {}
    if scope.job_role is not None or scope.pathway_category:
        notes.append(
            "Snapshots are kept for each provider and the whole area, not for job roles or pathway "
            "categories: these trends are for all roles."
        )
    for month, summary in _snapshot_rows(scope):
        found = totals.setdefault(month, {"staff": 0, "care_certificate": Counter(), "mandatory": Counter()})
        found["staff"] += summary.get("staff", 0)
        found["care_certificate"].update(summary.get("care_certificate", {}))
        found["mandatory"].update(summary.get("mandatory", {}))
    rows = []
    for month in months(scope.start, scope.end):
        found = totals.get(month)
        values: dict = {"month": month.strftime("%B %Y")}
        if found is None:
            rows.append(Row(month.strftime("%Y-%m"), values))
            continue
        care = found["care_certificate"]
        mandatory = found["mandatory"]
        required = sum(mandatory.values())
        values.update(
            staff=found["staff"],
            care_certificate_percent=percent(care[CareCertificateStatus.COMPLETED.value], sum(care.values())),
            held_percent=percent(sum(mandatory[s] for s in HELD), required),
            expired=mandatory[ComplianceStatus.EXPIRED.value],
            missing=mandatory[ComplianceStatus.MISSING.value],
        )
        rows.append(Row(month.strftime("%Y-%m"), values))
    return table(
        [
            Column("month", "Month", TEXT),
            Column("staff", "Staff", COUNT),
            Column("care_certificate_percent", "Care Certificate completed (%)", PERCENT),
            Column("held_percent", "Mandatory training held (%)", PERCENT),
            Column("expired", "Expired"),
            Column("missing", "Missing"),
        ],
        rows,
        chart=Chart(
            "month",
            ("held_percent", "care_certificate_percent"),
            summary="Bar chart, month by month, of the share of mandatory training held and of staff with "
            "the Care Certificate completed.",
        ),
        notes=notes,
    )
