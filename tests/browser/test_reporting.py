"""Reports in a browser: a manager finds who is out of date and whether it is getting better, and follows the
number to their team; a commissioner filters, opens a figure and downloads its file. Every page passes axe."""

from __future__ import annotations

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
from reporting import services
from tests.browser.helpers import check, follow, sign_in, submit, visit_and_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _course(title: str) -> CoursePage:
    course = CoursePage(
        title=title,
        summary=f"About {title.lower()}.",
        learning_outcomes="<ul><li>Keep people safe</li></ul>",
        duration_minutes=45,
        refresher_months=12,
    )
    course.units.add(CourseUnit(title="Read this", kind="content"))
    CourseCatalogPage.objects.get().add_child(instance=course)
    course.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


def _history(world):
    fire = _course("Fire safety")
    TrainingRequirement.objects.create(course=fire, pathway_category="care_or_support_worker")
    now = timezone.now()
    Enrolment.objects.create(
        learner=world["oak_worker"],
        course=fire,
        status=EnrolmentStatus.COMPLETED,
        completed_at=now - datetime.timedelta(days=400),
        expires_on=timezone.localdate() - datetime.timedelta(days=35),
    )
    month = services.previous_month()
    services.snapshots_take(month=(month - datetime.timedelta(days=1)).replace(day=1))
    services.snapshots_take(month=month)


def test_a_manager_sees_who_is_out_of_date_and_follows_the_number_to_their_team(page, world):
    _history(world)
    sign_in(page, world["oak_manager"])
    follow(page, "Reports")
    assert page.get_by_role("heading", level=1).inner_text() == "Reports"
    assert "Expired or missing" in page.inner_text("main")
    assert "Trends by month" in page.inner_text("main")
    assert world["elm"].name not in page.inner_text("main")
    follow(page, "See who has expired training")
    assert page.get_by_role("heading", level=1).inner_text() == "Team training"
    assert world["oak_worker"].display_name in page.get_by_role("region", name="Team training").inner_text()


def test_a_commissioner_filters_opens_a_figure_and_gets_its_file(page, world):
    _history(world)
    sign_in(page, world["commissioner"])
    visit_and_check(page, "/reporting/")
    page.get_by_text("Filter the figures").click()
    page.get_by_label("Provider type").select_option("home_care")
    submit(page, "Apply filters")
    check(page)
    follow(page, "Staff by provider")
    table = page.get_by_role("region", name="Staff by provider: table")
    assert world["elm"].name in table.inner_text() and world["oak"].name not in table.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the table “Staff by provider” (CSV)").click()
    assert download.value.suggested_filename.startswith("headcount-by-provider-")
    # A bad date is put right where it was typed.
    visit_and_check(page, "/reporting/?start=31/02/2026", status=400)
    assert (
        "Enter the start of the period as day/month/year" in page.locator(".govuk-error-summary").inner_text()
    )
    visit_and_check(page, "/reporting/monthly/")
