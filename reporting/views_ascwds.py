"""The ASC-WDS export pages: a provider's validation report, and its two files to download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .ascwds import ascwds_export_build
from .ascwds.report import exportable_organisation, validation_report


def _csv(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # worker ids and training records
    return response


@login_required
@require_GET
def ascwds_report(request, pk):
    """What the files hold and everything ASC-WDS would reject in them, with the downloads."""
    organisation = exportable_organisation(request.user, pk)
    export = ascwds_export_build(organisation=organisation)
    return render(
        request,
        "reporting/ascwds/report.html",
        {
            "organisation": organisation,
            "export": export,
            "report": validation_report(export=export, viewer=request.user),
        },
    )


@login_required
@require_GET
def ascwds_training_file(request, pk):
    export = ascwds_export_build(organisation=exportable_organisation(request.user, pk))
    return _csv(export.training_csv(), export.training_filename)


@login_required
@require_GET
def ascwds_staff_file(request, pk):
    export = ascwds_export_build(organisation=exportable_organisation(request.user, pk))
    return _csv(export.staff_csv(), export.staff_filename)
