"""The calendar and event pages: served from the page tree, filtered, moderated, flat in queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.events.models import Booking, BookingStatus, EventIndexPage, EventPage, SessionMode
from cms.models import HomePage


def test_the_calendar_is_made_by_the_migrations_under_the_home_page(client, db):
    calendar = EventIndexPage.objects.get()
    assert calendar.get_parent().specific_class is HomePage
    assert calendar.url == "/events/"
    response = client.get("/events/")
    assert response.status_code == 200 and "<title>Events – Social Care Academy</title>" in response.text


def test_page_types_say_where_they_go():
    assert EventIndexPage.allowed_subpage_models() == [EventPage]
    assert EventPage.allowed_subpage_models() == []
    assert EventPage.allowed_parent_page_models() == [EventIndexPage]
    for model in (EventIndexPage, EventPage):
        assert model.__doc__
    for field in ("kind", "summary", "audience", "body", "facilitators"):
        assert EventPage._meta.get_field(field).help_text


def _events(make_event, count, **extra):
    start = timezone.now() + datetime.timedelta(days=3)
    for n in range(count):
        make_event(
            f"Event {n}",
            sessions=[
                {
                    "starts_at": start + datetime.timedelta(days=n, hours=h),
                    "ends_at": start + datetime.timedelta(days=n, hours=h + 1),
                }
                for h in range(2)
            ],
            **extra,
        )


@pytest.mark.parametrize("query", ["", "?view=month", "?kind=workshop&mode=in_person&audience=everyone"])
def test_the_calendar_takes_the_same_queries_however_many_events(
    client, make_event, django_assert_max_num_queries, query
):
    _events(make_event, 2)
    with django_assert_max_num_queries(12) as few:
        assert client.get(f"/events/{query}").status_code == 200
    _events(make_event, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"/events/{query}").status_code == 200


def test_list_and_month_views_show_sessions_and_filters_narrow_them(client, make_event):
    soon = timezone.now() + datetime.timedelta(days=2)
    make_event(
        "Tier 1 online",
        kind="course_session",
        sessions=[
            {
                "mode": SessionMode.ONLINE,
                "online_link": "https://meet.example.org/x",
                "venue_name": "",
                "venue_address": "",
                "starts_at": soon,
                "ends_at": soon + datetime.timedelta(hours=1),
            }
        ],
    )
    make_event("Graduation evening", kind="graduation")
    listing = client.get("/events/").text
    assert "Tier 1 online" in listing and "Graduation evening" in listing
    assert "meet.example.org" not in listing
    online = client.get("/events/?mode=online").text
    assert "Tier 1 online" in online and "Graduation evening" not in online
    graduation = client.get("/events/?kind=graduation").text
    assert "Graduation evening" in graduation and "Tier 1 online" not in graduation
    month = client.get(f"/events/?view=month&month={soon:%Y-%m}").text
    assert "Tier 1 online" in month and f"{soon:%B %Y}" in month


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?kind=rocketry", "Choose one of the options in the list."),
        ("?view=month&month=2026-13", "Enter a month as a year and month, like 2026-03."),
        ("?view=month&month=next", "Enter a month as a year and month, like 2026-03."),
        ("?page=9999", None),
        ("?page=abc", None),
    ],
)
def test_bad_filters_get_a_message_never_an_error(client, make_event, query, message):
    _events(make_event, 1)
    response = client.get(f"/events/{query}")
    assert response.status_code == 200
    if message:
        assert "There is a problem" in response.text and message in response.text


def test_event_page_takes_the_same_queries_however_many_sessions_and_bookings(
    client, world, make_event, django_assert_max_num_queries
):
    start = timezone.now() + datetime.timedelta(days=3)

    def sessions(n):
        return [
            {
                "starts_at": start + datetime.timedelta(days=d),
                "ends_at": start + datetime.timedelta(days=d, hours=2),
            }
            for d in range(n)
        ]

    small = make_event("Small", sessions=sessions(1))
    large = make_event("Large", sessions=sessions(6))
    for session in large.sessions.all():
        Booking.objects.create(session=session, person=world["oak_worker"])
        Booking.objects.create(session=session, person=world["elm_worker"], status=BookingStatus.WAITING)
    client.force_login(world["oak_manager"])
    with django_assert_max_num_queries(20) as few:
        assert client.get(small.url).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(large.url).status_code == 200


def test_bookings_pages_take_the_same_queries_however_many_bookings(
    client, world, make_event, session_of, calendar_page, django_assert_max_num_queries
):
    def book(n):
        for _ in range(n):
            session = session_of(make_event())
            Booking.objects.create(
                session=session, person=world["oak_worker"], booked_by=world["oak_manager"]
            )

    book(1)
    counts = {}
    for person, path in ((world["oak_worker"], "bookings/"), (world["oak_manager"], "team/")):
        client.force_login(person)
        with django_assert_max_num_queries(20) as few:
            assert client.get(f"{calendar_page.url}{path}").status_code == 200
        counts[path] = len(few.captured_queries)
    book(5)
    for person, path in ((world["oak_worker"], "bookings/"), (world["oak_manager"], "team/")):
        client.force_login(person)
        with django_assert_max_num_queries(counts[path]):
            assert client.get(f"{calendar_page.url}{path}").status_code == 200


def test_the_register_takes_the_same_queries_however_many_are_booked(
    client, world, make_event, session_of, make_person, django_assert_max_num_queries
):
    started = timezone.now() - datetime.timedelta(minutes=5)
    session = session_of(
        make_event(
            facilitators=[world["oak_assessor"]],
            sessions=[
                {"starts_at": started, "ends_at": started + datetime.timedelta(hours=2), "capacity": 50}
            ],
        )
    )
    url = f"{session.page.url}sessions/{session.pk}/register/"
    Booking.objects.create(session=session, person=make_person())
    client.force_login(world["oak_assessor"])
    with django_assert_max_num_queries(18) as few:
        assert client.get(url).status_code == 200
    for _ in range(10):
        Booking.objects.create(session=session, person=make_person())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_facilitators_and_managers_see_their_buttons_and_nobody_else_does(client, world, make_event):
    event = make_event("Coaching", facilitators=[world["oak_assessor"]])
    assert "Sign in to book" in client.get(event.url).text
    client.force_login(world["oak_worker"])
    worker_view = client.get(event.url).text
    assert "Book a place" in worker_view and "Book your staff" not in worker_view
    assert "Take the register" not in worker_view
    client.force_login(world["oak_manager"])
    assert "Book your staff" in client.get(event.url).text
    client.force_login(world["oak_assessor"])
    assert "Take the register" in client.get(event.url).text


# --- Editing in Wagtail ------------------------------------------------------------------------


def _edit_data(event, session, **session_changes):
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    data = {
        "title": event.title,
        "slug": event.slug,
        "kind": event.kind,
        "audience": event.audience,
        "summary": "Changed by the editor.",
        "presenters": "",
        "body-count": "0",
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "1",
        "sessions-MIN_NUM_FORMS": "1",
        "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-id": str(session.pk),
        "sessions-0-ORDER": "1",
        "sessions-0-starts_at": start.strftime("%Y-%m-%d %H:%M"),
        "sessions-0-ends_at": end.strftime("%Y-%m-%d %H:%M"),
        "sessions-0-mode": session.mode,
        "sessions-0-online_link": session.online_link,
        "sessions-0-venue_name": session.venue_name,
        "sessions-0-venue_address": session.venue_address,
        "sessions-0-accessibility_notes": "",
        "sessions-0-capacity": str(session.capacity),
        "sessions-0-booking_opens_at": "",
        "sessions-0-booking_closes_at": "",
        "sessions-0-audience": "",
    }
    data.update({f"sessions-0-{key}": value for key, value in session_changes.items()})
    return data


def test_an_editors_change_goes_to_review_before_it_is_published(client, world, make_event, session_of):
    event = make_event("Supervision skills")
    session = session_of(event)
    client.force_login(world["editor"])
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {**_edit_data(event, session), "action-submit": "action-submit"})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    event.refresh_from_db()
    assert event.workflow_in_progress
    assert "Changed by the editor." not in client.get(event.url).text


def test_a_session_people_booked_cannot_be_deleted(client, world, make_event, session_of):
    event = make_event("Personalisation")
    session = session_of(event)
    Booking.objects.create(session=session, person=world["oak_worker"])
    client.force_login(world["superuser"])
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    data = _edit_data(event, session, DELETE="1")
    data["sessions-TOTAL_FORMS"] = "2"
    data.update(
        {
            "sessions-1-ORDER": "2",
            "sessions-1-id": "",
            "sessions-1-starts_at": "2030-01-01 10:00",
            "sessions-1-ends_at": "2030-01-01 12:00",
            "sessions-1-mode": "in_person",
            "sessions-1-venue_name": "Hall",
            "sessions-1-venue_address": "1 Road",
            "sessions-1-capacity": "5",
            "sessions-1-online_link": "",
            "sessions-1-accessibility_notes": "",
            "sessions-1-audience": "",
            "sessions-1-booking_opens_at": "",
            "sessions-1-booking_closes_at": "",
        }
    )
    response = client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 200
    assert "cannot be deleted" in response.text
    assert event.sessions.filter(pk=session.pk).exists()


def test_an_in_person_session_needs_a_venue(client, world, make_event, session_of):
    event = make_event("Equality and diversity")
    session = session_of(event)
    client.force_login(world["superuser"])
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    response = client.post(
        url, {**_edit_data(event, session, venue_name=""), "action-publish": "action-publish"}
    )
    assert response.status_code == 200
    assert "Enter the venue of a session held in person." in response.text
