"""The council's slowest figures, kept ready: what lets its dashboard open in under a second.

Counting a region live takes seconds (compliance alone is a million requirement statuses worked out from
millions of completions). So Celery beat counts the dashboard's slow figures every
`REPORTING_KEEP_MINUTES` for the council's everyday views: the whole area, each area (locality) and each
provider type, today, over the default period. A viewer whose scope is exactly one of those is shown the
kept tables with the time they were counted. Any other filter, a provider's own dashboard, or a viewer
who may follow some providers' numbers to named staff gets figures counted there and then. Kept figures
older than twice the interval (beat has stopped) are counted again on the spot.
"""

from __future__ import annotations

import datetime
import json
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from academy.models import Organisation

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


def area_scope(on: datetime.date | None = None, *, area: str = "", provider_type: str = "") -> Scope:
    """Every provider (of one area or type), the default period up to today; with every link (trimmed
    per viewer)."""
    return Scope(
        on=on or timezone.localdate(), area=area, provider_type=provider_type, named_organisations=None
    )


def kept_scopes(on: datetime.date | None = None) -> list[Scope]:
    """The scopes beat keeps: the whole area, each area its providers are in, each provider type."""
    active = Organisation.objects.filter(is_active=True)
    areas = active.exclude(area="").values_list("area", flat=True).distinct().order_by("area")
    types = active.values_list("type", flat=True).distinct().order_by("type")
    return [
        area_scope(on),
        *(area_scope(on, area=area) for area in areas),
        *(area_scope(on, provider_type=kind) for kind in types if kind),
    ]


def _key(scope: Scope) -> str:
    return json.dumps(scope.as_dict(), sort_keys=True)


def _kept_shape(scope: Scope) -> Scope | None:
    """The kept scope this one is, if it is one: every provider, or one area's, or one type's, today."""
    if scope.area and scope.provider_type:
        return None
    shape = area_scope(area=scope.area, provider_type=scope.provider_type)
    # Someone who may name some providers' staff but not others' would need the links trimmed row by
    # row; they are few (a commissioner who also manages a provider), and are counted for live.
    named_ok = scope.named_organisations is None or not scope.named_organisations
    return shape if scope == shape and named_ok else None


def keep_scope(scope: Scope) -> KeptFigures:
    """Count one scope's kept figures now and keep them."""
    started = time.perf_counter()
    with shared():
        tables = {key: FIGURES[key].compute(scope).as_dict() for key in KEPT}
    seconds = time.perf_counter() - started
    kept, _ = KeptFigures.objects.update_or_create(
        scope=_key(scope),
        defaults={"tables": tables, "counted_at": timezone.now(), "seconds": round(seconds, 3)},
    )
    return kept


def keep_area_figures(*, on: datetime.date | None = None) -> list[KeptFigures]:
    """Count every kept scope's figures now and keep them (beat's job). Returns what it kept."""
    kept = [keep_scope(scope) for scope in kept_scopes(on)]
    # Yesterday's, and those of an area no provider is in any more, are of no use to anyone.
    KeptFigures.objects.exclude(pk__in=[found.pk for found in kept]).delete()
    return kept


def _for_viewer(data: dict, scope: Scope) -> Table:
    table = Table.from_dict(data)
    if scope.named_organisations is not None:
        # Kept with every link; this viewer may name nobody's staff (see _keepable).
        for row in [*table.rows, *([table.totals] if table.totals else [])]:
            row.links = {}
    return table


def tables_for(scope: Scope, keys) -> Counted:
    """The figures' tables for the scope: kept ones where the scope is a kept one, else counted now."""
    keys = list(keys)
    shape = _kept_shape(scope) if keys and set(keys) <= set(KEPT) else None
    if shape is None:
        with shared():
            return Counted({key: FIGURES[key].compute(scope) for key in keys})
    found = KeptFigures.objects.filter(scope=_key(shape)).first()
    if found is None or found.counted_at < timezone.now() - 2 * interval():
        found = keep_scope(shape)
    return Counted({key: _for_viewer(found.tables[key], scope) for key in keys}, found.counted_at)
