"""Fixtures the reporting figure, dashboard, API and snapshot tests share: the generated locality, viewers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from academy.models import ContractType, Membership, PathwayCategory
from academy.roles import PlatformRole
from tests.cms.events.conftest import calendar_page, make_event  # noqa: F401 (fixtures)
from tests.lms.conftest import catalogue, make_course, make_programme  # noqa: F401 (fixtures)

from .locality import build_locality, days


@pytest.fixture
def locality(make_organisation, make_person, make_course, make_programme, make_event):  # noqa: F811
    return build_locality(
        make_organisation=make_organisation,
        make_person=make_person,
        make_course=make_course,
        make_programme=make_programme,
        make_event=make_event,
    )


__all__ = [
    "calendar_page",
    "catalogue",
    "locality",
    "make_course",
    "make_event",
    "make_programme",
    "viewers",
]


def add_manager(person, organisation, job_role):
    return Membership.objects.create(
        person=person,
        organisation=organisation,
        job_role=job_role,
        pathway_category=PathwayCategory.REGISTERED_MANAGER,
        contract_type=ContractType.PERMANENT,
        start_date=days(-1000),
        is_worker=False,
        is_manager=True,
        accepted_at=timezone.now(),
    )


@pytest.fixture
def viewers(locality, make_person, job_role):
    """Managers of providers A and B, a commissioner, a superuser, a worker at A and someone of nowhere."""
    a, b = locality.organisations[0], locality.organisations[1]
    manager_a = make_person("manager.a@example.org", last_name="Amanager")
    manager_b = make_person("manager.b@example.org", last_name="Bmanager")
    add_manager(manager_a, a, job_role)
    add_manager(manager_b, b, job_role)
    worker = make_person("worker@example.org", last_name="Aworker")
    Membership.objects.create(
        person=worker,
        organisation=a,
        job_role=job_role,
        pathway_category=PathwayCategory.CARE_OR_SUPPORT_WORKER,
        contract_type=ContractType.PERMANENT,
        start_date=days(-100),
        accepted_at=timezone.now(),
    )
    return {
        "manager_a": manager_a,
        "manager_b": manager_b,
        "commissioner": make_person("commissioner@example.org", roles=[PlatformRole.COMMISSIONER]),
        "superuser": make_person("admin@example.org", superuser=True),
        "learner": make_person("learner@example.org"),
        "worker": worker,
        "a": a,
        "b": b,
    }


def queries(function, *args, **kwargs) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = function(*args, **kwargs)
    return len(captured), result
