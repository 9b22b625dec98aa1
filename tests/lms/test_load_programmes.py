"""load_programmes: the real programmes a deployment runs, loaded once, safely again."""

import pytest
from django.core.management import call_command

from lms.models import CoursePage, ProgrammePage, TrainingRequirement, UnitKind


@pytest.fixture
def loaded(db):
    call_command("load_programmes")


def test_the_care_certificate_has_16_standards_each_with_knowledge_and_observed_practice(loaded):
    programme = ProgrammePage.objects.get(slug="care-certificate")
    courses = [item.course for item in programme.programme_courses.order_by("sort_order")]
    assert len(courses) == 16
    assert courses[9].title == "Care Certificate standard 10: Adult safeguarding"
    for course in courses:
        kinds = set(course.units.values_list("kind", flat=True))
        assert {UnitKind.KNOWLEDGE_CHECK, UnitKind.OBSERVATION} <= kinds, course.title


def test_oliver_mcgowan_part_1_then_the_tier_for_the_role(loaded):
    programme = ProgrammePage.objects.get(slug="oliver-mcgowan-mandatory-training")
    items = {item.course.slug: item for item in programme.programme_courses.all()}
    assert set(items) == {"oliver-mcgowan-part-1", "oliver-mcgowan-tier-1", "oliver-mcgowan-tier-2"}
    assert items["oliver-mcgowan-part-1"].applies_to("none") and items["oliver-mcgowan-part-1"].applies_to(
        "care_or_support_worker"
    )
    assert items["oliver-mcgowan-tier-2"].applies_to("care_or_support_worker")
    assert not items["oliver-mcgowan-tier-2"].applies_to("none")
    assert items["oliver-mcgowan-tier-1"].applies_to("none")
    tier2 = CoursePage.objects.get(slug="oliver-mcgowan-tier-2")
    assert list(tier2.covers.values_list("slug", flat=True)) == ["oliver-mcgowan-tier-1"]
    assert list(tier2.prerequisites.values_list("slug", flat=True)) == ["oliver-mcgowan-part-1"]
    assert tier2.units.get(kind=UnitKind.LIVE_SESSION).full_attendance_required
    assert tier2.training_category.code == 43 and tier2.refresher_months == 36


def test_the_leadership_programme_has_the_twelve_modules_in_cohorts(loaded):
    programme = ProgrammePage.objects.get(slug="registered-managers-development-programme")
    titles = [i.course.title for i in programme.programme_courses.order_by("sort_order")]
    assert len(titles) == 12 and titles[0] == "Leadership programme: The Manager's Role"
    assert titles[-1] == "Leadership programme: Continuing Management Development"
    assert programme.cohort_based and not programme.self_enrol


def test_mandatory_topics_have_refreshers_categories_and_default_requirements(loaded):
    moving = CoursePage.objects.get(slug="assisting-and-moving-people")
    assert (moving.refresher_months, moving.training_category.code, moving.mandatory) == (12, 15, True)
    assert TrainingRequirement.objects.filter(
        course__slug="safeguarding-adults", organisation=None, pathway_category="none"
    ).exists()
    assert not TrainingRequirement.objects.filter(
        course__slug="medication-management", pathway_category="none"
    ).exists()
    strengths = CoursePage.objects.get(slug="strengths-based-practice")
    assert strengths.refresher_months is None and strengths.live


def test_loading_twice_adds_nothing(loaded, capsys):
    counts = (CoursePage.objects.count(), ProgrammePage.objects.count(), TrainingRequirement.objects.count())
    call_command("load_programmes")
    assert "Added 0 courses, 0 programmes and 0 default training requirements." in capsys.readouterr().out
    assert (
        CoursePage.objects.count(),
        ProgrammePage.objects.count(),
        TrainingRequirement.objects.count(),
    ) == counts
