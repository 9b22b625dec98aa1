"""App configuration for the xAPI learning records store."""

from django.apps import AppConfig


class LrsConfig(AppConfig):
    name = "lrs"
    verbose_name = "Learning records"
    default_auto_field = "django.db.models.BigAutoField"
