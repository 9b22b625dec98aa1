"""The reporting figures, each defined once and reused by dashboards, API, CSV, snapshots and the PDF.

    from reporting.figures import FIGURES, scope_for
    scope = scope_for(request.user, organisation=12, start=..., end=...)
    table = FIGURES["care-certificate"].compute(scope)   # a Table: columns, rows, totals, chart, links

Every figure is a function(scope) -> Table counted by the database in a fixed number of queries, however
many people or providers the scope holds.
"""

from . import activity, care_certificate, development, training, trends, workforce  # noqa: F401  (they register)
from .care_certificate import CareCertificateStatus, care_certificate_counts, care_certificate_statuses
from .memo import shared
from .registry import FIGURES, Figure
from .scope import Scope, ScopeError, default_period, may_view_reports, scope_for
from .table import Cell, Chart, Column, Row, Table
from .trends import summary_of

# The order the dashboard shows them in: "who is out of date" first.
DASHBOARD_ORDER = [
    "mandatory-training",
    "trends",
    "mandatory-training-by-provider",
    "care-certificate",
    "care-certificate-by-provider",
    "oliver-mcgowan",
    "headcount-by-provider",
    "headcount-by-provider-type",
    "headcount-by-job-role",
    "headcount-by-pathway-category",
    "headcount-by-contract-type",
    "qualifications",
    "leadership-cohorts",
    "events",
    "course-feedback",
    "learning-activity",
]
assert set(DASHBOARD_ORDER) == set(FIGURES), "every figure has its place on the dashboard"


def get_figure(key: str) -> Figure | None:
    return FIGURES.get(key)


def compute(key: str, scope: Scope) -> Table:
    """One figure's table for the scope. KeyError for a figure that does not exist."""
    return FIGURES[key].compute(scope)


__all__ = [
    "DASHBOARD_ORDER",
    "FIGURES",
    "CareCertificateStatus",
    "Cell",
    "Chart",
    "Column",
    "Figure",
    "Row",
    "Scope",
    "ScopeError",
    "Table",
    "care_certificate_counts",
    "care_certificate_statuses",
    "compute",
    "default_period",
    "get_figure",
    "may_view_reports",
    "scope_for",
    "shared",
    "summary_of",
]
