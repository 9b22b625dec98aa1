"""Events in a browser: a worker books and gets the .ics, a manager books two staff, a facilitator
takes the register; every page is checked with axe, and the calendar works 320 pixels wide."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from cms.events.models import Booking, BookingStatus, EventIndexPage, EventPage, EventSession, SessionMode
from tests.browser.helpers import check, follow, sign_in, submit, visit_and_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _event(title, *, start, hours=3, capacity=10, facilitators=(), **session_fields):
    page = EventPage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        kind="workshop",
        summary=f"{title}: what good looks like, and how to get there.",
    )
    values = {
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=hours),
        "capacity": capacity,
        "mode": SessionMode.IN_PERSON,
        "venue_name": "Stafford Library, Room 2",
        "venue_address": "Lichfield Road\nStafford ST17 4JX",
        "accessibility_notes": "Step-free entrance and a hearing loop.",
    }
    values.update(session_fields)
    page.sessions.add(EventSession(**values))
    EventIndexPage.objects.get().add_child(instance=page)
    page.facilitators.set(facilitators)
    page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk)


def _day(event) -> str:
    return f"{timezone.localtime(event.sessions.get().starts_at):%-d %B %Y}"


def _next_week():
    return (timezone.now() + datetime.timedelta(days=7)).replace(hour=9, minute=30, second=0, microsecond=0)


def test_a_worker_books_a_session_and_receives_the_ics(page, world, mailoutbox, tmp_path):
    event = _event("Moving and handling people", start=_next_week())
    sign_in(page, world["oak_worker"])
    visit_and_check(page, "/events/")
    follow(page, "Moving and handling people")
    assert page.get_by_role("heading", level=1).inner_text() == "Moving and handling people"
    follow(
        page,
        f"Book a place on {_day(event)}",
    )
    assert page.get_by_role("heading", level=1).inner_text() == "Book a place"
    submit(page, "Confirm booking")

    panel = page.locator(".govuk-panel--confirmation")
    assert panel.get_by_role("heading", level=1).inner_text() == "Booking confirmed"
    booking = Booking.objects.get(person=world["oak_worker"])
    assert booking.status == BookingStatus.BOOKED

    (message,) = mailoutbox
    assert message.to == [world["oak_worker"].email]
    ((name, content, mimetype),) = message.attachments
    assert name == "session.ics" and mimetype.startswith("text/calendar")
    (entry,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(entry["summary"]) == "Moving and handling people"

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the session for your calendar (.ics)").click()
    saved = tmp_path / "session.ics"
    download.value.save_as(saved)
    (downloaded,) = icalendar.Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    assert downloaded["uid"] == entry["uid"]

    follow(page, "Your bookings")
    upcoming = page.get_by_role("region", name="Your upcoming bookings")
    assert upcoming.get_by_role("link", name="Moving and handling people", exact=True).is_visible()


def test_a_manager_books_two_staff(page, world):
    event = _event("Leading teams", start=_next_week(), capacity=12)
    sign_in(page, world["oak_manager"])
    visit_and_check(page, event.url)
    follow(
        page,
        f"Book your staff on {_day(event)}",
    )
    assert page.get_by_role("heading", level=1).inner_text() == "Book your staff"
    assert page.get_by_text(world["elm_worker"].display_name).count() == 0  # another provider's staff

    submit(page, "Book places")  # nobody chosen: the summary says so
    summary = page.locator(".govuk-error-summary")
    assert "Select at least one member of staff to book." in summary.inner_text()

    page.get_by_label(world["oak_worker"].display_name).check()
    page.get_by_label(world["oak_bank_worker"].display_name).check()
    submit(page, "Book places")
    success = page.get_by_role("region", name="Success")
    assert "Booked:" in success.inner_text()
    assert set(Booking.objects.filter(status=BookingStatus.BOOKED).values_list("person", flat=True)) == {
        world["oak_worker"].pk,
        world["oak_bank_worker"].pk,
    }
    assert Booking.objects.filter(booked_by=world["oak_manager"]).count() == 2

    follow(page, "See all your staff's bookings")
    table = page.get_by_role("region", name="Your staff's upcoming bookings")
    assert table.get_by_role("cell", name=world["oak_worker"].display_name, exact=True).is_visible()
    assert table.get_by_role("cell", name=world["oak_bank_worker"].display_name, exact=True).is_visible()


def _mark(page, person, label):
    return page.get_by_role("group", name=person.display_name).get_by_label(label, exact=True)


def test_a_facilitator_takes_the_register(page, world):
    started = timezone.now() - datetime.timedelta(hours=1)
    event = _event("Oliver McGowan Tier 2", start=started, hours=6, facilitators=[world["oak_assessor"]])
    session = event.sessions.get()
    for person in (world["oak_worker"], world["elm_worker"]):
        Booking.objects.create(session=session, person=person, booked_by=person)

    sign_in(page, world["oak_assessor"])
    visit_and_check(page, "/events/bookings/")
    follow(page, f"Register: Oliver McGowan Tier 2, {timezone.localtime(started):%-d %B %Y}")
    assert page.get_by_role("heading", level=1).inner_text() == "Register"
    _mark(page, world["oak_worker"], "Attended").check()
    _mark(page, world["elm_worker"], "No-show").check()
    submit(page, "Save the register")
    assert (
        "The register is saved. 2 marks changed." in page.get_by_role("region", name="Success").inner_text()
    )
    marks = dict(Booking.objects.values_list("person", "attendance"))
    assert marks == {world["oak_worker"].pk: "attended", world["elm_worker"].pk: "no_show"}
    assert Booking.objects.get(person=world["oak_worker"]).statement_id
    # The marks are shown again when the register is reopened.
    assert _mark(page, world["oak_worker"], "Attended").is_checked()


def _wider_than_the_screen(page) -> list[str]:
    return page.evaluate(
        """() => Array.from(document.body.querySelectorAll('*'))
            .filter(el => !el.closest('.academy-table-container'))
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
            .map(el => el.outerHTML.slice(0, 120))"""
    )


@pytest.fixture
def narrow_page(browser, site):
    context = browser.new_context(base_url=site, viewport={"width": 320, "height": 640}, is_mobile=True)
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page = context.new_page()
    yield page
    context.close()


def test_calendar_and_event_pages_work_320_pixels_wide(narrow_page, world):
    event = _event("Provider Excellence learning event", start=_next_week(), capacity=1)
    Booking.objects.create(session=event.sessions.get(), person=world["elm_worker"])
    for path in ("/events/", "/events/?view=month", event.url):
        visit_and_check(narrow_page, path)
        assert _wider_than_the_screen(narrow_page) == [], path
        assert not narrow_page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth"), (
            path
        )
    assert narrow_page.get_by_text("Full: waiting list open").is_visible()
    check(narrow_page)
