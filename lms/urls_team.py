"""URLs of the LMS: team pages (the compliance matrix, a person's training record, enrolling staff on a
programme), requirements, and the academy team's cohorts."""

from django.urls import path

from . import views_cohorts
from . import views_team as views

urlpatterns = [
    path("organisations/<int:pk>/training/", views.team_training, name="team_training"),
    path(
        "organisations/<int:pk>/training/done/<str:key>/", views.team_training_done, name="team_training_done"
    ),
    path(
        "organisations/<int:pk>/training/requirements/",
        views.provider_requirements,
        name="provider_requirements",
    ),
    path(
        "organisations/<int:pk>/training/requirements/change/",
        views.provider_requirement_change,
        name="provider_requirement_change",
    ),
    path("people/<uuid:public_id>/training/", views.person_training, name="person_training"),
    path("training/requirements/", views.default_requirements, name="default_requirements"),
    path(
        "training/requirements/<int:requirement_id>/remove/",
        views.default_requirement_remove,
        name="default_requirement_remove",
    ),
    path(
        "organisations/<int:pk>/training/programme/",
        views_cohorts.team_programme_enrol,
        name="team_programme_enrol",
    ),
    path(
        "organisations/<int:pk>/training/programme/done/<str:key>/",
        views_cohorts.team_programme_enrol_done,
        name="team_programme_enrol_done",
    ),
    path("training/cohorts/", views_cohorts.cohort_list, name="cohort_list"),
    path(
        "training/cohorts/programmes/<int:programme_pk>/add/",
        views_cohorts.cohort_add,
        name="cohort_add",
    ),
    path("training/cohorts/<int:cohort_pk>/", views_cohorts.cohort_detail, name="cohort_detail"),
]
