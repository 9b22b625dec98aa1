"""Pages of the public site, made the way editors make them: added under their section and published."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from cms.models import (
    Audience,
    NewsIndexPage,
    NewsPage,
    PathwayIndexPage,
    PathwayRolePage,
    ResourceIndexPage,
    ResourceItem,
    ResourcePage,
    ResourceTopic,
)


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def cold_caches():
    """Both measurements start with empty caches (publishing pages empties some of them anyway)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    ContentType.objects.clear_cache()
    cache.clear()


@pytest.fixture
def resource_centre(db):
    return ResourceIndexPage.objects.get()


@pytest.fixture
def make_document(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)

    def make(title="Wellbeing plan", name="wellbeing-plan.pdf", content=b"%PDF-1.4 plan"):
        return Document.objects.create(title=title, file=ContentFile(content, name=name))

    return make


@pytest.fixture
def make_resource(resource_centre):
    def make(
        title,
        *,
        summary="A resource for care teams.",
        topics=("wellbeing",),
        audiences=("managers",),
        kind="document",
        staff_only=False,
        items=(),
        live=True,
    ):
        page = ResourcePage(title=title, summary=summary, kind=kind, staff_only=staff_only)
        page.topics = list(ResourceTopic.objects.filter(slug__in=topics))
        page.audiences = list(Audience.objects.filter(slug__in=audiences))
        for item in items or [{"title": f"{title} link", "url": "https://example.org/resource"}]:
            page.items.add(ResourceItem(**item))
        if not live:
            resource_centre.add_child(instance=page)
            page.live = False
            page.save()
            return page
        return publish(resource_centre, page)

    return make


@pytest.fixture
def pathway_map_page(db):
    return PathwayIndexPage.objects.get()


@pytest.fixture
def make_role(pathway_map_page):
    def make(title, *, stage=1, summary="A role in care.", next_roles=(), **fields):
        page = PathwayRolePage(
            title=title,
            stage=stage,
            summary=summary,
            entry_requirements="<p>Kindness and a willingness to learn.</p>",
            qualifications="<p>Level 2 Diploma in Care.</p>",
            **fields,
        )
        page.next_roles = list(next_roles)
        return publish(pathway_map_page, page)

    return make


@pytest.fixture
def news_index(db):
    return NewsIndexPage.objects.get()


@pytest.fixture
def make_article(news_index):
    def make(title, *, kind="news", date=None, summary="Something happened.", **fields):
        page = NewsPage(
            title=title, kind=kind, summary=summary, body=[("paragraph", "<p>Words.</p>")], **fields
        )
        if date is not None:
            page.date = date
        return publish(news_index, page)

    return make
