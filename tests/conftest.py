"""Shared fixtures: people, organisations and memberships built the way the services build them."""

import datetime
import itertools
import time
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone

from academy.celery import app as celery_app
from academy.models import (
    ContractType,
    JobRole,
    Membership,
    Organisation,
    OrganisationType,
    PathwayCategory,
    User,
)
from academy.roles import MFA_REQUIRED_ROLES, PlatformRole

PASSWORD = "correct-horse-battery-9"
# People whose role requires two-factor sign-in get an authenticator with this secret (see totp_code).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_counter = itertools.count(1)


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app holding this secret shows now (and for at least 2 seconds)."""
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 2:  # about to change: wait for the next code rather than race the server
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def pytest_collection_modifyitems(config, items):
    """Every test that commits must restore the migrated data (groups, job roles, home page).

    A committing test without serialized_rollback flushes the tables and lets Django recreate
    content types, and the next test that reloads the migrated data then collides with them.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        commits = (
            "transactional_db" in item.fixturenames
            or "live_server" in item.fixturenames
            or (marker is not None and marker.kwargs.get("transaction"))
        )
        if commits and not (marker is not None and marker.kwargs.get("serialized_rollback")):
            raise pytest.UsageError(
                f"{item.nodeid} commits to the database: mark it "
                "@pytest.mark.django_db(transaction=True, serialized_rollback=True)"
            )


@pytest.fixture(scope="session", autouse=True)
def _own_cache_per_worker(worker_id):
    """Parallel test processes must not share one Redis database.

    `cache.clear()` empties the whole Redis database, and Wagtail caches page paths by key, so two
    processes sharing one would clear and fill each other's cache mid-test (CI saw a query-count
    test pass or fail by timing). Each xdist worker gets its own database number.
    """
    from django.conf import settings as django_settings
    from django.test.utils import override_settings

    cache_settings = django_settings.CACHES["default"]
    if "redis" not in cache_settings["BACKEND"] or not worker_id.startswith("gw"):
        yield
        return
    number = 1 + int(worker_id[2:]) % 15
    location = urlsplit(cache_settings["LOCATION"])._replace(path=f"/{number}").geturl()
    with override_settings(CACHES={"default": {**cache_settings, "LOCATION": location}}):
        yield


@pytest.fixture(autouse=True)
def _isolated(settings, _own_cache_per_worker):
    """Tasks run in the test's process and the cache (throttling) starts empty for each test."""
    # Real hashing costs a third of a second per password; tests check behaviour, not hashing cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    celery_app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_organisation(db):
    def make(name=None, type=OrganisationType.RESIDENTIAL, **extra):
        n = next(_counter)
        return Organisation.objects.create(
            name=name or f"Provider {n}",
            type=type,
            postcode=extra.pop("postcode", "ST16 2AB"),
            area=extra.pop("area", "Stafford"),
            **extra,
        )

    return make


@pytest.fixture
def make_person(db):
    def make(
        email=None,
        *,
        first_name="Pat",
        last_name=None,
        roles=(),
        superuser=False,
        password=PASSWORD,
        mfa=None,
    ):
        n = next(_counter)
        person = User.objects.create_user(
            email=email or f"person{n}@example.org",
            password=password,
            first_name=first_name,
            last_name=last_name or f"Person{n}",
            is_superuser=superuser,
            is_staff=superuser,
        )
        EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
        for role in roles:
            person.groups.add(Group.objects.get(name=role))
        if mfa is None:
            mfa = superuser or any(role in MFA_REQUIRED_ROLES for role in roles)
        if mfa:
            TOTP.activate(person, TOTP_SECRET)
        return person

    return make


@pytest.fixture
def job_role(db):
    return JobRole.objects.get(ascwds_code=8)


@pytest.fixture
def make_membership(db, job_role):
    def make(
        person,
        organisation,
        *,
        manager=False,
        assessor=False,
        contract=ContractType.PERMANENT,
        accepted=True,
        end_date=None,
        worker_id="",
        pathway_category=PathwayCategory.CARE_OR_SUPPORT_WORKER,
    ):
        return Membership.objects.create(
            person=person,
            organisation=organisation,
            is_manager=manager,
            is_assessor=assessor,
            job_role=job_role,
            pathway_category=pathway_category,
            contract_type=contract,
            start_date=datetime.date(2024, 1, 8),
            end_date=end_date,
            ascwds_worker_id=worker_id,
            accepted_at=timezone.now() if accepted else None,
        )

    return make


@pytest.fixture
def world(make_organisation, make_person, make_membership):
    """Two providers, each with a manager and workers, and one person of every platform role."""
    oak = make_organisation("Oak House")
    elm = make_organisation("Elm Court", type=OrganisationType.HOME_CARE, area="Tamworth")
    w = {
        "oak": oak,
        "elm": elm,
        "oak_manager": make_person("manager@oak.example.org", last_name="Oakmanager"),
        "oak_assessor": make_person("assessor@oak.example.org", last_name="Oakassessor"),
        "oak_worker": make_person("worker@oak.example.org", last_name="Oakworker"),
        "oak_bank_worker": make_person("bank@oak.example.org", last_name="Oakbank"),
        "elm_manager": make_person("manager@elm.example.org", last_name="Elmmanager"),
        "elm_worker": make_person("worker@elm.example.org", last_name="Elmworker"),
        "elm_leaver": make_person("leaver@elm.example.org", last_name="Elmleaver"),
        "elm_invited": make_person("invited@elm.example.org", last_name="Elminvited"),
        "editor": make_person("editor@council.example.org", roles=[PlatformRole.EDITOR]),
        "commissioner": make_person("commissioner@council.example.org", roles=[PlatformRole.COMMISSIONER]),
        "recruiter": make_person("recruiter@council.example.org", roles=[PlatformRole.RECRUITER]),
        "bank_coordinator": make_person("bank@council.example.org", roles=[PlatformRole.BANK_COORDINATOR]),
        "superuser": make_person("admin@council.example.org", superuser=True),
        "nobody": make_person("nobody@example.org"),
    }
    make_membership(w["oak_manager"], oak, manager=True)
    make_membership(w["oak_assessor"], oak, assessor=True)
    make_membership(w["oak_worker"], oak)
    make_membership(w["oak_bank_worker"], oak, contract=ContractType.BANK)
    make_membership(w["elm_manager"], elm, manager=True)
    make_membership(w["elm_worker"], elm)
    make_membership(w["elm_leaver"], elm, end_date=datetime.date(2025, 1, 1))
    make_membership(w["elm_invited"], elm, accepted=False)
    return w


@pytest.fixture
def make_invitation(world, job_role):
    """An invitation made through the service, as a manager's form would make it."""
    from academy import services

    def make(email, *, organisation=None, invited_by=None, **fields):
        values = {
            "first_name": "Ima",
            "last_name": "Newstarter",
            "job_role": job_role,
            "pathway_category": PathwayCategory.NEW_TO_CARE,
            "contract_type": ContractType.PERMANENT,
            "start_date": datetime.date(2026, 2, 2),
        }
        values.update(fields)
        return services.invitation_create(
            organisation=organisation or world["oak"],
            invited_by=invited_by or world["oak_manager"],
            email=email,
            **values,
        )

    return make
