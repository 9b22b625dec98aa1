"""Events built as an editor would: pages under the calendar, published, with sessions."""

import datetime
import itertools

import pytest
from django.utils import timezone

from cms.events.models import EventIndexPage, EventKind, EventPage, EventSession, SessionMode

_counter = itertools.count(1)


def publish(page):
    page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk)


@pytest.fixture
def calendar_page(db):
    return EventIndexPage.objects.get()


@pytest.fixture
def make_event(calendar_page):
    """An event page with one session per `sessions` entry (dicts of EventSession fields)."""

    def make(title=None, *, kind=EventKind.WORKSHOP, sessions=None, facilitators=(), **fields):
        n = next(_counter)
        start = timezone.now() + datetime.timedelta(days=7)
        page = EventPage(
            title=title or f"Workshop {n}",
            slug=f"event-{n}",
            kind=kind,
            summary=fields.pop("summary", "A morning on doing it well."),
            **fields,
        )
        for spec in sessions or [{}]:
            values = {
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=3),
                "mode": SessionMode.IN_PERSON,
                "venue_name": "Stafford Library",
                "venue_address": "Lichfield Road\nStafford ST17 4JX",
                "capacity": 10,
            }
            values.update(spec)
            page.sessions.add(EventSession(**values))
        calendar_page.add_child(instance=page)
        page.facilitators.set(facilitators)
        return publish(page)

    return make


@pytest.fixture
def session_of():
    def first(event):
        return event.sessions.order_by("starts_at", "pk").first()

    return first
