"""The reporting pages: the dashboard, a figure with its chart and table, its CSV, and the monthly reports.

Each reads the filters, asks the figures for the scope the viewer may see, and renders.
"""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from academy import permissions

from . import kept, qualifications, selectors, services
from .charts import drawing_for
from .csv_files import filename, table_csv
from .figures import DASHBOARD_ORDER, FIGURES, ScopeError, may_view_reports, scope_for, shared
from .filters import ReportFilter
from .forms import QualificationForm, ReportRequestForm
from .models import ReportStatus

# The dashboard's own figures, in its order; every other figure is a link from it.
ON_DASHBOARD = ["mandatory-training", "trends", "care-certificate", "mandatory-training-by-provider"]


def _filtered(request):
    """The filters as sent, and the scope they make for this viewer (None when the filters have errors)."""
    if not may_view_reports(request.user):
        raise PermissionDenied("Reports are for providers' managers and the council.")
    filters = ReportFilter(request.GET or None, user=request.user)
    if filters.is_bound and filters.asks_for_hidden_organisation:
        raise Http404("No such organisation.")
    if filters.is_bound and not filters.form.is_valid():
        return filters, None
    try:
        scope = scope_for(request.user, **filters.scope_values())
    except ScopeError as problem:
        if not filters.is_bound:
            raise
        filters.refuse(problem.field, str(problem))
        return filters, None
    return filters, scope


# A table longer than this is shown a page at a time (its CSV file has every row).
ROWS_PER_PAGE = 100


def _panel(table, request=None):
    """A table, its chart, and which of its rows this page shows."""
    page = Paginator(table.rows, ROWS_PER_PAGE).get_page(request.GET.get("page") if request else 1)
    shown = table if len(table.rows) <= ROWS_PER_PAGE else replace(table, rows=list(page.object_list))
    return {"table": shown, "drawing": drawing_for(table), "page": page, "whole": table}


@login_required
@require_GET
def dashboard(request):
    filters, scope = _filtered(request)
    tables = {}
    counted_at = None
    if scope is not None:
        keys = [
            key
            for key in ON_DASHBOARD
            if key != "mandatory-training-by-provider" or scope.organisation is None
        ]
        # The whole area's slow figures come ready counted (reporting/kept.py); the rest are counted now.
        counted = kept.tables_for(scope, [key for key in keys if key in kept.KEPT])
        counted_at = counted.counted_at
        with shared():
            tables = {key: counted.tables.get(key) or FIGURES[key].compute(scope) for key in keys}
    return render(
        request,
        "reporting/dashboard.html",
        {
            "filters": filters,
            "scope": scope,
            # A locality's providers fit on the dashboard; a region's are on the figure's own page.
            "panels": [
                _panel(tables[key])
                for key in ON_DASHBOARD
                if key in tables and len(tables[key].rows) <= ROWS_PER_PAGE
            ],
            "headlines": selectors.headlines(tables=tables, scope=scope) if scope is not None else [],
            "least_held": selectors.least_held(table=tables.get("mandatory-training-by-provider")),
            "figures": [FIGURES[key] for key in DASHBOARD_ORDER if key not in ON_DASHBOARD],
            "query": filters.query_string(),
            **_counted_context(counted_at),
        },
        status=200 if scope is not None else 400,
    )


def _counted_context(counted_at) -> dict:
    return {"counted_at": counted_at, "keep_minutes": settings.REPORTING_KEEP_MINUTES}


def _figure(key: str):
    figure = FIGURES.get(key)
    if figure is None:
        raise Http404("No such figure.")
    return figure


@login_required
@require_GET
def figure_detail(request, key):
    figure = _figure(key)
    filters, scope = _filtered(request)
    counted = kept.tables_for(scope, [key]) if scope is not None else None
    table = counted.tables[key] if counted else None
    return render(
        request,
        "reporting/figure.html",
        {
            "figure": figure,
            "filters": filters,
            "scope": scope,
            "panel": _panel(table, request) if table is not None else None,
            "query": filters.query_string(),
            **_counted_context(counted.counted_at if counted else None),
        },
        status=200 if scope is not None else 400,
    )


@login_required
@require_GET
def figure_csv(request, key):
    _figure(key)
    filters, scope = _filtered(request)
    if scope is None:
        problems = [str(error) for errors in filters.errors.values() for error in errors]
        return HttpResponse(
            "The file could not be made: " + " ".join(problems),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    table = kept.tables_for(scope, [key]).tables[key]
    response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(table, scope)}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def monthly_reports(request):
    """The monthly reports kept for download, and asking for one to be made now."""
    if not may_view_reports(request.user):
        raise PermissionDenied("Reports are for providers' managers and the council.")
    form = ReportRequestForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.monthly_report_request(
                by=request.user,
                month=form.cleaned_data["month"],
                organisation=form.cleaned_data["organisation"],
            )
        except services.ReportError as problem:
            form.add_error("month", str(problem))
        else:
            report.refresh_from_db()
            if report.status == ReportStatus.READY:
                messages.success(request, f"{report} is ready to download.")
            elif report.status == ReportStatus.FAILED:
                messages.error(request, report.error)
            else:
                messages.info(request, f"{report} is being made. Refresh this page in a minute.")
            return redirect("reporting_monthly_reports")
    page = Paginator(selectors.reports_for(request.user), 24).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/monthly_reports.html",
        {"form": form, "page": page, "sees_area": permissions.sees_all_organisations(request.user)},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def monthly_report_download(request, pk):
    report = selectors.report_for(request.user, pk)
    if report.status != ReportStatus.READY or not report.file:
        raise Http404("That report is not ready.")
    return FileResponse(
        report.file.open("rb"), as_attachment=True, filename=report.filename, content_type="application/pdf"
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_qualifications(request, pk):
    """A provider's staff and their qualifications, and recording one: for the provider's managers."""
    organisation = permissions.get_organisation_for(request.user, pk, manage=True)
    staff = permissions.people_managed_by(request.user).filter(
        memberships__in=qualifications.team_qualifications(organisation=organisation)
    )
    form = QualificationForm(
        request.POST if request.method == "POST" else None, staff=staff.distinct().order_by("last_name")
    )
    if request.method == "POST" and form.is_valid():
        try:
            added = qualifications.qualification_add(by=request.user, **form.cleaned_data)
        except qualifications.QualificationError as problem:
            form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        else:
            messages.success(request, f"{added.title} recorded for {added.person.display_name}.")
            return redirect("reporting_team_qualifications", pk=organisation.pk)
    page = Paginator(qualifications.team_qualifications(organisation=organisation), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reporting/team_qualifications.html",
        {"organisation": organisation, "form": form, "page": page},
        status=400 if form.errors else 200,
    )
