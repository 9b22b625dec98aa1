"""App configuration: recruitment: one vacancy board and talent pool for every provider."""

from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = "Recruitment"
    default_auto_field = "django.db.models.BigAutoField"
