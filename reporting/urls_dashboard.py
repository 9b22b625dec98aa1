"""URLs of the reporting pages under /reporting/: dashboard, figures, CSV, monthly reports, qualifications."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="reporting_dashboard"),
    path("figures/<slug:key>/", views.figure_detail, name="reporting_figure"),
    path("<slug:key>.csv", views.figure_csv, name="reporting_figure_csv"),
    path("monthly/", views.monthly_reports, name="reporting_monthly_reports"),
    path(
        "monthly/<int:pk>/download/", views.monthly_report_download, name="reporting_monthly_report_download"
    ),
    path(
        "organisations/<int:pk>/qualifications/",
        views.team_qualifications,
        name="reporting_team_qualifications",
    ),
]
