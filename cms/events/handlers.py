"""Signal handlers for events, connected in EventsConfig.ready(): each calls one service."""

from .models import EventPage


def event_published(sender, instance, **kwargs):
    """An event page went live: people booked on its sessions hear about what changed."""
    if isinstance(instance, EventPage):
        from .services import event_sessions_published

        event_sessions_published(event=instance)
