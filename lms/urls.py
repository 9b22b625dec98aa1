"""URLs of the LMS outside the Wagtail page tree: a learner's own pages, teams' and assessors' pages."""

from django.urls import include, path

urlpatterns = [
    path("", include("lms.urls_learner")),
    path("", include("lms.urls_team")),
    path("", include("lms.urls_assessment")),
]
