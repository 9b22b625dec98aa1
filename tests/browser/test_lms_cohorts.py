"""Programmes and cohorts in a browser: a manager enrols two staff into a cohort of the leadership
programme from team training; a commissioner adds a cohort and follows its members. Every page is
checked with axe."""

import datetime

import pytest
from django.utils import timezone

from cms.events.models import EventIndexPage, EventKind, EventPage, EventSession, SessionMode
from lms.models import (
    Cohort,
    CourseCatalogPage,
    CoursePage,
    CourseUnit,
    ProgrammeCourse,
    ProgrammeEnrolment,
    ProgrammePage,
)
from tests.browser.helpers import check, follow, sign_in, submit, visit_and_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _leadership():
    """The leadership programme, run in cohorts and by invitation, with one course."""
    catalogue = CourseCatalogPage.objects.get()
    course = CoursePage(
        title="Leading a team",
        summary="For people who lead a care team.",
        learning_outcomes="<ul><li>Lead well</li></ul>",
        duration_minutes=90,
        self_enrol=False,
    )
    course.units.add(CourseUnit(title="What leading is", kind="content"))
    catalogue.add_child(instance=course)
    course.save_revision().publish()
    programme = ProgrammePage(
        title="Leadership programme",
        summary="Workshops and coaching for new leaders.",
        cohort_based=True,
        self_enrol=False,
    )
    programme.programme_courses.add(ProgrammeCourse(course=CoursePage.objects.get(pk=course.pk)))
    catalogue.add_child(instance=programme)
    programme.save_revision().publish()
    return ProgrammePage.objects.get(pk=programme.pk)


def _graduation():
    start = timezone.now() + datetime.timedelta(days=300)
    event = EventPage(
        title="Leadership graduation",
        slug="leadership-graduation",
        kind=EventKind.GRADUATION,
        summary="Celebrating the cohort finishing the programme.",
    )
    event.sessions.add(
        EventSession(
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            mode=SessionMode.IN_PERSON,
            venue_name="Stafford Library",
            venue_address="Lichfield Road\nStafford ST17 4JX",
            capacity=60,
        )
    )
    EventIndexPage.objects.get().add_child(instance=event)
    event.save_revision().publish()
    return event


def test_a_manager_enrols_two_staff_into_a_leadership_cohort(page, world):
    leadership = _leadership()
    today = timezone.localdate()
    spring = Cohort.objects.create(
        programme=leadership, name="Spring 2027", starts_on=today + datetime.timedelta(days=30)
    )
    Cohort.objects.create(
        programme=leadership,
        name="Autumn 2024",
        starts_on=today - datetime.timedelta(days=600),
        ends_on=today - datetime.timedelta(days=10),
    )

    sign_in(page, world["oak_manager"])
    visit_and_check(page, f"/organisations/{world['oak'].pk}/training/")
    follow(page, "Enrol staff on a programme")
    assert page.get_by_role("heading", level=1).inner_text() == "Enrol staff on a programme"
    assert world["elm_worker"].display_name not in page.locator("main").inner_text()
    assert "Autumn 2024" not in page.get_by_label("Cohort").inner_text()

    page.get_by_label("Programme").select_option(label="Leadership programme")
    submit(page, "Enrol on the programme")  # nobody ticked
    summary = page.locator(".govuk-error-summary")
    assert "Select at least one member of staff" in summary.inner_text()

    page.get_by_label(world["oak_worker"].display_name).check()
    page.get_by_label(world["oak_bank_worker"].display_name).check()
    submit(page, "Enrol on the programme")  # still no cohort
    assert (
        "Choose the cohort of Leadership programme to enrol them in"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert not ProgrammeEnrolment.objects.exists()

    # The ticks and the programme are kept; now the cohort.
    assert page.get_by_label(world["oak_worker"].display_name).is_checked()
    page.get_by_label("Cohort").select_option(label=f"Spring 2027, from {spring.starts_on:%-d %B %Y}")
    check(page)
    submit(page, "Enrol on the programme")

    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Enrolling staff on Leadership programme (Spring 2027)"
    assert "Enrolled 2 of 2 people" in page.locator(".govuk-panel").inner_text()
    outcomes = page.get_by_role("region", name="What happened for each person")
    for person in (world["oak_worker"], world["oak_bank_worker"]):
        assert "Enrolled" in outcomes.get_by_role("row", name=person.display_name).inner_text()
    assert set(ProgrammeEnrolment.objects.filter(cohort=spring).values_list("learner", flat=True)) == {
        world["oak_worker"].pk,
        world["oak_bank_worker"].pk,
    }
    follow(page, "Back to team training")


def test_a_commissioner_adds_a_cohort_and_sees_its_members(page, world, settings):
    settings.ACADEMY_COMMISSIONERS_SEE_NAMED_RECORDS = True
    leadership = _leadership()
    _graduation()
    from lms.services.enrolment import programme_enrol

    sign_in(page, world["commissioner"])
    visit_and_check(page, "/training/cohorts/")
    assert "No cohorts yet." in page.locator("main").inner_text()
    follow(page, "Add a cohort to Leadership programme")
    submit(page, "Add the cohort")  # nothing filled in
    assert "Enter a name for the cohort" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Name").fill("Spring 2027")
    page.get_by_label("Start date").fill("14/09/2027")
    page.get_by_label("End date (optional)").fill("20/06/2028")
    page.get_by_label("Graduation event (optional)").select_option(label="Leadership graduation")
    submit(page, "Add the cohort")
    assert (
        "Spring 2027 is now a cohort of Leadership programme."
        in page.get_by_role("region", name="Success").inner_text()
    )
    cohort = Cohort.objects.get(programme=leadership)
    assert cohort.graduation_event.title == "Leadership graduation"

    programme_enrol(learner=world["oak_worker"], programme=leadership, cohort=cohort)
    visit_and_check(page, f"/training/cohorts/{cohort.pk}/")
    members = page.get_by_role("region", name="Members and their progress")
    row = members.get_by_role("row", name=world["oak_worker"].display_name)
    assert "Oak House" in row.inner_text()
    assert "0% (0 of 1 course)" in row.inner_text()
    follow(page, "Back to programme cohorts")
