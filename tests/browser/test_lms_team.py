"""Team training in a browser: a manager opens the compliance matrix, ticks two staff and enrols them;
a commissioner sets a default and a manager lifts it. Every page is checked with axe."""

import datetime

import pytest
from django.utils import timezone

from lms.models import (
    CourseCatalogPage,
    CoursePage,
    CourseUnit,
    Enrolment,
    EnrolmentStatus,
    TrainingRequirement,
)
from tests.browser.helpers import check, follow, sign_in, submit, visit_and_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CARE_WORKER = "care_or_support_worker"


def _course(title, refresher_months=12):
    page = CoursePage(
        title=title,
        summary=f"About {title.lower()}.",
        learning_outcomes="<ul><li>Keep people safe</li></ul>",
        duration_minutes=45,
        refresher_months=refresher_months,
    )
    page.units.add(CourseUnit(title="Read this", kind="content"))
    CourseCatalogPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return CoursePage.objects.get(pk=page.pk)


def _completed(person, course, expires_on):
    Enrolment.objects.create(
        learner=person,
        course=course,
        status=EnrolmentStatus.COMPLETED,
        completed_at=timezone.now() - datetime.timedelta(days=300),
        expires_on=expires_on,
    )


def test_a_manager_enrols_two_staff_from_the_matrix(page, world):
    fire = _course("Fire safety")
    moving = _course("Moving and handling people")
    TrainingRequirement.objects.create(course=fire, pathway_category=CARE_WORKER)
    today = timezone.localdate()
    _completed(world["oak_worker"], fire, today + datetime.timedelta(days=10))
    _completed(world["oak_bank_worker"], fire, today - datetime.timedelta(days=1))

    sign_in(page, world["oak_manager"])
    visit_and_check(page, f"/organisations/{world['oak'].pk}/")
    follow(page, "Team training")
    assert page.get_by_role("heading", level=1).inner_text() == "Team training"
    matrix = page.get_by_role("region", name="Team training")
    assert "Expires within 30 days" in matrix.inner_text()
    assert "Expired" in matrix.inner_text()
    assert world["elm_worker"].display_name not in matrix.inner_text()

    submit(page, "Enrol on the course")  # nobody ticked: the summary says so
    summary = page.locator(".govuk-error-summary")
    assert "Select at least one member of staff" in summary.inner_text()
    assert "Choose the course to enrol them on" in summary.inner_text()

    page.get_by_label(f"Select {world['oak_worker'].display_name}").check()
    page.get_by_label(f"Select {world['oak_bank_worker'].display_name}").check()
    page.get_by_label("Course", exact=True).select_option(label="Moving and handling people")
    due = today + datetime.timedelta(days=28)
    page.get_by_label("Due date (optional)").fill(due.strftime("%d/%m/%Y"))
    check(page)
    submit(page, "Enrol on the course")

    assert (
        page.get_by_role("heading", level=1).inner_text() == "Enrolling staff on Moving and handling people"
    )
    assert "Done for 2 of 2 people" in page.locator(".govuk-panel").inner_text()
    outcomes = page.get_by_role("region", name="What happened for each person")
    for person in (world["oak_worker"], world["oak_bank_worker"]):
        row = outcomes.get_by_role("row", name=person.display_name)
        assert "Enrolled" in row.inner_text()
    assert set(
        Enrolment.objects.filter(course=moving, due_on=due, enrolled_by=world["oak_manager"]).values_list(
            "learner", flat=True
        )
    ) == {world["oak_worker"].pk, world["oak_bank_worker"].pk}

    follow(page, world["oak_worker"].display_name)
    assert page.get_by_role("heading", level=1).inner_text() == world["oak_worker"].display_name
    assert "Moving and handling people" in page.get_by_role("region", name="Every enrolment").inner_text()


def test_a_commissioner_sets_a_default_and_a_manager_lifts_it(page, world, browser, site):
    _course("Safeguarding adults", refresher_months=36)
    sign_in(page, world["commissioner"])
    visit_and_check(page, "/training/requirements/")
    submit(page, "Add the requirement")  # nothing chosen
    assert "Choose the course they must hold" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Course", exact=True).select_option(label="Safeguarding adults")
    page.get_by_label("Who must hold it").select_option(label="Care or support worker")
    submit(page, "Add the requirement")
    success = page.get_by_role("region", name="Success")
    assert (
        "Safeguarding adults is now required of Care or support worker (pathway category)"
        in success.inner_text()
    )

    context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 900})
    manager = context.new_page()
    try:
        sign_in(manager, world["oak_manager"])
        visit_and_check(manager, f"/organisations/{world['oak'].pk}/training/requirements/")
        submit(manager, "Not needed here for Safeguarding adults: Care or support worker (pathway category)")
        assert "no longer required" in manager.get_by_role("region", name="Success").inner_text()
        visit_and_check(manager, f"/organisations/{world['oak'].pk}/training/")
        assert "No training is required of this team yet" in manager.locator("main").inner_text()
    finally:
        context.close()
