"""Events, their sessions, the bookings people hold on them, and what those people were last told."""

from .bookings import AnnouncedSession, Attendance, Booking, BookingQuerySet, BookingStatus, CalendarFeedKey
from .choices import EventAudience, EventKind, SessionMode
from .pages import EventIndexPage, EventPage, EventSession, EventSessionQuerySet

__all__ = [
    "AnnouncedSession",
    "Attendance",
    "Booking",
    "BookingQuerySet",
    "BookingStatus",
    "CalendarFeedKey",
    "EventAudience",
    "EventIndexPage",
    "EventKind",
    "EventPage",
    "EventSession",
    "EventSessionQuerySet",
    "SessionMode",
]
