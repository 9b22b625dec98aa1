"""Demonstration learning history: enough that every LMS screen has something true to show.

The Care Certificate in roughly the council paper's shape (about a quarter completed, a tenth in
progress, the rest not started), mandatory training completed at different times so that some is
current, some expiring and some expired, Oliver McGowan in progress, a leadership cohort, and the
demo worker part-way through courses. Called by `manage.py load_demo` after `load_programmes`;
running it again adds nothing.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from academy.demo import DEMO_EMAIL_DOMAIN
from academy.models import Membership, PathwayCategory

from .models import Cohort, CoursePage, Enrolment, ProgrammePage
from .services import enrolment as enrolment_service
from .services import progress

MANDATORY_SLUGS = [
    "health-and-safety-awareness",
    "infection-prevention-and-control",
    "fire-safety",
    "moving-and-handling-objects",
    "safeguarding-adults",
    "safeguarding-children",
]


def _finish(learner, course, *, days_ago: int, rng: random.Random, units: int | None = None) -> Enrolment:
    """Enrol and meet the course's units (all, or the first `units`) as if done `days_ago` days ago."""
    enrolment, _ = enrolment_service.enrolment_create(
        learner=learner, course=course, by=None, check_prerequisites=False
    )
    when = timezone.now() - datetime.timedelta(days=days_ago, hours=rng.randint(0, 8))
    steps = list(course.units.order_by("sort_order"))
    for unit in steps[: len(steps) if units is None else units]:
        progress.unit_met(enrolment=enrolment, unit=unit, how="demo", at=when)
    Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=when - datetime.timedelta(days=3))
    return enrolment


@transaction.atomic
def load_learning_demo() -> dict[str, int]:
    if Enrolment.objects.filter(learner__email__endswith=f"@{DEMO_EMAIL_DOMAIN}").exists():
        return {"enrolments": 0}
    rng = random.Random(12)
    courses = {c.slug: c for c in CoursePage.objects.live()}
    care_certificate = ProgrammePage.objects.get(slug="care-certificate")
    standards = [item.course for item in care_certificate.programme_courses.order_by("sort_order")]
    memberships = list(
        Membership.objects.active()
        .filter(person__email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
        .select_related("person")
        .order_by("organisation_id", "pk")
    )
    care_staff = [
        m
        for m in memberships
        if m.pathway_category
        in (
            PathwayCategory.NEW_TO_CARE,
            PathwayCategory.CARE_OR_SUPPORT_WORKER,
            PathwayCategory.ENHANCED_CARE_WORKER,
        )
    ]
    worker_email = f"worker@{DEMO_EMAIL_DOMAIN}"
    for index, membership in enumerate(care_staff):
        person = membership.person
        if person.email == worker_email:
            continue
        share = index % 10
        if share < 3:  # completed, over the last two years
            enrolment_service.programme_enrol(learner=person, programme=care_certificate)
            for course in standards:
                _finish(person, course, days_ago=rng.randint(60, 700), rng=rng)
        elif share == 3:  # in progress
            enrolment_service.programme_enrol(learner=person, programme=care_certificate)
            for course in standards[: rng.randint(3, 10)]:
                _finish(person, course, days_ago=rng.randint(5, 50), rng=rng)

    # Mandatory training at different ages: current, expiring soon, expired, or never done.
    for membership in memberships:
        person = membership.person
        if person.email == worker_email:
            continue
        for slug in MANDATORY_SLUGS:
            roll = rng.random()
            if roll < 0.15:
                continue  # missing
            age = rng.randint(20, 300) if roll < 0.75 else rng.randint(300, 520)
            _finish(person, courses[slug], days_ago=age, rng=rng)
        if rng.random() < 0.6:
            _finish(person, courses["oliver-mcgowan-part-1"], days_ago=rng.randint(30, 500), rng=rng)

    # The demo worker: some done, some under way, one knowledge check still to take.
    worker = next((m.person for m in memberships if m.person.email == worker_email), None)
    if worker is not None:
        _finish(worker, courses["fire-safety"], days_ago=340, rng=rng)  # due again soon
        _finish(worker, courses["infection-prevention-and-control"], days_ago=400, rng=rng)  # expired
        _finish(worker, courses["health-and-safety-awareness"], days_ago=90, rng=rng)
        enrolment_service.programme_enrol(learner=worker, programme=care_certificate)
        for course in standards[:4]:
            _finish(worker, course, days_ago=rng.randint(10, 40), rng=rng)
        _finish(worker, standards[4], days_ago=2, rng=rng, units=1)  # knowledge check next
        _finish(worker, courses["oliver-mcgowan-part-1"], days_ago=60, rng=rng)
        enrolment_service.enrolment_create(learner=worker, course=courses["safeguarding-adults"], by=None)

    # A leadership cohort of the managers, two modules in.
    leadership = ProgrammePage.objects.get(slug="registered-managers-development-programme")
    today = timezone.localdate()
    cohort, _ = Cohort.objects.get_or_create(
        programme=leadership,
        name="Autumn 2026",
        defaults={
            "starts_on": today - datetime.timedelta(days=70),
            "ends_on": today + datetime.timedelta(days=200),
        },
    )
    modules = [item.course for item in leadership.programme_courses.order_by("sort_order")]
    for membership in memberships:
        if membership.pathway_category in (
            PathwayCategory.REGISTERED_MANAGER,
            PathwayCategory.DEPUTY_MANAGER,
        ):
            enrolment_service.programme_enrol(learner=membership.person, programme=leadership, cohort=cohort)
            for course in modules[:2]:
                _finish(membership.person, course, days_ago=rng.randint(10, 60), rng=rng)
    return {"enrolments": Enrolment.objects.count()}
