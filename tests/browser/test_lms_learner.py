"""A care worker learning: finding a course, enrolling, finishing a step and a knowledge check, and
seeing their progress in My learning."""

import pytest

from lms.models import CourseCatalogPage, CoursePage, Enrolment, EnrolmentStatus, UnitKind
from tests.browser.helpers import follow, sign_in, submit, visit_and_check
from tests.lms.conftest import unit_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _course(title, units, **fields):
    page = CoursePage(
        title=title,
        summary=f"{title} for everyone in care.",
        learning_outcomes="<ul><li>Keep people safe</li></ul>",
        duration_minutes=45,
        refresher_months=12,
        mandatory=True,
        **fields,
    )
    for order, unit in enumerate(units):
        unit.sort_order = order
        page.units.add(unit)
    CourseCatalogPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_worker_enrols_learns_passes_the_check_and_sees_progress(page, world):
    course = _course(
        "Safeguarding adults",
        [
            unit_for(
                UnitKind.CONTENT,
                title="What abuse looks like",
                body=[("paragraph", "<p>Abuse takes many forms.</p>")],
            ),
            unit_for(UnitKind.KNOWLEDGE_CHECK, title="Check your knowledge"),
            unit_for(UnitKind.CONTENT, title="Reporting a concern"),
        ],
    )
    worker = world["oak_worker"]
    sign_in(page, worker)
    follow(page, "Courses")
    page.get_by_label("Mandatory training only").check()
    submit(page, "Show courses")
    follow(page, "Safeguarding adults")
    submit(page, "Enrol on this course")
    assert page.get_by_text("You are enrolled on Safeguarding adults").is_visible()
    assert page.get_by_text("Your progress: 0% (0 of 3 steps done)").is_visible()

    follow(page, "Start the course")
    assert page.get_by_role("heading", level=1).inner_text() == "What abuse looks like"
    submit(page, "Mark as done and continue")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your knowledge"

    # A wrong answer first: the feedback says why, and there is another try.
    page.get_by_role("group", name="1. Who do you tell about a safeguarding concern?").get_by_label(
        "Nobody"
    ).check()
    page.get_by_role("group", name="2. Wash hands when?").get_by_label("Never").check()
    submit(page, "Submit answers")
    assert page.get_by_role("heading", name="Not passed yet").is_visible()
    follow(page, "Try again")
    page.get_by_label("My manager").check()
    page.get_by_label("Before and after care").check()
    submit(page, "Submit answers")
    assert page.get_by_role("heading", name="You passed").is_visible()
    follow(page, "Continue to Reporting a concern")

    follow(page, "My learning")
    assert page.get_by_text("Progress: 67% (2 of 3 steps done)").is_visible()
    enrolment = Enrolment.objects.get(learner=worker, course=course)
    assert enrolment.status == EnrolmentStatus.IN_PROGRESS


def test_the_learning_pages_fit_a_phone(mobile_page, world):
    course = _course("Fire safety", [unit_for(UnitKind.CONTENT, title="The fire procedure")])
    sign_in(mobile_page, world["oak_worker"])
    visit_and_check(mobile_page, "/courses/")
    visit_and_check(mobile_page, course.url)
    submit(mobile_page, "Enrol on this course")
    follow(mobile_page, "Start the course")
    assert mobile_page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    submit(mobile_page, "Mark as done and continue")
    visit_and_check(mobile_page, "/learning/")
    assert mobile_page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
