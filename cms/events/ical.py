"""Sessions as iCalendar (RFC 5545): email attachments, the public feed and each person's own feed."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

PRODID = "-//Social Care Academy//Events//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def session_uid(session) -> str:
    """One UID per session for ever, so a change or a cancellation updates the entry people have."""
    return f"event-session-{session.pk}@{urlsplit(settings.SITE_URL).hostname}"


def session_url(session) -> str:
    return f"{settings.SITE_URL}{session.page.url}#session-{session.pk}"


def _sequence(session) -> int:
    try:
        return session.announced.sequence
    except ObjectDoesNotExist:
        return 0


def _event(session, *, with_joining_link: bool, cancelled: bool) -> icalendar.Event:
    event_page = session.page
    vevent = icalendar.Event()
    vevent.add("uid", session_uid(session))
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", session.starts_at)
    vevent.add("dtend", session.ends_at)
    vevent.add("summary", event_page.title)
    vevent.add("sequence", _sequence(session))
    cancelled = cancelled or session.is_cancelled
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    vevent.add("location", session.where)
    vevent.add("url", session_url(session))
    lines = [event_page.summary]
    if with_joining_link and session.online_link and not cancelled:
        lines.append(f"Join online: {session.online_link}")
    if session.accessibility_notes:
        lines.append(f"Access: {session.accessibility_notes}")
    lines.append(f"Details: {session_url(session)}")
    vevent.add("description", "\n\n".join(lines))
    vevent.add("organizer", f"mailto:{settings.ACADEMY_HELP_EMAIL}", parameters={"cn": "Social Care Academy"})
    return vevent


def calendar(
    sessions: Iterable,
    *,
    name: str,
    with_joining_links: bool = False,
    method: str = "PUBLISH",
    cancelled: bool = False,
) -> bytes:
    """A calendar of these sessions. With method CANCEL every entry is marked cancelled."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for session in sessions:
        cal.add_component(
            _event(session, with_joining_link=with_joining_links, cancelled=cancelled or method == "CANCEL")
        )
    return cal.to_ical()


def session_attachment(session, *, for_a_place: bool, cancelled: bool = False) -> bytes:
    """The .ics an email carries: joining link included for someone with a place."""
    return calendar(
        [session],
        name=session.page.title,
        with_joining_links=for_a_place,
        method="CANCEL" if cancelled else "PUBLISH",
    )
