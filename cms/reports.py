"""Wagtail admin report: how often each resource's files and links are used."""

from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from .selectors import resource_items_by_downloads


class ResourceDownloadsReport(ReportView):
    page_title = "Resource downloads"
    header_icon = "download"
    index_url_name = "resource_downloads_report"
    index_results_url_name = "resource_downloads_report_results"
    # Editors (who may change pages) see it; the same check Wagtail's own page reports use.
    any_permission_required = ["wagtailadmin.access_admin"]
    columns = [
        Column("page", label="Resource", accessor="page.title"),
        Column("title", label="File or link"),
        Column("kind", label="Type", accessor="kind_label"),
        Column("download_count", label="Downloads or visits"),
    ]
    list_export = ["page.title", "title", "kind_label", "download_count"]
    export_headings = {
        "page.title": "Resource",
        "title": "File or link",
        "kind_label": "Type",
        "download_count": "Downloads or visits",
    }

    def get_filename(self):
        return "resource-downloads"

    def get_queryset(self):
        return resource_items_by_downloads()
