"""Views of the public site that are not plain Wagtail pages: the resource centre, downloads, search."""

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from academy import permissions

from . import selectors, services
from .filters import ResourceFilter
from .models import ResourcePage

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200


def _query(request) -> str:
    return " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]


def resource_index(request, page):
    """The resource centre: filters on the left, matching resources on the right, 20 to a page."""
    # The FilterSet checks the choices; the selector builds the list from the live resources.
    resource_filter = ResourceFilter(request.GET or None, queryset=ResourcePage.objects.all())
    query = _query(request)
    filtered = resource_filter.qs if resource_filter.is_bound and resource_filter.is_valid() else None
    sort = resource_filter.form.cleaned_data.get("sort", "") if filtered is not None else ""
    results = selectors.resource_search(index_page=page, filtered=filtered, query=query, sort=sort)
    listing = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = page.get_context(request)
    context.update(
        {
            "filter": resource_filter,
            "query": query,
            "resources": listing,
            "querystring": params.urlencode(),
            "filters_applied": bool(query) or _any_filter(resource_filter, filtered),
        }
    )
    return TemplateResponse(request, page.get_template(request), context)


def _any_filter(resource_filter, filtered) -> bool:
    if filtered is None:
        return False
    return any(resource_filter.form.cleaned_data.get(name) for name in ("topic", "audience", "kind"))


@require_GET
def resource_download(request, item_id: int):
    """Count a download and hand over the file (or send the person on to the link)."""
    item = selectors.resource_item_for_download(item_id=item_id)
    if item is None or not item.page.live:
        raise Http404("No such file")
    page = item.page
    # A resource behind a Wagtail privacy setting keeps its files behind it too.
    if any(not restriction.accept_request(request) for restriction in page.get_view_restrictions()):
        raise Http404("No such file")
    if page.staff_only and not permissions.can_open_staff_resources(request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(page.url)
        raise Http404("No such file")
    services.resource_item_download_count(item=item)
    if item.url:
        return HttpResponseRedirect(item.url)
    document = item.document
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing") from error
    return FileResponse(handle, as_attachment=True, filename=document.filename)


@require_GET
def search(request):
    """One search across pages, resources, pathways, news and events."""
    query = _query(request)
    results = selectors.site_search(user=request.user, query=query) if query else None
    listing = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page")) if results is not None else None
    return TemplateResponse(
        request,
        "cms/search.html",
        {"query": query, "results": listing, "querystring": f"q={query}" if query else ""},
    )
