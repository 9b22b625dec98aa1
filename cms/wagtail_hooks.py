"""Wagtail admin for the site's snippets, and the rule that staff-only files stay staff-only."""

from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page, ReferenceIndex
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from academy import permissions

from .models import Audience, ResourceItem, ResourcePage, ResourceTopic


class ResourceTopicViewSet(SnippetViewSet):
    model = ResourceTopic
    icon = "tag"
    menu_label = "Topics"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    menu_label = "Audiences"
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "name"]


class ResourceCentreViewSetGroup(SnippetViewSetGroup):
    items = (ResourceTopicViewSet, AudienceViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Resource centre"
    menu_name = "resource-centre"


register_snippet(ResourceCentreViewSetGroup)


def _offered_by_staff_only_resource(document) -> bool:
    """Whether a staff-only resource offers the document: as one of its files, or linked in its text."""
    if ResourceItem.objects.filter(document=document, page__staff_only=True).exists():
        return True
    page_type = ContentType.objects.get_for_model(Page)
    citing = ReferenceIndex.get_references_to(document).filter(base_content_type=page_type)
    page_ids = [
        int(pk)
        for pk in citing.values_list("object_id", flat=True)
        if str(pk).isascii() and str(pk).isdigit()
    ]
    return ResourcePage.objects.filter(pk__in=page_ids, staff_only=True).exists()


@hooks.register("before_serve_document")
def keep_staff_only_documents_private(document, request):
    """A file offered by a staff-only resource is served only to those who may open that resource."""
    if not _offered_by_staff_only_resource(document):
        return None
    if permissions.can_open_staff_resources(request.user):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404("No such document")


@hooks.register("register_admin_urls")
def resource_downloads_report_urls():
    from .reports import ResourceDownloadsReport

    return [
        path(
            "reports/resource-downloads/", ResourceDownloadsReport.as_view(), name="resource_downloads_report"
        ),
        path(
            "reports/resource-downloads/results/",
            ResourceDownloadsReport.as_view(results_only=True),
            name="resource_downloads_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def resource_downloads_report_menu_item():
    return MenuItem(
        "Resource downloads", reverse("resource_downloads_report"), icon_name="download", order=650
    )
