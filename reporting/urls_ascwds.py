"""URLs of the ASC-WDS export, under /reporting/: a provider's report and its two files."""

from django.urls import path

from . import views_ascwds as views

urlpatterns = [
    path("ascwds/<int:pk>/", views.ascwds_report, name="ascwds_report"),
    path("ascwds/<int:pk>/training.csv", views.ascwds_training_file, name="ascwds_training_file"),
    path("ascwds/<int:pk>/staff.csv", views.ascwds_staff_file, name="ascwds_staff_file"),
]
