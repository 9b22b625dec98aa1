"""What a figure is about: which staff, which period and which day, clamped to what the viewer may see."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from academy import permissions
from academy.models import Organisation, OrganisationType, PathwayCategory

# A period longer than this is a mistake (or an attempt to make the server count centuries).
MAX_PERIOD_YEARS = 10


class ScopeError(ValueError):
    """A scope that cannot be reported on, in words to show the person who asked for it."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def default_period(on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Twelve calendar months up to the report date: the month of `on` and the eleven before it."""
    return on.replace(day=1) - relativedelta(months=11), on


@dataclass(frozen=True)
class Scope:
    """Which staff a figure counts and when.

    `organisations` None means every organisation; otherwise only those (an empty set counts nobody).
    Point-in-time figures count the staff in post on `on`, the report date; period figures count what
    happened from `start` to `end` (both days included), each event where the person worked that day.
    `named_organisations` are those whose staff the viewer may see by name (None: every one), so a
    figure knows which of its numbers may link to the people behind them.
    """

    organisations: frozenset[int] | None = None
    provider_type: str = ""
    area: str = ""
    job_role: int | None = None
    pathway_category: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    on: datetime.date | None = None
    named_organisations: frozenset[int] | None = field(default=frozenset(), compare=False)

    def __post_init__(self):
        on = self.on or self.end or timezone.localdate()
        start, end = default_period(on)
        object.__setattr__(self, "on", on)
        object.__setattr__(self, "end", self.end or end)
        object.__setattr__(self, "start", self.start or start)
        if self.organisations is not None and not isinstance(self.organisations, frozenset):
            object.__setattr__(self, "organisations", frozenset(self.organisations))
        if self.named_organisations is not None and not isinstance(self.named_organisations, frozenset):
            object.__setattr__(self, "named_organisations", frozenset(self.named_organisations))
        if self.start > self.end:
            raise ScopeError("The start of the period must be on or before its end", field="start")
        if self.end - self.start > datetime.timedelta(days=366 * MAX_PERIOD_YEARS):
            raise ScopeError(f"Choose a period of at most {MAX_PERIOD_YEARS} years", field="start")
        if self.provider_type and self.provider_type not in OrganisationType.values:
            raise ScopeError("Choose a provider type from the list", field="provider_type")
        if self.pathway_category and self.pathway_category not in PathwayCategory.values:
            raise ScopeError("Choose a pathway category from the list", field="pathway_category")

    @property
    def organisation(self) -> int | None:
        """The one organisation the scope is about, if it is about exactly one."""
        if self.organisations is not None and len(self.organisations) == 1:
            return next(iter(self.organisations))
        return None

    def names_staff_of(self, organisation_id: int | None) -> bool:
        """Whether the viewer may follow a number about this organisation's staff to their names."""
        if organisation_id is None:
            return False
        return self.named_organisations is None or organisation_id in self.named_organisations

    def with_period(
        self, start: datetime.date, end: datetime.date, *, on: datetime.date | None = None
    ) -> Scope:
        return replace(self, start=start, end=end, on=on or end)

    def as_dict(self) -> dict:
        """The scope as JSON-ready values (kept with snapshots and reports, sent by the API)."""
        return {
            "organisations": sorted(self.organisations) if self.organisations is not None else None,
            "provider_type": self.provider_type,
            "area": self.area,
            "job_role": self.job_role,
            "pathway_category": self.pathway_category,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "on": self.on.isoformat(),
        }


def may_view_reports(user) -> bool:
    """Whether the user sees any figures: council-wide roles, and the managers and assessors of providers."""
    if not user.is_authenticated:
        return False
    return permissions.sees_all_organisations(user) or permissions.organisations_visible_to(user).exists()


def _ids(value) -> set[int]:
    if value is None or value == "":
        return set()
    if isinstance(value, Organisation):
        return {value.pk}
    if isinstance(value, int | str):
        value = [value]
    ids = set()
    for item in value if isinstance(value, Iterable) else [value]:
        item = item.pk if isinstance(item, Organisation) else item
        text = str(item).strip()
        # ASCII digits of a sensible length only: int() takes "²" and 5,000 digits overflow the database.
        if not (text.isascii() and text.isdigit() and len(text) <= 18):
            raise Http404("No such organisation.")
        ids.add(int(text))
    return ids


def scope_for(
    user,
    *,
    organisation=None,
    provider_type: str = "",
    area: str = "",
    job_role=None,
    pathway_category: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    on: datetime.date | None = None,
) -> Scope:
    """The scope the user asked for, limited to what they may see.

    Council-wide roles see every organisation; a provider's managers and assessors see only their own.
    Anyone else is refused (PermissionDenied); asking for an organisation the user may not see is a 404,
    the same answer as for one that does not exist. Raises ScopeError for a scope that makes no sense.
    """
    if not may_view_reports(user):
        raise PermissionDenied("Reports are for providers' managers and the council.")
    requested = _ids(organisation)
    if permissions.sees_all_organisations(user):
        allowed = None
        if requested and Organisation.objects.filter(pk__in=requested, is_active=True).count() != len(
            requested
        ):
            raise Http404("No such organisation.")
    else:
        allowed = set(permissions.organisations_visible_to(user).values_list("pk", flat=True))
        if not requested <= allowed:
            raise Http404("No such organisation.")
    organisations = frozenset(requested) if requested else (None if allowed is None else frozenset(allowed))
    # A figure links to the team training matrix, which only the organisation's managers open.
    named = (
        None
        if user.is_superuser
        else frozenset(permissions.organisations_managed_by(user).values_list("pk", flat=True))
    )
    if isinstance(job_role, str):
        job_role = job_role.strip()
        if job_role and not (job_role.isascii() and job_role.isdigit() and len(job_role) <= 18):
            raise ScopeError("Choose a job role from the list", field="job_role")
        job_role = int(job_role) if job_role else None
    elif job_role is not None and not isinstance(job_role, int):
        job_role = job_role.pk
    return Scope(
        organisations=organisations,
        provider_type=provider_type or "",
        area=area or "",
        job_role=job_role,
        pathway_category=pathway_category or "",
        start=start,
        end=end,
        on=on,
        named_organisations=named,
    )
