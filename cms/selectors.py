"""Reads for the public site: resource search, the pathway map, site search."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Prefetch, QuerySet
from wagtail.models import Page
from wagtail.search.query import Fuzzy, PlainText

from academy import permissions

from .models import PathwayRolePage, ResourceItem, ResourcePage
from .models.pathways import PathwayStage


def _search(queryset: QuerySet, query: str, *, order_by_relevance: bool = True):
    """Full-text search; on PostgreSQL, a query with no exact matches is retried allowing for typos."""
    results = queryset.search(PlainText(query, operator="and"), order_by_relevance=order_by_relevance)
    if connection.vendor == "postgresql" and not results.count():
        results = queryset.search(Fuzzy(query), order_by_relevance=order_by_relevance)
    return results


def resource_search(*, index_page, filtered: QuerySet, query: str, sort: str):
    """The resources under the resource centre that match the filters and the query, in the chosen order.

    Returns a list-like of ResourcePage with topics and items prefetched for the list.
    """
    base = ResourcePage.objects.child_of(index_page).live().public()
    if filtered is not None:
        base = base.filter(pk__in=filtered.values("pk"))
    sort = sort or ("relevance" if query else "newest")
    ordering = {"newest": ["-first_published_at", "-id"], "title": ["title", "id"]}.get(sort)
    base = base.prefetch_related(
        "topics", Prefetch("items", queryset=ResourceItem.objects.order_by("sort_order"))
    )
    if query:
        if ordering:
            return _search(base.order_by(*ordering), query, order_by_relevance=False)
        return _search(base, query)
    return base.order_by(*(ordering or ["-first_published_at", "-id"]))


@dataclass(frozen=True)
class PathwayStageRoles:
    stage: PathwayStage
    roles: list[PathwayRolePage]


def pathway_map(*, index_page) -> list[PathwayStageRoles]:
    """The roles under the pathway map, grouped by stage, each with the live roles it leads to."""
    roles = list(
        PathwayRolePage.objects.child_of(index_page)
        .live()
        .public()
        .order_by("stage", "path")
        .prefetch_related(
            Prefetch("next_roles", queryset=PathwayRolePage.objects.live().order_by("stage", "title"))
        )
    )
    return [
        PathwayStageRoles(stage=stage, roles=[role for role in roles if role.stage == stage])
        for stage in PathwayStage
        if any(role.stage == stage for role in roles)
    ]


def site_search(*, user, query: str):
    """Every live page the person may open that matches, best match first.

    Resources kept for staff are left out for people who may not open them.
    """
    pages = Page.objects.live().public().exclude(depth__lte=1)
    if not permissions.can_open_staff_resources(user):
        pages = pages.exclude(pk__in=ResourcePage.objects.filter(staff_only=True).values("pk"))
    return _search(pages.specific(), query)


def resource_item_for_download(*, item_id: int) -> ResourceItem | None:
    return ResourceItem.objects.select_related("page", "document").filter(pk=item_id).first()


def resource_items_by_downloads():
    """Every file and link offered by a resource, most downloaded first (for editors' report)."""
    return ResourceItem.objects.select_related("page").order_by(
        "-download_count", "page__title", "sort_order"
    )
