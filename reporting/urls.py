"""URLs of workforce reporting: dashboards and their exports, and the ASC-WDS export."""

from django.urls import include, path

urlpatterns = [
    path("reporting/", include("reporting.urls_dashboard")),
    path("reporting/", include("reporting.urls_ascwds")),
]
