"""The xAPI endpoints, mounted at /xapi/."""

from django.urls import path

from . import views

urlpatterns = [
    path("about", views.about, name="xapi_about"),
    path("statements", views.statements, name="xapi_statements"),
]
