"""The facilitator's register: attendance marks, the `attended` statement, and apps that react to it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cms.events import attendance, services
from cms.events.models import Attendance, Booking, BookingStatus
from lrs.selectors import statement_by_id


@pytest.fixture
def held_session(world, make_event, session_of):
    """A session that started an hour ago, with two people booked, facilitated by the assessor."""
    started = timezone.now() - datetime.timedelta(hours=1)
    event = make_event(
        "Oliver McGowan Tier 2",
        sessions=[{"starts_at": started, "ends_at": started + datetime.timedelta(hours=6)}],
        facilitators=[world["oak_assessor"]],
    )
    session = session_of(event)
    for person in (world["oak_worker"], world["elm_worker"]):
        Booking.objects.create(session=session, person=person, booked_by=person)
    return session


@pytest.fixture
def heard():
    seen = []
    attendance.register(seen.append)
    yield seen
    attendance.unregister(seen.append)


def _marks(session, **by_last_name):
    return {
        b.pk: by_last_name[b.person.last_name]
        for b in Booking.objects.filter(session=session).select_related("person")
        if b.person.last_name in by_last_name
    }


def test_attendance_records_an_attended_statement_and_tells_registered_apps(world, held_session, heard):
    marks = _marks(held_session, Oakworker=Attendance.ATTENDED, Elmworker=Attendance.NO_SHOW)
    assert services.attendance_mark(session=held_session, marks=marks, by=world["oak_assessor"]) == 2

    attended = Booking.objects.get(person=world["oak_worker"])
    assert attended.attendance == Attendance.ATTENDED and attended.statement_id
    statement = statement_by_id(statement_id=attended.statement_id, voided=False)
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/attended"
    event_iri = f"http://testserver/xapi/activities/events/{held_session.page_id}"
    assert statement["object"]["id"] == f"{event_iri}/sessions/{held_session.pk}"
    assert statement["context"]["contextActivities"]["parent"][0]["id"] == event_iri
    assert statement["actor"]["account"]["name"] == str(world["oak_worker"].public_id)
    assert statement["result"]["completion"] is True

    no_show = Booking.objects.get(person=world["elm_worker"])
    assert no_show.attendance == Attendance.NO_SHOW and no_show.statement_id == ""
    assert list(Booking.objects.exclude(statement_id="").values_list("pk", flat=True)) == [attended.pk]

    assert {(e.person.pk, e.attendance, e.attended_in_full) for e in heard} == {
        (world["oak_worker"].pk, "attended", True),
        (world["elm_worker"].pk, "no_show", False),
    }
    assert {e.session_activity_id for e in heard} == {f"{event_iri}/sessions/{held_session.pk}"}


def test_partial_attendance_is_recorded_as_not_complete(world, held_session, heard):
    marks = _marks(held_session, Oakworker=Attendance.PARTLY_ATTENDED)
    services.attendance_mark(session=held_session, marks=marks, by=world["oak_assessor"])
    booking = Booking.objects.get(person=world["oak_worker"])
    assert statement_by_id(statement_id=booking.statement_id, voided=False)["result"] == {"completion": False}
    assert [e.attended_in_full for e in heard] == [False]


def test_saving_the_register_again_records_nothing_new(world, held_session):
    marks = _marks(held_session, Oakworker=Attendance.ATTENDED)
    services.attendance_mark(session=held_session, marks=marks, by=world["oak_assessor"])
    first = Booking.objects.get(person=world["oak_worker"]).statement_id
    assert services.attendance_mark(session=held_session, marks=marks, by=world["oak_assessor"]) == 0
    assert Booking.objects.get(person=world["oak_worker"]).statement_id == first


def test_a_failing_handler_never_costs_the_register(world, held_session, caplog):
    def broken(event):
        raise RuntimeError("the LMS is down")

    attendance.register(broken)
    try:
        marks = _marks(held_session, Oakworker=Attendance.ATTENDED)
        assert services.attendance_mark(session=held_session, marks=marks, by=world["oak_assessor"]) == 1
    finally:
        attendance.unregister(broken)
    assert Booking.objects.get(person=world["oak_worker"]).attendance == Attendance.ATTENDED
    assert "Attendance handler" in caplog.text


def test_only_facilitators_take_the_register(world, held_session):
    marks = _marks(held_session, Oakworker=Attendance.ATTENDED)
    with pytest.raises(PermissionDenied):
        services.attendance_mark(session=held_session, marks=marks, by=world["oak_manager"])


def test_the_register_opens_when_the_session_starts(world, make_event, session_of):
    session = session_of(make_event(facilitators=[world["oak_assessor"]]))
    booking = Booking.objects.create(session=session, person=world["oak_worker"])
    with pytest.raises(services.BookingError, match="once the session has started"):
        services.attendance_mark(
            session=session, marks={booking.pk: Attendance.ATTENDED}, by=world["oak_assessor"]
        )


@pytest.mark.parametrize("value", ["", "came", "attended; DROP TABLE"])
def test_unknown_marks_are_refused(world, held_session, value):
    booking = Booking.objects.get(person=world["oak_worker"])
    with pytest.raises(services.BookingError):
        services.attendance_mark(session=held_session, marks={booking.pk: value}, by=world["oak_assessor"])


def test_people_without_a_place_are_not_on_the_register(world, held_session):
    booking = Booking.objects.get(person=world["oak_worker"])
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    with pytest.raises(services.BookingError, match="no longer has a place"):
        services.attendance_mark(
            session=held_session, marks={booking.pk: Attendance.ATTENDED}, by=world["oak_assessor"]
        )


def _register_url(session):
    return f"{session.page.url}sessions/{session.pk}/register/"


def test_facilitator_takes_the_register_on_its_page(client, world, held_session):
    client.force_login(world["oak_assessor"])
    page = client.get(_register_url(held_session))
    assert page.status_code == 200
    assert world["oak_worker"].display_name in page.text and world["elm_worker"].display_name in page.text
    bookings = {b.person_id: b for b in Booking.objects.filter(session=held_session)}
    response = client.post(
        _register_url(held_session),
        {
            f"attendance_{bookings[world['oak_worker'].pk].pk}": "attended",
            f"attendance_{bookings[world['elm_worker'].pk].pk}": "no_show",
        },
    )
    assert response.status_code == 302
    assert Booking.objects.filter(session=held_session, attendance="no_show").count() == 1

    bad = client.post(
        _register_url(held_session), {f"attendance_{bookings[world['oak_worker'].pk].pk}": "came"}
    )
    assert bad.status_code == 200 and "Choose attended, partly attended or no-show." in bad.text


def test_nobody_else_opens_the_register(client, world, held_session):
    client.force_login(world["oak_manager"])
    assert client.get(_register_url(held_session)).status_code == 404


def test_no_shows_show_on_the_managers_team_page_and_in_reporting(client, world, held_session, calendar_page):
    from cms.events import selectors

    marks = _marks(held_session, Oakworker=Attendance.NO_SHOW, Elmworker=Attendance.ATTENDED)
    services.attendance_mark(session=held_session, marks=marks, by=world["oak_assessor"])
    # Reporting counts sessions that have ended.
    held_session.__class__.objects.filter(pk=held_session.pk).update(
        ends_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(world["oak_manager"])
    team = client.get(f"{calendar_page.url}team/")
    assert "1 no-show" in team.text
    assert selectors.attendance_counts(organisation=world["oak"])["no_show"] == 1
    assert [b.person for b in selectors.no_shows(organisation=world["oak"])] == [world["oak_worker"]]
    assert selectors.attendance_counts(organisation=world["elm"]) == {
        "attended": 1,
        "partly_attended": 0,
        "no_show": 0,
    }
