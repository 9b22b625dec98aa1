"""Fixtures for certificates: a learner who has completed a course, and private files in a temp folder."""

import pytest

from lms.models import Cohort
from lms.services import enrolment as enrolment_service
from lms.services import progress
from tests.lms.conftest import catalogue, make_course, make_programme  # noqa: F401, F811 (fixtures)


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture
def worker(world):
    return world["oak_worker"]


def complete(learner, course):
    """Finish every unit of the course; returns the enrolment (completed)."""
    enrolment = enrolment_service.enrolment_create(learner=learner, course=course, by=None)[0]
    for unit in course.units.all():
        progress.unit_met(enrolment=enrolment, unit=unit, how="viewed")
    enrolment.refresh_from_db()
    return enrolment


@pytest.fixture
def fire_safety(make_course):  # noqa: F811
    return make_course("Fire safety awareness", refresher_months=12)


@pytest.fixture
def completed(worker, fire_safety, django_capture_on_commit_callbacks):
    """The worker's completed Fire safety course, its certificate made (PDF and credential)."""
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = complete(worker, fire_safety)
    return enrolment


@pytest.fixture
def leadership(make_programme, make_course):  # noqa: F811
    first = make_course("Leading a team")
    second = make_course("Managing change")
    return make_programme("Leadership programme", [(first, []), (second, [])], cohort_based=True)


@pytest.fixture
def cohort(leadership):
    import datetime

    return Cohort.objects.create(
        programme=leadership, name="Spring 2027", starts_on=datetime.date(2027, 3, 1)
    )
