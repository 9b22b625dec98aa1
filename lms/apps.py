"""App configuration: courses and programmes, enrolment, progress, assessment and training requirements."""

from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Learning"
    default_auto_field = "django.db.models.BigAutoField"
