"""Demonstration reporting data: the Care Certificate in the council paper's shape, qualifications, feedback,
and a year of monthly snapshots so the dashboard's trends show. Called by `manage.py load_demo` after the
learning demo; running it again adds nothing.

The council paper reports 26% of staff with the Care Certificate completed, 10% in progress and 64% yet
to start, and 45% holding a social care qualification (21% at level 2, 16% at level 3, 7% at 4 and above).
"""

from __future__ import annotations

import datetime
import random

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from academy.demo import DEMO_EMAIL_DOMAIN
from academy.models import Membership, PathwayCategory, User
from lms.demo_assessment import certificate_pdf
from lms.models import (
    CourseFeedback,
    Enrolment,
    EnrolmentStatus,
    ProgrammePage,
    Qualification,
    QualificationStatus,
)
from lms.models.enrolment import FeedbackChange
from lms.services import enrolment as enrolment_service
from lms.services import progress
from lms.services.assessment import prior_learning_accept, prior_learning_submit

from . import services
from .figures import Scope, care_certificate_statuses
from .figures.care_certificate import CARE_CERTIFICATE_SLUG, CareCertificateStatus
from .figures.staff import staff_on

SHAPE = {CareCertificateStatus.COMPLETED: 0.26, CareCertificateStatus.IN_PROGRESS: 0.10}
# (level, title) by pathway category: what people in each role typically hold.
QUALIFICATIONS = {
    PathwayCategory.REGISTERED_MANAGER: (5, "Level 5 Diploma in Leadership and Management for Adult Care"),
    PathwayCategory.DEPUTY_MANAGER: (4, "Level 4 Certificate in Principles of Leadership and Management"),
    PathwayCategory.PRACTICE_LEADER: (4, "Level 4 Diploma in Adult Care"),
    PathwayCategory.SUPERVISOR_OR_LEADER: (3, "Level 3 Diploma in Adult Care"),
    PathwayCategory.ENHANCED_CARE_WORKER: (3, "Level 3 Diploma in Adult Care"),
    PathwayCategory.CARE_OR_SUPPORT_WORKER: (2, "Level 2 Diploma in Care"),
    PathwayCategory.NEW_TO_CARE: (2, "Level 2 Adult Social Care Certificate"),
}
SNAPSHOT_MONTHS = 12


def _finish(learner, course, *, when: datetime.datetime) -> Enrolment:
    """Enrol and meet every unit of the course as if done at `when`, as the learning demo does."""
    enrolment, _ = enrolment_service.enrolment_create(
        learner=learner, course=course, by=None, check_prerequisites=False
    )
    if enrolment.status != EnrolmentStatus.COMPLETED:
        for unit in course.units.order_by("sort_order"):
            progress.unit_met(enrolment=enrolment, unit=unit, how="demo", at=when)
        Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=when - datetime.timedelta(days=3))
    return enrolment


def _care_certificate(memberships: list[Membership], rng: random.Random) -> int:
    """Top the Care Certificate up to the paper's shape: more completed, more part-way."""
    programme = ProgrammePage.objects.filter(slug=CARE_CERTIFICATE_SLUG).first()
    if programme is None:
        return 0
    standards = [
        item.course for item in programme.programme_courses.select_related("course").order_by("sort_order")
    ]
    today = timezone.localdate()
    statuses = care_certificate_statuses(
        memberships=staff_on(Scope(named_organisations=frozenset())), on=today
    )
    by_person: dict[int, CareCertificateStatus] = {}
    for membership in memberships:
        status = statuses.get(membership.pk)
        if status is not None:
            by_person.setdefault(membership.person_id, status)
    people = {m.person_id: m.person for m in memberships}
    waiting = [pk for pk, status in sorted(by_person.items()) if status == CareCertificateStatus.NOT_STARTED]
    rng.shuffle(waiting)
    added = 0
    for status in (CareCertificateStatus.COMPLETED, CareCertificateStatus.IN_PROGRESS):
        wanted = round(SHAPE[status] * len(statuses)) - sum(1 for s in statuses.values() if s == status)
        for _ in range(max(wanted, 0)):
            if not waiting:
                break
            person = people[waiting.pop()]
            if status == CareCertificateStatus.COMPLETED and added == 0:
                _by_prior_learning(person, standards, today, rng)
            else:
                enrolment_service.programme_enrol(learner=person, programme=programme)
                done = (
                    standards if status == CareCertificateStatus.COMPLETED else standards[: rng.randint(2, 8)]
                )
                start = rng.randint(40, 400)
                for index, course in enumerate(done):
                    when = timezone.now() - datetime.timedelta(
                        days=max(start - index * 5, 1), hours=rng.randint(0, 8)
                    )
                    _finish(person, course, when=when)
            added += 1
    return added


