"""On a phone (375 pixels wide) the pages still pass axe and the menu folds into a working button."""

import pytest

from tests.browser.helpers import check, navigation_links, sign_in, visit_and_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _wider_than_the_screen(page) -> list[str]:
    """Elements that push the page sideways. Wide tables scroll inside their own container."""
    return page.evaluate(
        """() => Array.from(document.body.querySelectorAll('*'))
            .filter(el => !el.closest('.academy-table-container'))
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
            .map(el => el.outerHTML.slice(0, 120))"""
    )


def _page_scrolls_sideways(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")


def _open_menu(page) -> None:
    toggle = page.get_by_role("button", name="Menu")
    menu = page.locator("#navigation")
    assert toggle.is_visible(), "on a narrow screen the menu should fold into a Menu button"
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu.is_visible()
    check(page)  # the open menu, too


def test_home_page_on_a_phone(mobile_page):
    page = mobile_page
    visit_and_check(page, "/")
    assert _wider_than_the_screen(page) == []
    _open_menu(page)
    assert page.locator("#navigation").get_by_role("link", name="Sign in").is_visible()

    page.get_by_role("button", name="Menu").click()
    assert not page.locator("#navigation").is_visible()


def test_team_page_on_a_phone(mobile_page, world):
    page = mobile_page
    sign_in(page, world["oak_manager"])
    visit_and_check(page, f"/organisations/{world['oak'].pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Oak House"
    assert _wider_than_the_screen(page) == []
    assert not _page_scrolls_sideways(page)
    _open_menu(page)
    assert navigation_links(page) == [
        "Home",
        "My learning",
        "Courses",
        "Resources",
        "Careers",
        "Events",
        "News",
        "Search",
        "Your team",
        "People",
        "Team training",
        "Reports",
        "Assessments",
        "Your account",
    ]
    with page.expect_navigation():
        page.locator("#navigation").get_by_role("link", name="People").click()
    check(page)
    assert page.get_by_role("heading", level=1).inner_text() == "People"
