"""Bookings on sessions (with the waiting list and the register), and what booked people were told."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


LIVE_STATUSES = (BookingStatus.BOOKED, BookingStatus.WAITING)


class Attendance(models.TextChoices):
    NOT_MARKED = "", "Not marked"
    ATTENDED = "attended", "Attended"
    PARTLY_ATTENDED = "partly_attended", "Partly attended"
    NO_SHOW = "no_show", "No-show"


class BookingQuerySet(models.QuerySet):
    def live(self):
        """Bookings that hold a place or a place on the waiting list."""
        return self.filter(status__in=LIVE_STATUSES)

    def booked(self):
        return self.filter(status=BookingStatus.BOOKED)

    def waiting(self):
        """The waiting list, first come first served."""
        return self.filter(status=BookingStatus.WAITING).order_by("created_at", "pk")


class Booking(models.Model):
    """A person's place (or place on the waiting list) on one session, and whether they came.

    A cancelled booking is kept, so a person who cancels and books again has a second row; the
    database allows only one live booking per person per session, which is what stops a double
    submit or two managers booking the same person twice.
    """

    session = models.ForeignKey("events.EventSession", on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookings")
    status = models.CharField(max_length=16, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings_made",
        help_text="Who made the booking: the person, or their manager.",
    )
    created_at = models.DateTimeField(
        auto_now_add=True, help_text="When it was made; orders the waiting list."
    )
    updated_at = models.DateTimeField(auto_now=True)
    promoted_at = models.DateTimeField(
        null=True, blank=True, help_text="When it moved from waiting to booked."
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Blank when the academy cancelled it, because the session was called off.",
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, blank=True, default="")
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    statement_id = models.CharField(
        max_length=36, blank=True, help_text="The xAPI statement the register recorded for this attendance."
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["person", "status"]),
            models.Index(fields=["status", "reminder_sent_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "session"],
                condition=Q(status__in=["booked", "waiting"]),
                name="events_booking_one_live_per_person",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["booked", "waiting", "cancelled"]), name="events_booking_status_known"
            ),
            models.CheckConstraint(
                condition=Q(attendance="") | Q(status="booked"),
                name="events_booking_attendance_needs_a_place",
            ),
        ]

    def __str__(self):
        return f"{self.person} on {self.session} ({self.get_status_display()})"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES


class AnnouncedSession(models.Model):
    """A session as the people booked on it were last told: what a publish is compared against.

    Kept apart from the page's own rows, which Wagtail rewrites from revisions, so that a change is
    announced exactly once, and so each change can raise the calendar entry's SEQUENCE.
    """

    session = models.OneToOneField(
        "events.EventSession", on_delete=models.CASCADE, primary_key=True, related_name="announced"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    where = models.TextField()
    online_link = models.URLField(blank=True)
    is_cancelled = models.BooleanField(default=False)
    sequence = models.PositiveIntegerField(
        default=0, help_text="The iCalendar SEQUENCE of the latest version."
    )

    def __str__(self):
        return f"{self.session} as announced (version {self.sequence})"


def _new_feed_key() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeedKey(models.Model):
    """The secret in the address of a person's own calendar feed, which calendar apps fetch unsigned.

    The feed holds joining links, so the person can replace the key, and the old address stops working.
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key = models.CharField(max_length=64, unique=True, default=_new_feed_key)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Calendar feed of {self.person}"

    def renew(self) -> None:
        self.key = _new_feed_key()
        self.save(update_fields=["key", "created_at"])
