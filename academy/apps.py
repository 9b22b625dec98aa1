"""App configuration for the academy's shared core."""

from django.apps import AppConfig


class AcademyConfig(AppConfig):
    name = "academy"
    verbose_name = "People and organisations"
    default_auto_field = "django.db.models.BigAutoField"
