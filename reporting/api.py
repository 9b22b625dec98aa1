"""The reporting figures as JSON under /api/v1/reporting/ (django-ninja), documented in /api/v1/openapi.json.

Signed-in users only (the session cookie of the site), each limited to what they may see as on the pages:
a provider's managers their own organisations, the council's roles every provider. The filters are the
pages' own (`ReportFilter`), so a bad value gets the same words, as a 400 with the problems by field.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from ninja.security import django_auth

from . import kept
from .figures import DASHBOARD_ORDER, FIGURES, ScopeError, Table, may_view_reports, scope_for
from .filters import ReportFilter

router = Router(tags=["reporting"], auth=django_auth)


class ColumnOut(Schema):
    key: str
    label: str
    kind: Literal["text", "count", "percent", "number"]


class RowOut(Schema):
    key: str
    values: dict[str, int | float | str | None]
    links: dict[str, str] = {}


class ChartOut(Schema):
    label: str
    series: list[str]
    stacked: bool
    summary: str


class ScopeOut(Schema):
    organisations: list[int] | None
    provider_type: str
    area: str
    job_role: int | None
    pathway_category: str
    start: datetime.date
    end: datetime.date
    on: datetime.date


class FigureOut(Schema):
    key: str
    title: str
    description: str
    uses_period: bool


class TableOut(Schema):
    key: str
    title: str
    description: str
    columns: list[ColumnOut]
    rows: list[RowOut]
    totals: RowOut | None
    chart: ChartOut | None
    notes: list[str]
    scope: ScopeOut
    counted_at: datetime.datetime | None = Field(
        None,
        description="When the whole area's figures kept ready were counted (beat counts them every few "
        "minutes); null when counted for this request.",
    )


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class Filters(Schema):
    """The same filters as the reporting pages; leave any out for all."""

    provider: str = Query(
        "", description="An organisation id: only that provider's staff (404 if not yours)."
    )
    provider_type: str = Query(
        "", description="residential, nursing, home_care, supported_living, council, other."
    )
    area: str = Query("", description="An area (locality) as organisations record it.")
    job_role: str = Query("", description="A job role id.")
    pathway_category: str = Query("", description="A care workforce pathway category, such as new_to_care.")
    start: str = Query(
        "", description="The period's first day, DD/MM/YYYY or YYYY-MM-DD. Default: 12 months back."
    )
    end: str = Query("", description="The period's last day and the report date. Default: today.")


@router.get("/figures", response={200: list[FigureOut], 403: ErrorOut}, summary="The figures there are")
def figure_list(request):
    """Every figure, in the dashboard's order: its key (for `/figures/{key}`), title and what it counts."""
    if not may_view_reports(request.user):
        return Status(403, {"detail": "Reports are for providers' managers and the council."})
    return Status(
        200,
        [
            {
                "key": figure.key,
                "title": figure.title,
                "description": figure.description,
                "uses_period": figure.uses_period,
            }
            for figure in (FIGURES[key] for key in DASHBOARD_ORDER)
        ],
    )


@router.get(
    "/figures/{key}",
    response={200: TableOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="One figure's table, for the filters given",
)
def figure_detail(request, key: str, filters: Query[Filters]):
    """The figure's columns, rows (with links to the people behind a number where the caller may see them),
    totals, how its chart is drawn, notes on what it counts, and the scope it was counted for."""
    figure = FIGURES.get(key)
    if figure is None:
        return Status(404, {"detail": f"There is no figure called {key!r}: see /figures for their keys."})
    if not may_view_reports(request.user):
        return Status(403, {"detail": "Reports are for providers' managers and the council."})
    data = QueryDict(mutable=True)
    for name, value in filters.model_dump().items():
        if value:
            data[name] = value
    form = ReportFilter(data or None, user=request.user)
    try:
        if form.is_bound and form.asks_for_hidden_organisation:
            raise Http404
        if form.is_bound and not form.form.is_valid():
            return Status(400, _problems(form))
        scope = scope_for(request.user, **form.scope_values())
    except Http404:
        return Status(404, {"detail": "No such organisation."})
    except ScopeError as problem:
        return Status(400, {"detail": str(problem), "errors": {problem.field or "filters": [str(problem)]}})
    except PermissionDenied as refusal:
        return Status(403, {"detail": str(refusal)})
    counted = kept.tables_for(scope, [key])
    table: Table = counted.tables[key]
    return Status(200, {**table.as_dict(), "scope": scope.as_dict(), "counted_at": counted.counted_at})


def _problems(form: ReportFilter) -> dict:
    errors = {name: [str(error) for error in found] for name, found in form.errors.items()}
    return {"detail": " ".join(message for found in errors.values() for message in found), "errors": errors}
