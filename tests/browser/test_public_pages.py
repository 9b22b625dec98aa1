"""Anyone, signed in or not: the home page, its skip link, header and footer, and the footer's pages."""

import pytest

from tests.browser.helpers import check, follow, visit_and_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ASSETS = ["/static/build/academy.css", "/static/js/academy.mjs", "/static/govuk/govuk-frontend.min.js"]


def test_home_page_loads_with_its_styles_and_scripts(page, site):
    statuses = {}
    page.on("response", lambda r: statuses.setdefault(r.url.removeprefix(site), r.status))
    visit_and_check(page, "/")

    for asset in ASSETS:
        assert statuses.get(asset) == 200, f"{asset} did not load: {statuses}"
    # The stylesheet applied (GOV.UK's breakpoints are on :root) and GOV.UK Frontend started.
    root_style = "getComputedStyle(document.documentElement)"
    assert page.evaluate(f"{root_style}.getPropertyValue('--govuk-breakpoint-tablet')")
    assert page.locator("body.govuk-frontend-supported").count() == 1
    assert page.locator("[data-module=govuk-button][data-govuk-button-init]").count() >= 1

    assert page.get_by_role("banner").get_by_text("Social Care Academy", exact=False).is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Social Care Academy"
    assert page.get_by_role("link", name="Sign in").first.is_visible()


def test_skip_link_moves_focus_to_the_main_content(page):
    visit_and_check(page, "/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    assert skip_link.evaluate("el => el === document.activeElement")
    assert skip_link.is_visible(), "the skip link should show when it has focus"
    check(page)  # the focused skip link, too, must meet contrast and focus rules

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main-content'")
    assert page.url.endswith("#main-content")


def test_footer_links_to_accessibility_statement_and_cookies(page):
    visit_and_check(page, "/")
    footer = page.get_by_role("contentinfo")

    with page.expect_navigation():
        footer.get_by_role("link", name="Accessibility statement").click()
    check(page)
    assert page.url.endswith("/accessibility/")
    assert "Accessibility statement" in page.get_by_role("heading", level=1).inner_text()

    with page.expect_navigation():
        page.get_by_role("contentinfo").get_by_role("link", name="Cookies").click()
    check(page)
    assert page.url.endswith("/cookies/")
    assert page.get_by_role("heading", level=1).inner_text() == "Cookies"
    assert page.get_by_role("table").get_by_text("sessionid").is_visible()

    follow(page, "Social Care Academy Training and careers in adult social care")
    assert page.get_by_role("heading", level=1).inner_text() == "Social Care Academy"


def test_the_axe_check_itself_reports_violations(page):
    """Guards the guard: a page with a real WCAG failure must fail `check`, naming rule and element."""
    visit_and_check(page, "/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img id=no-alt src=x>')")
    with pytest.raises(AssertionError) as failure:
        check(page)
    message = str(failure.value)
    assert "image-alt" in message
    assert "#no-alt" in message