def _by_prior_learning(person, standards, today: datetime.date, rng: random.Random) -> None:
    """A new starter who did the Care Certificate elsewhere: each standard accepted as prior learning."""
    # The academy team decides it: the new starter may work at any demo provider.
    assessor = User.objects.filter(email=f"admin@{DEMO_EMAIL_DOMAIN}").first()
    completed_on = today - datetime.timedelta(days=rng.randint(200, 500))
    for course in standards:
        title = f"Care Certificate: {course.title}"
        pdf = certificate_pdf(name=person.display_name, title=title, completed_on=completed_on)
        claim = prior_learning_submit(
            person=person,
            by=person,
            title=title,
            provider_name="A previous employer",
            completed_on=completed_on,
            certificate=ContentFile(pdf, name="certificate.pdf"),
            course=course,
        )
        prior_learning_accept(claim=claim, by=assessor, course=course)


def _qualifications(memberships: list[Membership], rng: random.Random) -> int:
    today = timezone.localdate()
    made = []
    for membership in {m.person_id: m for m in memberships}.values():
        level, title = QUALIFICATIONS.get(membership.pathway_category, (None, ""))
        roll = rng.random()
        if level is None or (level <= 3 and roll < 0.6) or (level == 4 and roll < 0.3):
            continue  # as in the paper, most of the front line have no qualification recorded
        achieved_on = today - datetime.timedelta(days=rng.randint(90, 2500))
        made.append(
            Qualification(
                person_id=membership.person_id,
                title=title,
                level=level,
                status=QualificationStatus.ACHIEVED,
                achieved_on=achieved_on,
            )
        )
        if level < 5 and roll > 0.7:
            made.append(
                Qualification(
                    person_id=membership.person_id,
                    title="Level 5 Diploma in Leadership and Management for Adult Care"
                    if level >= 4
                    else "Level 3 Diploma in Adult Care",
                    level=5 if level >= 4 else 3,
                    status=QualificationStatus.WORKING_TOWARDS,
                )
            )
    Qualification.objects.bulk_create(made)
    # Recorded when they were achieved, so the past months' snapshots count only those held then.
    for qualification in made:
        if qualification.achieved_on:
            Qualification.objects.filter(pk=qualification.pk).update(
                created_at=timezone.make_aware(
                    datetime.datetime.combine(qualification.achieved_on, datetime.time(12))
                )
            )
    return len(made)


def _feedback(rng: random.Random) -> int:
    """Feedback on about half the demo's completed courses, a day after each was completed."""
    completed = (
        Enrolment.objects.filter(
            status=EnrolmentStatus.COMPLETED,
            learner__email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
            feedback__isnull=True,
        )
        .select_related("course")
        .order_by("pk")
    )
    made = 0
    for enrolment in completed:
        if rng.random() < 0.5:
            continue
        rating = rng.choices([2, 3, 4, 5], [1, 3, 6, 5])[0]
        change = rng.choices(
            [FeedbackChange.YES, FeedbackChange.NOT_SURE, FeedbackChange.NO], [6 if rating >= 4 else 2, 3, 1]
        )[0]
        feedback = CourseFeedback.objects.create(
            enrolment=enrolment, rating=rating, will_change_practice=change
        )
        CourseFeedback.objects.filter(pk=feedback.pk).update(
            submitted_at=min(enrolment.completed_at + datetime.timedelta(days=1), timezone.now())
        )
        made += 1
    return made


def load_reporting_demo() -> dict[str, int]:
    """Add the reporting demo's history and take its snapshots. Returns what it added."""
    result = {"care_certificate": 0, "qualifications": 0, "feedback": 0, "snapshots": 0}
    demo_people = User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    if Qualification.objects.filter(person__in=demo_people).exists():
        return result
    rng = random.Random(7)
    memberships = list(
        Membership.objects.active()
        .filter(person__in=demo_people, is_worker=True)
        .select_related("person")
        .order_by("organisation_id", "pk")
    )
    with transaction.atomic():
        result["care_certificate"] = _care_certificate(memberships, rng)
        result["qualifications"] = _qualifications(memberships, rng)
        result["feedback"] = _feedback(rng)
    # A year of month-end snapshots, as beat would have taken them on the 1st of each month.
    month = services.previous_month()
    for _ in range(SNAPSHOT_MONTHS):
        result["snapshots"] += services.snapshots_take(month=month)
        month -= relativedelta(months=1)
    return result
