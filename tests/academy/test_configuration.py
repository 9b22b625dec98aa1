"""Configuration from the environment, the health check, and the demo loader."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from academy import demo
from academy.celery import app as celery_app
from academy.models import Membership, Organisation, OrganisationType
from academy.navigation import navigation_for

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    """Run manage.py in a fresh process with exactly the given configuration."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SITE_URL", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _manage("check", DEBUG="0", SITE_URL="https://academy.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_refuses_to_start_without_its_public_address_when_debug_is_off():
    result = _manage("check", DEBUG="0", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr


def test_allowed_hosts_default_to_the_public_address():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.ALLOWED_HOSTS)",
        DEBUG="0",
        SECRET_KEY="x" * 60,
        SITE_URL="https://academy.example.org",
    )
    assert result.stdout.strip().splitlines()[-1] == "['academy.example.org']", result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-production-like-secret-key-with-plenty-of-entropy-8f3a1c9e7b2d4f6a",
        SITE_URL="https://academy.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_healthz_reports_database_and_task_queue(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["task_queue"] == {"ok": True, "mode": "eager"}


def test_healthz_says_when_the_broker_is_unreachable(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"
    try:
        response = client.get(reverse("healthz"))
    finally:
        celery_app.conf.broker_url = original
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["task_queue"]["ok"] is False and body["database"]["ok"] is True


def test_organisation_validation_messages(db):
    from django.core.exceptions import ValidationError

    organisation = Organisation(
        name="Bad", type=OrganisationType.OTHER, postcode="nowhere", cqc_location_id="123"
    )
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "Enter a full UK postcode" in str(error.value)
    assert "Enter the CQC location id" in str(error.value)
    good = Organisation(
        name="Good", type=OrganisationType.OTHER, postcode="st16 2ab", cqc_location_id="1-123456789"
    )
    good.full_clean()
    assert good.postcode == "ST16 2AB"


def test_demo_loader_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG=1"):
        call_command("load_demo")
    assert Organisation.objects.count() == 0


def test_demo_loader_builds_the_demo_and_is_safe_to_run_twice(db, settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    output = capsys.readouterr().out
    counts = (Organisation.objects.count(), Membership.objects.count())
    call_command("load_demo")
    assert (Organisation.objects.count(), Membership.objects.count()) == counts

    assert Organisation.objects.values("type").distinct().count() >= 5
    staff = Membership.objects.active().values("person").distinct().count()
    assert 55 <= staff <= 80
    assert demo.DEMO_PASSWORD in output
    for account in demo.DEMO_ACCOUNTS:
        assert account.email in output

    # The site has content in every part, made once.
    from cms.models import NewsPage, PathwayRolePage, ResourcePage, ResourceTopic

    pages = (ResourcePage.objects.count(), PathwayRolePage.objects.count(), NewsPage.objects.count())
    assert pages[1] == 11 and pages[2] >= 5
    for topic in ResourceTopic.objects.all():
        assert ResourcePage.objects.live().filter(topics=topic).count() >= 2, topic.name
    assert ResourcePage.objects.filter(staff_only=True).exists()
    call_command("load_demo")
    assert (ResourcePage.objects.count(), PathwayRolePage.objects.count(), NewsPage.objects.count()) == pages


SITE_SECTIONS = ["Home", "My learning", "Courses", "Resources", "Careers", "Events", "News", "Search"]
EXPECTED_DEMO_NAVIGATION = {
    "worker": [*SITE_SECTIONS, "Your account"],
    "manager": [
        *SITE_SECTIONS,
        "Your team",
        "People",
        "Team training",
        "Reports",
        "Assessments",
        "Your account",
    ],
    "assessor": [*SITE_SECTIONS, "Your team", "Reports", "Assessments", "Your account"],
    "editor": [*SITE_SECTIONS, "Edit the site", "Your account"],
    "commissioner": [*SITE_SECTIONS, "Providers", "Reports", "Training requirements", "Your account"],
    "recruiter": [*SITE_SECTIONS, "Providers", "Reports", "Your account"],
    "bank coordinator": [*SITE_SECTIONS, "Providers", "People", "Reports", "Your account"],
    "superuser": [
        *SITE_SECTIONS,
        "Providers",
        "People",
        "Reports",
        "Training requirements",
        "Assessments",
        "Edit the site",
        "Django admin",
        "Your account",
    ],
}


def test_every_demo_account_signs_in_and_sees_its_navigation(client, db, settings):
    settings.DEBUG = True
    settings.ACADEMY_MFA_REQUIRED = False  # as `make demo` runs it
    demo.load_demo()
    assert {a.role for a in demo.DEMO_ACCOUNTS} == set(EXPECTED_DEMO_NAVIGATION)
    for account in demo.DEMO_ACCOUNTS:
        response = client.post(
            reverse("account_login"), {"login": account.email, "password": demo.DEMO_PASSWORD}
        )
        assert response.status_code == 302, account.email
        page = client.get(reverse("account_home"))
        assert page.status_code == 200
        labels = [item.label for item in navigation_for(page.wsgi_request.user)]
        assert labels == EXPECTED_DEMO_NAVIGATION[account.role], account.role
        for label in labels:
            assert f">{label}<" in page.text
        client.post(reverse("account_logout"))
