"""The whole area's slowest figures, kept ready: what lets the council's dashboard open in under a second.

Counting a region live takes seconds (compliance alone is a million requirement statuses worked out from
millions of completions). So Celery beat counts the whole area's dashboard figures every
`REPORTING_KEEP_MINUTES`, and a viewer whose scope is exactly that one (every provider, no filters, today,
the default period) is shown those tables with the time they were counted. Any filter, a provider's own
dashboard, or a viewer who may follow some providers' numbers to named staff gets figures counted there
and then. Kept figures older than twice the interval (beat has stopped) are counted again on the spot.
"""

from __future__ import annotations

import datetime
import json
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from .figures import FIGURES, Scope, Table, shared
from .models import KeptFigures

# The slow ones, each over the whole region: compliance by topic and by provider (one count), and the
# Care Certificate in total and by provider (one count).
KEPT = (
    "mandatory-training",
    "mandatory-training-by-provider",
    "care-certificate",
    "care-certificate-by-provider",
)


@dataclass(frozen=True)
class Counted:
    """Tables by figure key, and when they were counted (None: just now, for this request)."""

    tables: dict[str, Table]
    counted_at: datetime.datetime | None = None

    @property
    def kept(self) -> bool:
        return self.counted_at is not None


def interval() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.REPORTING_KEEP_MINUTES)


def area_scope(on: datetime.date | None = None) -> Scope:
    """Every provider, the default period up to today; counted with every link (trimmed per viewer)."""
    return Scope(on=on or timezone.localdate(), named_organisations=None)


def _key(scope: Scope) -> str:
    return json.dumps(scope.as_dict(), sort_keys=True)


def _keepable(scope: Scope) -> bool:
    # Someone who may name some providers' staff but not others' would need the links trimmed row by
    # row; they are few (a commissioner who also manages a provider), and are counted for live.
    return scope == area_scope() and (scope.named_organisations is None or not scope.named_organisations)


def keep_area_figures(*, on: datetime.date | None = None) -> KeptFigures:
    """Count the whole area's kept figures now and keep them (beat's job; also run on a miss)."""
    scope = area_scope(on)
    started = time.perf_counter()
    with shared():
        tables = {key: FIGURES[key].compute(scope).as_dict() for key in KEPT}
    seconds = time.perf_counter() - started
    kept, _ = KeptFigures.objects.update_or_create(
        scope=_key(scope),
        defaults={"tables": tables, "counted_at": timezone.now(), "seconds": round(seconds, 3)},
    )
    # Yesterday's are of no more use to anyone.
    KeptFigures.objects.exclude(pk=kept.pk).delete()
    return kept


def _for_viewer(data: dict, scope: Scope) -> Table:
    table = Table.from_dict(data)
    if scope.named_organisations is not None:
        # Kept with every link; this viewer may name nobody's staff (see _keepable).
        for row in [*table.rows, *([table.totals] if table.totals else [])]:
            row.links = {}
    return table


def tables_for(scope: Scope, keys) -> Counted:
    """The figures' tables for the scope: kept ones where the scope is the whole area's, else live."""
    keys = list(keys)
    if not keys or not _keepable(scope) or not set(keys) <= set(KEPT):
        with shared():
            return Counted({key: FIGURES[key].compute(scope) for key in keys})
    found = KeptFigures.objects.filter(scope=_key(area_scope())).first()
    if found is None or found.counted_at < timezone.now() - 2 * interval():
        found = keep_area_figures()
    return Counted({key: _for_viewer(found.tables[key], scope) for key in keys}, found.counted_at)
