"""What the compliance, team page and reminder tests share: mandatory courses, requirements, and
training held, built the way the services build it (or as rows, where the service is not the point)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from lms.models import Enrolment, EnrolmentStatus, PriorLearning, PriorLearningStatus, TrainingRequirement
from lms.services.enrolment import enrolment_create
from lms.services.progress import unit_met


def days(n: int) -> datetime.date:
    """The day n days from today (negative: ago)."""
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture(name="courses")
def courses_fixture(make_course):
    """The mandatory courses of the tests, by short name. Tier 2 covers Tier 1."""
    fire = make_course("Fire safety", refresher_months=12)
    moving = make_course("Moving and handling people", refresher_months=12)
    safeguarding = make_course("Safeguarding adults", refresher_months=36)
    tier1 = make_course("Oliver McGowan Tier 1", refresher_months=36)
    tier2 = make_course("Oliver McGowan Tier 2", refresher_months=36, covers=[tier1])
    return {"fire": fire, "moving": moving, "safeguarding": safeguarding, "tier1": tier1, "tier2": tier2}


def require(course, *, job_role=None, category="", organisation=None, required=True) -> TrainingRequirement:
    return TrainingRequirement.objects.create(
        course=course,
        job_role=job_role,
        pathway_category=category,
        organisation=organisation,
        required=required,
    )


def complete(person, course, *, expires_on="computed") -> Enrolment:
    """Enrol and meet every unit through the services; then, if given, set the expiry to a known day."""
    enrolment, _ = enrolment_create(learner=person, course=course, check_prerequisites=False)
    for unit in course.units.all():
        unit_met(enrolment=enrolment, unit=unit, how="viewed")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    if expires_on != "computed":
        Enrolment.objects.filter(pk=enrolment.pk).update(expires_on=expires_on)
        enrolment.refresh_from_db()
    return enrolment


def prior_learning(person, course, *, expires_on=None, status=PriorLearningStatus.ACCEPTED) -> PriorLearning:
    return PriorLearning.objects.create(
        person=person,
        course=course,
        title=f"{course.title} (elsewhere)",
        provider_name="Another training company",
        completed_on=days(-100),
        expires_on=expires_on,
        certificate="prior-learning/certificate.pdf",
        status=status,
        submitted_by=person,
        reason="Not the right course" if status == PriorLearningStatus.REJECTED else "",
    )
