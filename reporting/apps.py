"""App configuration: workforce reporting: compliance figures, dashboards and exports."""

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Workforce reporting"
    default_auto_field = "django.db.models.BigAutoField"
