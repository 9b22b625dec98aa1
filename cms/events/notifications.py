"""The emails booked people get, each carrying the session as an .ics file where it has one."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from . import ical
from .models import Booking, BookingStatus

# kind: (subject, does it carry the entry, is the entry a cancellation)
KINDS = {
    "confirmed": ("Your place is booked: {title}", True, False),
    "waiting": ("You are on the waiting list: {title}", False, False),
    "promoted": ("A place has come up for you: {title}", True, False),
    "reminder": ("Reminder: {title} on {date}", True, False),
    "cancelled": ("Booking cancelled: {title}", True, True),
    "session_cancelled": ("Session cancelled: {title} on {date}", True, True),
    "session_changed": ("Session changed: {title}", True, False),
}


def booking_email_send(*, booking_id: int, kind: str) -> bool:
    """Send one email about a booking. Returns False when it no longer applies (nothing is sent)."""
    if kind not in KINDS:
        raise ValueError(f"Unknown booking email {kind!r}")
    booking = (
        Booking.objects.select_related("person", "booked_by", "session__page", "session__announced")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None:
        return False
    # A reminder or a welcome onto a place that was cancelled since it was queued would mislead.
    if kind in ("confirmed", "promoted", "reminder") and booking.status != BookingStatus.BOOKED:
        return False
    if kind == "session_changed" and not booking.is_live:
        return False
    session = booking.session
    subject_template, with_entry, is_cancellation = KINDS[kind]
    starts = timezone.localtime(session.starts_at)
    has_place = booking.status == BookingStatus.BOOKED
    context = {
        "booking": booking,
        "person": booking.person,
        "session": session,
        "event": session.page,
        "starts": starts,
        "ends": timezone.localtime(session.ends_at),
        "event_url": ical.session_url(session),
        "bookings_url": f"{settings.SITE_URL}{session.page.get_parent().url}bookings/",
        "booked_by_someone_else": booking.booked_by_id not in (None, booking.person_id),
        "show_joining_link": has_place and not is_cancellation,
    }
    message = EmailMessage(
        subject=subject_template.format(title=session.page.title, date=f"{starts:%-d %B %Y}"),
        body=render_to_string(f"events/email/{kind}.txt", context),
        to=[booking.person.email],
    )
    if with_entry:
        message.attach(
            "session.ics",
            ical.session_attachment(session, for_a_place=has_place, cancelled=is_cancellation),
            "text/calendar; charset=utf-8; method=" + ("CANCEL" if is_cancellation else "PUBLISH"),
        )
    message.send()
    return True
