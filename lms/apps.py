"""App configuration: courses and programmes, enrolment, progress, assessment and training requirements."""

from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Learning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms import pathway_links
        from cms.events import attendance
        from lrs import progress

        from . import handlers

        # Every activity: external e-learning may report on its own activity ids, not only ours.
        progress.register("", handlers.statement_progress)
        attendance.register(handlers.attendance_progress)
        pathway_links.register_courses(handlers.pathway_courses)
