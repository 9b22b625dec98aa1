"""Who a scope counts: the staff in post on a day, narrowed by its filters; and SQL helpers figures share."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.models import CharField, Exists, Func, OuterRef, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone

from academy.models import Membership

from .scope import Scope


def narrow(memberships: QuerySet[Membership], scope: Scope) -> QuerySet[Membership]:
    """Memberships limited to the scope's organisations, provider type, area, job role, pathway category."""
    if scope.organisations is not None:
        if not scope.organisations:
            # Nobody, as SQL that runs: `organisation_id IN ()` raises EmptyResultSet when a figure
            # compiles the queryset into a larger statement (sql_of, lms.compliance).
            return memberships.filter(Value(False))
        memberships = memberships.filter(organisation_id__in=sorted(scope.organisations))
    if scope.provider_type:
        memberships = memberships.filter(organisation__type=scope.provider_type)
    if scope.area:
        memberships = memberships.filter(organisation__area=scope.area)
    if scope.job_role is not None:
        memberships = memberships.filter(job_role_id=scope.job_role)
    if scope.pathway_category:
        memberships = memberships.filter(pathway_category=scope.pathway_category)
    return memberships


def _counted() -> QuerySet[Membership]:
    # Accepted workers of active organisations. When they accepted does not matter: an invitation
    # accepted today for a job held since 2019 is that job's record.
    return Membership.objects.filter(
        accepted_at__isnull=False, is_worker=True, organisation__is_active=True, person__is_active=True
    )


def staff_on(scope: Scope, on: datetime.date | None = None) -> QuerySet[Membership]:
    """The scope's workers in post on the day (the report date by default): started by then, not yet left.

    Someone leaving on the day still counts that day; someone starting the day after does not. A person
    with jobs at two providers is one membership at each.
    """
    on = on or scope.on
    memberships = _counted().filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    return narrow(memberships, scope)


def in_post_when(scope: Scope, *, person: str, day: str) -> Exists:
    """True where the person (a field of the outer row) was one of the scope's workers on that day.

    Period figures use it, so an event counts for the provider the person worked for when it happened:
    a mover's old bookings stay with their old provider.
    """
    memberships = _counted().filter(person_id=OuterRef(person), start_date__lte=OuterRef(day))
    memberships = memberships.filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef(day)))
    return Exists(narrow(memberships, scope))


class ActorKey(Func):
    """The LRS's key for the academy's own actor of a person: 'account:<SITE_URL>|<public id>'."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        prefix = f"account:{settings.SITE_URL}|"
        if connection.vendor == "postgresql":
            return f"(%s || ({sql})::text)", [prefix, *params]
        # SQLite (and others without a UUID type) keep 32 hex digits; statements carry the dashed form.
        parts = " || '-' || ".join(f"substr({sql}, {start}, {length})" for start, length in _UUID_PARTS)
        return f"(%s || lower({parts}))", [prefix, *(params * len(_UUID_PARTS))]


_UUID_PARTS = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))


def in_post_when_actor(scope: Scope, *, actor_key: str, day: str) -> Exists:
    """As in_post_when, for a learning record whose actor is the academy's account of a person."""
    memberships = _counted().filter(start_date__lte=OuterRef(day))
    memberships = memberships.filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef(day)))
    memberships = narrow(memberships, scope).annotate(actor_key=ActorKey("person__public_id"))
    return Exists(memberships.filter(actor_key=OuterRef(actor_key)))


def day_end(on: datetime.date) -> datetime.datetime:
    """The first moment after the report date, in the academy's time zone: `< day_end(on)` means 'by then'."""
    return timezone.make_aware(datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time()))


def day_start(on: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(on, datetime.time()))


def sql_of(queryset: QuerySet) -> tuple[str, tuple]:
    """A queryset's SQL and parameters, to use as part of a larger statement."""
    return queryset.order_by().query.sql_with_params()


def datetime_param(value: datetime.datetime):
    """A datetime as the database compares it in hand-written SQL (SQLite keeps naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(value)


def fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def team_link(scope: Scope, organisation_id: int | None, **query) -> str | None:
    """The team training matrix of an organisation, filtered, if the viewer may see its staff by name."""
    return page_link(scope, organisation_id, "team_training", **query)


def page_link(scope: Scope, organisation_id: int | None, name: str, **query) -> str | None:
    """An organisation's page of named staff (by URL name), filtered, if the viewer may see them."""
    if not scope.names_staff_of(organisation_id):
        return None
    url = reverse(name, args=[organisation_id])
    query = {key: value for key, value in query.items() if value not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url
