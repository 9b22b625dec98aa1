"""URLs of the public site outside the Wagtail page tree."""

from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("resources/files/<int:item_id>/", views.resource_download, name="resource_download"),
]
