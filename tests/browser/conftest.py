"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Every page a test visits is checked with axe-core for WCAG 2.2 A and AA failures (`visit_and_check`
and `check` in helpers.py). Each module starts with:

    pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

The live server needs committed data, so these tests are transactional, and the tables are
flushed after each one, which would also delete what the migrations created (groups, job roles,
the Wagtail home page). With `serialized_rollback`, Django keeps a copy of the migrated database
and reloads it before each test. pytest-django runs transactional tests after the others, as
Django's own runner does, so the flushed tables never reach an ordinary `db` test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
STYLESHEET = ROOT / "static" / "build" / "academy.css"
TIMEOUT_MS = 10_000
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


def pytest_collection_modifyitems(config, items):
    """Refuse a browser test that lacks the markers above: it would fail, or skip, confusingly."""
    here = Path(__file__).parent
    for item in items:
        if here not in Path(item.path).parents:
            continue
        db = item.get_closest_marker("django_db")
        serialized = db is not None and db.kwargs.get("serialized_rollback")
        if item.get_closest_marker("browser") is None or not serialized:
            raise pytest.UsageError(
                f"{item.nodeid}: browser tests need pytestmark = [pytest.mark.browser, "
                "pytest.mark.django_db(transaction=True, serialized_rollback=True)]"
            )


# --- Chromium ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _chromium_executable() -> str:
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM}: run `apt-get install chromium`."
        if os.environ.get("CI"):
            pytest.fail(f"{message} Browser tests never skip in CI.", pytrace=False)
        pytest.skip(message)
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def _playwright(django_db_setup):
    """Playwright's sync API, started once the test database exists.

    Between its calls, the sync API leaves its event loop marked as running in this thread. Django
    (through asgiref's thread-critical Local) then gives test code a different connection object
    from the one pytest-django set up, and that one lacks the serialized copy of the migrated
    database that `serialized_rollback` reloads before each test: whenever another test created
    the database first, every browser test would start without groups, job roles or home page.
    So the copy is carried over to the connection the tests will use.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        yield playwright


@pytest.fixture(scope="session")
def browser(_chromium_executable, _playwright):
    """One Chromium for the whole session; each test gets its own context (cookies, storage)."""
    browser = _playwright.chromium.launch(executable_path=_chromium_executable, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


# --- The site under test -------------------------------------------------------------------


@pytest.fixture(scope="session")
def _built_assets():
    if not STYLESHEET.exists():
        pytest.fail(
            f"{STYLESHEET.relative_to(ROOT)} is missing: run `make install` to build the stylesheet.",
            pytrace=False,
        )
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS.relative_to(ROOT)} is missing: run `make install`.", pytrace=False)


@pytest.fixture
def site(live_server, _built_assets):
    """The live server's base URL (http://localhost:port)."""
    return live_server.url


def _open_page(browser, site, options):
    """A page in a fresh browser context; the test fails on any JavaScript error on it."""
    context = browser.new_context(base_url=site, **options)
    context.set_default_timeout(TIMEOUT_MS)
    # The academy has no favicon: answer Chromium's request for one without troubling the server.
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def page(browser, site):
    """A desktop-sized page."""
    yield from _open_page(browser, site, DESKTOP)


@pytest.fixture
def mobile_page(browser, site):
    """A page the size of a small phone (375 CSS pixels wide)."""
    yield from _open_page(browser, site, PHONE)
