"""Emails that carry the session as .ics, what a published change tells people, and the calendar feeds."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from cms.events import services
from cms.events.models import Booking, BookingStatus, CalendarFeedKey, EventPage, SessionMode

JOIN = "https://meet.example.org/oliver-mcgowan-tier-1"


@pytest.fixture
def online_session(make_event, session_of):
    return session_of(
        make_event(
            "Oliver McGowan Tier 1",
            sessions=[
                {
                    "mode": SessionMode.ONLINE,
                    "online_link": JOIN,
                    "venue_name": "",
                    "venue_address": "",
                    "capacity": 1,
                }
            ],
        )
    )


def _ics(message) -> icalendar.Calendar:
    ((name, content, mimetype),) = message.attachments
    assert name == "session.ics" and mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content)


def _descriptions(content: bytes) -> str:
    return " ".join(str(e["description"]) for e in icalendar.Calendar.from_ical(content).walk("VEVENT"))


def _vevent(calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def test_confirmation_carries_the_session_with_its_joining_link(
    world, online_session, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(session=online_session, person=world["oak_worker"], by=world["oak_worker"])
    (message,) = mailoutbox
    assert message.to == [world["oak_worker"].email]
    assert message.subject == "Your place is booked: Oliver McGowan Tier 1"
    assert JOIN in message.body
    event = _vevent(_ics(message))
    assert event["uid"] == f"event-session-{online_session.pk}@testserver"
    assert event.decoded("dtstart") == online_session.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") == online_session.ends_at.replace(microsecond=0)
    assert str(event["status"]) == "CONFIRMED" and str(event["location"]) == "Online"
    assert JOIN in str(event["description"])


def test_a_manager_booking_is_announced_as_theirs(
    world, online_session, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.staff_book(session=online_session, people=[world["oak_worker"]], by=world["oak_manager"])
    assert f"{world['oak_manager'].display_name} has booked you a place" in mailoutbox[0].body


def test_the_waiting_list_email_has_no_joining_link(
    world, online_session, mailoutbox, django_capture_on_commit_callbacks
):
    services.booking_create(session=online_session, person=world["oak_worker"], by=world["oak_worker"])
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(
            session=online_session, person=world["elm_worker"], by=world["elm_worker"], join_waiting_list=True
        )
    (message,) = mailoutbox
    assert message.subject.startswith("You are on the waiting list") and message.attachments == []
    assert JOIN not in message.body


def test_a_cancellation_removes_the_entry(
    world, online_session, mailoutbox, django_capture_on_commit_callbacks
):
    booking = services.booking_create(
        session=online_session, person=world["oak_worker"], by=world["oak_worker"]
    ).booking
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, by=world["oak_worker"])
    (message,) = mailoutbox
    calendar = _ics(message)
    assert str(calendar["method"]) == "CANCEL"
    assert str(_vevent(calendar)["status"]) == "CANCELLED"


def test_reminders_go_once_to_people_with_a_place_the_day_before(world, make_event, session_of, mailoutbox):
    soon = timezone.now() + datetime.timedelta(hours=20)
    later = timezone.now() + datetime.timedelta(days=5)
    soon_session = session_of(
        make_event("Soon", sessions=[{"starts_at": soon, "ends_at": soon + datetime.timedelta(hours=2)}])
    )
    later_session = session_of(
        make_event("Later", sessions=[{"starts_at": later, "ends_at": later + datetime.timedelta(hours=2)}])
    )
    Booking.objects.create(session=soon_session, person=world["oak_worker"])
    Booking.objects.create(session=soon_session, person=world["elm_worker"], status=BookingStatus.WAITING)
    Booking.objects.create(session=later_session, person=world["oak_worker"])

    from cms.events.tasks import send_session_reminders

    assert send_session_reminders.delay().get() == 1
    assert send_session_reminders.delay().get() == 0
    (message,) = mailoutbox
    assert message.to == [world["oak_worker"].email] and message.subject.startswith("Reminder: Soon on ")
    assert _vevent(_ics(message))["summary"] == "Soon"


def _republish(event, **changes):
    page = EventPage.objects.get(pk=event.pk)
    session = page.sessions.first()
    for key, value in changes.items():
        setattr(session, key, value)
    page.sessions = [session]
    page.save_revision().publish()


def test_a_published_change_of_time_tells_everyone_booked_with_a_newer_entry(
    world, make_event, session_of, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event("Leading teams")
    session = session_of(event)
    Booking.objects.create(session=session, person=world["oak_worker"])
    Booking.objects.create(session=session, person=world["elm_worker"], status=BookingStatus.CANCELLED)
    new_start = session.starts_at + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        _republish(event, starts_at=new_start, ends_at=new_start + datetime.timedelta(hours=2))
    (message,) = mailoutbox
    assert message.to == [world["oak_worker"].email] and message.subject == "Session changed: Leading teams"
    entry = _vevent(_ics(message))
    assert entry.decoded("dtstart") == new_start.replace(microsecond=0) and int(entry["sequence"]) == 1

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        EventPage.objects.get(pk=event.pk).save_revision().publish()  # publishing again, unchanged
    assert mailoutbox == []


def test_a_cancelled_session_cancels_its_bookings_and_tells_people(
    world, make_event, session_of, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event("Graduation", sessions=[{"capacity": 1}])
    session = session_of(event)
    Booking.objects.create(session=session, person=world["oak_worker"])
    Booking.objects.create(session=session, person=world["elm_worker"], status=BookingStatus.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        _republish(event, is_cancelled=True)
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.CANCELLED}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [world["oak_worker"].email, world["elm_worker"].email]
    )
    assert all(str(_ics(m)["method"]) == "CANCEL" for m in mailoutbox)


def test_more_places_go_to_the_waiting_list(
    world, make_event, session_of, django_capture_on_commit_callbacks, mailoutbox
):
    event = make_event("Budgets", sessions=[{"capacity": 1}])
    session = session_of(event)
    Booking.objects.create(session=session, person=world["oak_worker"])
    waiting = Booking.objects.create(
        session=session, person=world["elm_worker"], status=BookingStatus.WAITING
    )
    with django_capture_on_commit_callbacks(execute=True):
        _republish(event, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.BOOKED
    assert [m.subject for m in mailoutbox] == ["A place has come up for you: Budgets"]


# --- Feeds -----------------------------------------------------------------------------------


def test_the_public_feed_lists_sessions_without_joining_links(client, online_session, calendar_page):
    response = client.get(f"{calendar_page.url}feed/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Oliver McGowan Tier 1"
    assert JOIN not in _descriptions(response.content)


def test_a_persons_own_feed_has_their_places_and_a_new_address_retires_the_old(
    client, world, online_session, make_event, session_of, calendar_page
):
    other = session_of(make_event("Not booked"))
    Booking.objects.create(session=online_session, person=world["oak_worker"])
    client.force_login(world["oak_worker"])
    assert client.post(f"{calendar_page.url}feeds/new/").status_code == 302
    key = CalendarFeedKey.objects.get(person=world["oak_worker"]).key
    assert key in client.get(f"{calendar_page.url}bookings/").text

    client.logout()  # calendar apps fetch without signing in
    feed = client.get(f"{calendar_page.url}feeds/{key}/")
    assert feed.status_code == 200
    uids = [str(e["uid"]) for e in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")]
    assert uids == [f"event-session-{online_session.pk}@testserver"]
    assert JOIN in _descriptions(feed.content) and str(other.pk) not in "".join(uids)

    client.force_login(world["oak_worker"])
    client.post(f"{calendar_page.url}feeds/new/")
    client.logout()
    assert client.get(f"{calendar_page.url}feeds/{key}/").status_code == 404
    assert client.get(f"{calendar_page.url}feeds/not-a-key/").status_code == 404


def test_a_booking_downloads_as_ics(client, world, online_session, calendar_page):
    booking = Booking.objects.create(session=online_session, person=world["oak_worker"])
    client.force_login(world["oak_worker"])
    response = client.get(f"{calendar_page.url}bookings/{booking.pk}/calendar/")
    assert response["Content-Disposition"].startswith("attachment")
    assert JOIN in _descriptions(response.content)
