"""Simultaneous bookings over HTTP never take more places than a session has (PostgreSQL only).

SQLite takes one writer at a time for the whole database, so only PostgreSQL, where CI runs,
shows whether the lock on the session's row does its job. The requests go to a live server,
each on its own thread and database connection, released together.
"""

import threading

import pytest
import requests
from django.conf import settings
from django.test import Client

from cms.events.models import Booking, BookingStatus

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="row locks need PostgreSQL: set DATABASE_URL (CI does)",
    ),
]

CSRF = "c" * 32  # a CSRF secret the test picks, sent as both the cookie and the form field


def _signed_in_cookies(person) -> dict:
    client = Client()
    client.force_login(person)
    return {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        "csrftoken": CSRF,
    }


def _fire(url: str, cookie_jars: list[dict], data: dict) -> list[int]:
    barrier = threading.Barrier(len(cookie_jars))
    statuses: list[int] = []

    def post(cookies):
        with requests.Session() as http:
            barrier.wait()
            response = http.post(
                url,
                data={**data, "csrfmiddlewaretoken": CSRF},
                cookies=cookies,
                allow_redirects=False,
                timeout=60,
            )
            statuses.append(response.status_code)

    threads = [threading.Thread(target=post, args=(jar,)) for jar in cookie_jars]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_simultaneous_bookings_fill_the_places_and_the_rest_wait(
    live_server, make_event, session_of, make_person
):
    session = session_of(make_event("Oliver McGowan Tier 2", sessions=[{"capacity": 5}]))
    people = [make_person() for _ in range(16)]
    url = f"{live_server.url}{session.page.url}sessions/{session.pk}/book/"

    statuses = _fire(url, [_signed_in_cookies(p) for p in people], {"waiting_list": "1"})

    assert statuses == [302] * 16
    assert Booking.objects.filter(session=session, status=BookingStatus.BOOKED).count() == 5
    assert Booking.objects.filter(session=session, status=BookingStatus.WAITING).count() == 11


def test_the_same_person_submitting_many_times_at_once_is_booked_once(
    live_server, make_event, session_of, make_person
):
    session = session_of(make_event(sessions=[{"capacity": 5}]))
    person = make_person()
    url = f"{live_server.url}{session.page.url}sessions/{session.pk}/book/"

    statuses = _fire(url, [_signed_in_cookies(person) for _ in range(8)], {"waiting_list": "0"})

    assert statuses == [302] * 8
    assert Booking.objects.filter(session=session).count() == 1


def test_a_cancellation_racing_new_bookings_still_keeps_to_capacity(
    live_server, make_event, session_of, make_person, world
):
    session = session_of(make_event(sessions=[{"capacity": 3}]))
    holders = [make_person() for _ in range(3)]
    bookings = [Booking.objects.create(session=session, person=p) for p in holders]
    newcomers = [make_person() for _ in range(8)]
    book_url = f"{live_server.url}{session.page.url}sessions/{session.pk}/book/"
    cancel_url = f"{live_server.url}/events/bookings/{bookings[0].pk}/cancel/"

    threads = [
        threading.Thread(
            target=_fire, args=(book_url, [_signed_in_cookies(p) for p in newcomers], {"waiting_list": "1"})
        ),
        threading.Thread(target=_fire, args=(cancel_url, [_signed_in_cookies(holders[0])], {})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Booking.objects.filter(session=session, status=BookingStatus.BOOKED).count() == 3
    # Whichever came first, one newcomer has the freed place and seven wait.
    assert Booking.objects.filter(session=session, status=BookingStatus.WAITING).count() == 7
