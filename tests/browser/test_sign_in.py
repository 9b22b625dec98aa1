"""Signing in and out through the real form, and what each kind of user then finds in the menu."""

import pytest

from tests.browser.helpers import (
    fill_sign_in_form,
    navigation_links,
    sign_in,
    submit,
    totp_code,
    visit_and_check,
)
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# What the site menu offers each person of the `world` fixture (see academy/navigation.py).
SECTIONS = ["Home", "My learning", "Courses", "Resources", "Careers", "Events", "News", "Search"]
MENUS = {
    "oak_worker": [*SECTIONS, "Your account"],
    "oak_manager": [
        *SECTIONS,
        "Your team",
        "People",
        "Team training",
        "Reports",
        "Assessments",
        "Your account",
    ],
    "oak_assessor": [*SECTIONS, "Your team", "Reports", "Assessments", "Your account"],
    "commissioner": [*SECTIONS, "Providers", "Reports", "Training requirements", "Your account"],
    "recruiter": [*SECTIONS, "Providers", "Reports", "Your account"],
    "bank_coordinator": [*SECTIONS, "Providers", "People", "Reports", "Your account"],
    "editor": [*SECTIONS, "Edit the site", "Your account"],
    "superuser": [
        *SECTIONS,
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
TWO_FACTOR_ROLES = ["editor", "commissioner", "superuser"]


def _remove_authenticator(person):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=person).delete()


def test_wrong_password_is_refused_with_an_error_then_the_right_one_signs_in_and_out(page, world):
    worker = world["oak_worker"]
    sign_in(page, worker, password="not-the-password-1")

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "There is a problem" in summary.inner_text()
    assert "password" in summary.locator("li").first.inner_text().lower()
    assert page.url.endswith("/accounts/login/")
    assert "Your account" not in navigation_links(page)

    fill_sign_in_form(page, worker.email, PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Your account"
    assert page.get_by_text(worker.email).first.is_visible()
    menu = navigation_links(page)
    assert "Your account" in menu
    assert "Your team" not in menu

    submit(page, "Sign out")
    assert page.get_by_role("heading", level=1).inner_text() == "Social Care Academy"
    assert "Your account" not in navigation_links(page)
    assert "Sign in" in navigation_links(page)
    # Signed out for real: the account page asks for sign-in again.
    visit_and_check(page, "/account/")
    assert "/accounts/login/" in page.url


@pytest.mark.parametrize("who", sorted(MENUS))
def test_menu_shows_what_each_role_can_use(page, world, who):
    """Two-factor sign-in is on, as in production: those who need it enter their app's code."""
    asked_for_a_code = sign_in(page, world[who])
    assert asked_for_a_code == (who in TWO_FACTOR_ROLES)
    assert page.url.endswith("/account/"), f"{who} was not taken to their account: {page.url}"
    assert page.get_by_role("heading", level=1).inner_text() == "Your account"
    assert navigation_links(page) == MENUS[who]
    assert page.get_by_role("region", name="Demonstration site").count() == 0


@pytest.mark.parametrize("who", TWO_FACTOR_ROLES)
def test_menu_when_two_factor_is_relaxed_as_on_the_demo_site(page, world, settings, who):
    _remove_authenticator(world[who])
    settings.ACADEMY_MFA_REQUIRED = False  # the live server runs in a thread of this process
    sign_in(page, world[who])
    assert page.url.endswith("/account/"), f"{who} was not taken to their account: {page.url}"
    assert navigation_links(page) == MENUS[who]
    # Every page says that two-factor sign-in has been relaxed.
    assert page.get_by_role("region", name="Demonstration site").is_visible()


def test_editor_without_an_authenticator_must_set_one_up_before_anything_else(page, world):
    editor = world["editor"]
    _remove_authenticator(editor)
    sign_in(page, editor)
    # Setting up an authenticator asks for the password once more first.
    assert "/accounts/reauthenticate/" in page.url
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    submit(page, "Confirm")
    assert "/accounts/2fa/totp/activate/" in page.url
    assert page.get_by_label("Authenticator code").is_visible()

    # Nothing else opens until the authenticator is set up...
    for path in ("/account/", "/admin/", "/"):
        visit_and_check(page, path)
        assert "/accounts/2fa/totp/activate/" in page.url, f"{path} opened without an authenticator"
    # ...except the pages every visitor needs.
    visit_and_check(page, "/accessibility/")
    assert page.url.endswith("/accessibility/")

    visit_and_check(page, "/accounts/2fa/totp/activate/")
    page.get_by_label("Authenticator code").fill("000000")
    submit(page, "Turn on two-factor sign-in")
    assert page.locator(".govuk-error-summary, .govuk-error-message").first.is_visible()

    secret = page.get_by_label("Setup key").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    submit(page, "Turn on two-factor sign-in")
    visit_and_check(page, "/account/")
    assert page.url.endswith("/account/")
    assert navigation_links(page) == MENUS["editor"]


def test_account_pages_a_worker_manages_themselves(page, world, mailoutbox):
    sign_in(page, world["oak_worker"])
    visit_and_check(page, "/account/")
    for path, heading in (
        ("/accounts/password/change/", "Change Password"),
        ("/accounts/email/", "Email Address"),
        ("/accounts/2fa/", "Two-Factor Authentication"),
    ):
        visit_and_check(page, path)
        assert page.get_by_role("heading", level=1).inner_text() == heading

    # Changing the sign-in email address is verified at the new address before it takes effect.
    visit_and_check(page, "/accounts/email/")
    page.get_by_label("Change to:").fill("new.address@example.org")
    submit(page, "Change Email")
    assert [m.to for m in mailoutbox] == [["new.address@example.org"]]
    world["oak_worker"].refresh_from_db()
    assert world["oak_worker"].email == "worker@oak.example.org"
