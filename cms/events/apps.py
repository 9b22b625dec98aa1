"""App configuration for the event calendar and booking."""

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "cms.events"
    label = "events"
    verbose_name = "Events and booking"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from .handlers import event_published

        # Every way a page goes live (the editor's publish, a moderator's approval, a scheduled
        # publish) passes through this signal, so it is where booked people learn of changes.
        page_published.connect(event_published, dispatch_uid="events.event_published")
