"""Booking yourself and your staff, the waiting list, cancelling, and who may book whom."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cms.events import services
from cms.events.models import Booking, BookingStatus


@pytest.fixture
def small_session(make_event, session_of):
    return session_of(make_event("Safeguarding adults", sessions=[{"capacity": 2}]))


def _book(session, person, **kwargs):
    return services.booking_create(session=session, person=person, by=person, **kwargs)


def test_booking_takes_a_place_and_a_second_submit_changes_nothing(world, small_session):
    first = _book(small_session, world["oak_worker"])
    again = _book(small_session, world["oak_worker"])
    assert first.result == "booked" and again.result == "already_booked"
    assert again.booking == first.booking
    assert Booking.objects.filter(session=small_session).count() == 1


def test_a_full_session_offers_the_waiting_list_and_never_overbooks(world, small_session):
    _book(small_session, world["oak_worker"])
    _book(small_session, world["oak_bank_worker"])
    with pytest.raises(services.BookingError, match="now full"):
        _book(small_session, world["elm_worker"])
    waiting = _book(small_session, world["elm_worker"], join_waiting_list=True)
    assert waiting.result == "waiting"
    assert Booking.objects.filter(session=small_session, status=BookingStatus.BOOKED).count() == 2


def test_cancelling_a_place_promotes_the_person_waiting_longest(
    world, small_session, mailoutbox, django_capture_on_commit_callbacks
):
    held = _book(small_session, world["oak_worker"]).booking
    _book(small_session, world["oak_bank_worker"])
    first_waiting = _book(small_session, world["elm_worker"], join_waiting_list=True).booking
    second_waiting = _book(small_session, world["elm_manager"], join_waiting_list=True).booking
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.booking_cancel(booking=held, by=world["oak_worker"])

    assert promoted == [first_waiting]
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == BookingStatus.BOOKED and first_waiting.promoted_at is not None
    assert second_waiting.status == BookingStatus.WAITING
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects[world["elm_worker"].email].startswith("A place has come up for you")
    assert subjects[world["oak_worker"].email].startswith("Booking cancelled")
    # Cancelling again is harmless.
    assert services.booking_cancel(booking=held, by=world["oak_worker"]) == []


def test_cancelling_from_the_waiting_list_promotes_nobody(world, small_session):
    _book(small_session, world["oak_worker"])
    _book(small_session, world["oak_bank_worker"])
    waiting = _book(small_session, world["elm_worker"], join_waiting_list=True).booking
    assert services.booking_cancel(booking=waiting, by=world["elm_worker"]) == []


def test_a_person_who_cancelled_can_book_again(world, small_session):
    booking = _book(small_session, world["oak_worker"]).booking
    services.booking_cancel(booking=booking, by=world["oak_worker"])
    assert _book(small_session, world["oak_worker"]).result == "booked"
    assert Booking.objects.filter(person=world["oak_worker"]).count() == 2


@pytest.mark.parametrize(
    ("session_fields", "message"),
    [
        ({"is_cancelled": True}, "cancelled"),
        ({"booking_opens_at": timezone.now() + datetime.timedelta(days=1)}, "not opened"),
        ({"booking_closes_at": timezone.now() - datetime.timedelta(hours=1)}, "closed"),
        (
            {
                "starts_at": timezone.now() - datetime.timedelta(hours=1),
                "ends_at": timezone.now() + datetime.timedelta(hours=1),
            },
            "already started",
        ),
    ],
)
def test_sessions_outside_their_booking_window_refuse_bookings(
    world, make_event, session_of, session_fields, message
):
    session = session_of(make_event(sessions=[session_fields]))
    with pytest.raises(services.BookingError, match=message):
        _book(session, world["oak_worker"])
    assert not Booking.objects.exists()


def test_a_manager_books_several_staff_at_once_up_to_capacity(world, small_session, make_membership):
    oak = world["oak"]
    staff = [world["oak_worker"], world["oak_bank_worker"], world["oak_assessor"]]
    outcomes = services.staff_book(session=small_session, people=staff, by=world["oak_manager"])
    assert [o.result for o in outcomes] == ["booked", "booked", "waiting"]
    assert all(o.booking.booked_by == world["oak_manager"] for o in outcomes)
    assert oak  # the organisation is not recorded on the booking: visibility follows memberships


def test_a_manager_cannot_book_another_providers_staff(world, small_session):
    with pytest.raises(PermissionDenied):
        services.staff_book(
            session=small_session, people=[world["oak_worker"], world["elm_worker"]], by=world["oak_manager"]
        )
    with pytest.raises(PermissionDenied):
        services.booking_create(session=small_session, person=world["elm_worker"], by=world["oak_manager"])
    assert not Booking.objects.exists()


def test_a_manager_cannot_cancel_another_providers_booking(world, small_session):
    booking = _book(small_session, world["elm_worker"]).booking
    with pytest.raises(PermissionDenied):
        services.booking_cancel(booking=booking, by=world["oak_manager"])


def test_database_allows_one_live_booking_per_person_per_session(world, small_session):
    from django.db import IntegrityError, transaction

    Booking.objects.create(session=small_session, person=world["oak_worker"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            session=small_session, person=world["oak_worker"], status=BookingStatus.WAITING
        )


# --- Through the pages -----------------------------------------------------------------------


def _book_url(session):
    return f"{session.page.url}sessions/{session.pk}/book/"


def test_worker_books_through_the_page_and_a_double_submit_books_once(client, world, small_session):
    client.force_login(world["oak_worker"])
    assert "Book a place" in client.get(_book_url(small_session)).text
    first = client.post(_book_url(small_session), {"waiting_list": "0"})
    second = client.post(_book_url(small_session), {"waiting_list": "0"})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Booking.objects.filter(person=world["oak_worker"]).count() == 1
    page = client.get(first["Location"])
    assert "Booking confirmed" in page.text


def test_booking_a_session_that_filled_up_says_so_and_offers_the_waiting_list(client, world, small_session):
    _book(small_session, world["oak_bank_worker"])
    _book(small_session, world["oak_assessor"])
    client.force_login(world["oak_worker"])
    response = client.post(_book_url(small_session), {"waiting_list": "0"})
    assert response.status_code == 200
    assert "There is a problem" in response.text and "now full" in response.text
    assert "Join the waiting list" in response.text


def test_booking_needs_signing_in(client, small_session):
    response = client.get(_book_url(small_session))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_session_of_another_event_is_not_found(client, world, make_event, session_of, small_session):
    other = make_event("Other")
    client.force_login(world["oak_worker"])
    assert client.get(f"{other.url}sessions/{small_session.pk}/book/").status_code == 404


def test_manager_books_staff_through_the_page(client, world, small_session):
    client.force_login(world["oak_manager"])
    url = f"{small_session.page.url}sessions/{small_session.pk}/book-staff/"
    page = client.get(url)
    assert world["oak_worker"].display_name in page.text
    assert world["elm_worker"].last_name not in page.text

    empty = client.post(url, {"join_waiting_list": "on"})
    assert "Select at least one member of staff to book." in empty.text

    response = client.post(
        url, {"people": [world["oak_worker"].pk, world["oak_bank_worker"].pk], "join_waiting_list": "on"}
    )
    assert response.status_code == 302
    assert Booking.objects.filter(session=small_session, status=BookingStatus.BOOKED).count() == 2


def test_manager_posting_another_providers_person_books_nobody_and_names_nobody(client, world, small_session):
    client.force_login(world["oak_manager"])
    url = f"{small_session.page.url}sessions/{small_session.pk}/book-staff/"
    response = client.post(url, {"people": [world["elm_worker"].pk], "join_waiting_list": "on"})
    assert response.status_code == 200
    assert "Select people from the list of your staff." in response.text
    assert world["elm_worker"].last_name not in response.text
    assert not Booking.objects.exists()


def test_only_managers_have_the_staff_booking_page(client, world, small_session):
    client.force_login(world["oak_worker"])
    assert client.get(f"{small_session.page.url}sessions/{small_session.pk}/book-staff/").status_code == 404


def test_another_providers_booking_is_not_found_and_not_named(client, world, small_session, calendar_page):
    booking = _book(small_session, world["elm_worker"]).booking
    client.force_login(world["oak_manager"])
    for suffix in ("", "cancel/", "calendar/"):
        response = client.get(f"{calendar_page.url}bookings/{booking.pk}/{suffix}")
        assert response.status_code == 404
        assert world["elm_worker"].last_name not in response.text
    assert client.post(f"{calendar_page.url}bookings/{booking.pk}/cancel/").status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_manager_sees_and_cancels_their_staffs_bookings(client, world, small_session, calendar_page):
    mine = _book(small_session, world["oak_worker"]).booking
    _book(small_session, world["elm_worker"])
    client.force_login(world["oak_manager"])
    team = client.get(f"{calendar_page.url}team/")
    assert world["oak_worker"].display_name in team.text
    assert world["elm_worker"].last_name not in team.text
    response = client.post(f"{calendar_page.url}bookings/{mine.pk}/cancel/")
    assert response.status_code == 302 and response["Location"].endswith("/team/")
    mine.refresh_from_db()
    assert mine.status == BookingStatus.CANCELLED and mine.cancelled_by == world["oak_manager"]


def test_the_team_page_is_only_for_managers(client, world, calendar_page):
    client.force_login(world["oak_worker"])
    assert client.get(f"{calendar_page.url}team/").status_code == 404
