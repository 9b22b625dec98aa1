"""App configuration for the academy's Wagtail pages."""

from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site content"
    default_auto_field = "django.db.models.BigAutoField"
