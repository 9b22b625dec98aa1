"""The public site as visitors and editors use it: finding a resource, a career pathway, news; search;
an editor's resource going through review to publication; every page on a 320-pixel screen."""

import pytest
from django.contrib.auth.models import Group

from cms.demo import load_site_demo
from cms.models import ResourceIndexPage, ResourcePage
from tests.browser.helpers import check, follow, sign_in, submit, visit_and_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def content(db):
    load_site_demo()


def test_a_visitor_finds_a_wellbeing_resource_and_downloads_it(page, content):
    visit_and_check(page, "/")
    follow(page, "Resources")
    page.get_by_role("group", name="Topic").get_by_label("Wellbeing").check()
    page.get_by_role("group", name="Who it is for").get_by_label("Managers").check()
    submit(page, "Show resources")
    assert "topic=wellbeing" in page.url
    assert page.get_by_role("heading", name="1 resource").is_visible()
    follow(page, "Team wellbeing action plan")
    assert page.get_by_role("heading", level=1).inner_text() == "Team wellbeing action plan"
    with page.expect_download() as download:
        page.get_by_role("link", name="Wellbeing action plan").click()
    assert download.value.suggested_filename.startswith("wellbeing-action-plan")
    assert ResourcePage.objects.get(title="Team wellbeing action plan").items.get().download_count == 1


def test_a_visitor_searches_the_resource_centre_and_sorts(page, content):
    visit_and_check(page, "/resources/")
    page.get_by_label("Search resources").fill("funding")
    page.get_by_label("Sort by").select_option("title")
    submit(page, "Show resources")
    titles = page.locator(".academy-result h3").all_inner_texts()
    assert titles == sorted(titles) and "Workforce development funding explained" in titles
    follow(page, "Clear search and filters")
    assert page.get_by_role("heading", name="18 resources").is_visible()


def test_staff_only_resources_ask_a_visitor_to_sign_in(page, content, world):
    visit_and_check(page, "/resources/?q=supervision")
    follow(page, "Supervision record template")
    assert "/accounts/login/" in page.url
    sign_in(page, world["oak_worker"])
    visit_and_check(page, "/resources/?q=supervision")
    follow(page, "Supervision record template")
    assert page.get_by_role("heading", level=1).inner_text() == "Supervision record template"


def test_a_visitor_follows_a_career_pathway_from_first_job_to_manager(page, content):
    visit_and_check(page, "/")
    follow(page, "Careers")
    assert page.get_by_role("heading", name="Starting out").is_visible()
    follow(page, "Care or support worker")
    assert page.get_by_text("£12.71 to £14 an hour").is_visible()
    assert page.get_by_text("No two days are the same").is_visible()
    page.get_by_role("complementary").get_by_role("link", name="Enhanced care worker").click()
    page.wait_for_url("**/enhanced-care-worker/")
    check(page)
    page.get_by_role("complementary").get_by_role("link", name="Supervisor or leader").click()
    page.wait_for_url("**/supervisor-or-leader/")
    check(page)
    follow(page, "See the whole pathway")
    assert page.url.endswith("/careers/")


def test_a_visitor_reads_a_story_and_searches_the_site(page, content):
    visit_and_check(page, "/news/")
    follow(page, "Stories")
    follow(page, "Why I stayed in care")
    assert page.get_by_text("Told by Grace").is_visible()
    follow(page, "Search")
    page.get_by_label("Resources, courses, events, careers and news").fill("apprenticeship")
    submit(page, "Search")
    results = page.locator(".academy-result h3").all_inner_texts()
    assert "Apprenticeships in adult social care" in results


def test_an_editor_submits_a_resource_and_a_moderator_publishes_it(page, browser, site, world):
    centre = ResourceIndexPage.objects.get()
    sign_in(page, world["editor"])
    page.goto(f"/admin/pages/add/cms/resourcepage/{centre.pk}/")
    page.locator("#id_title").fill("Night shift wellbeing guide")
    page.locator("#id_summary").fill("Staying well when you work nights.")
    page.get_by_role("checkbox", name="Wellbeing").check()
    page.get_by_role("checkbox", name="Care workers").check()
    page.locator("input[name='items-0-title']").fill("Sleep and shift work")
    page.locator("input[name='items-0-url']").fill("https://example.org/sleep")
    page.locator("footer").get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Submit to Review, then publish").click()
    resource = ResourcePage.objects.get(title="Night shift wellbeing guide")
    assert not resource.live and resource.workflow_in_progress
    visit_and_check(page, "/resources/")
    assert page.get_by_text("Night shift wellbeing guide").count() == 0

    moderator = world["superuser"]
    moderator.groups.add(Group.objects.get(name="Moderators"))
    context = browser.new_context(base_url=site)
    reviewer = context.new_page()
    sign_in(reviewer, moderator)
    reviewer.goto(f"/admin/pages/{resource.pk}/edit/")
    reviewer.locator("footer").get_by_role("button", name="More actions").click()
    reviewer.get_by_role("button", name="Approve").first.click()
    # Approving asks for an optional comment before it publishes.
    dialog = reviewer.get_by_role("dialog")
    if dialog.count():
        with reviewer.expect_navigation():
            dialog.get_by_role("button", name="Approve").click()
    reviewer.wait_for_load_state()
    resource.refresh_from_db()
    assert resource.live
    visit_and_check(page, "/resources/")
    follow(page, "Night shift wellbeing guide")
    assert page.get_by_role("link", name="Sleep and shift work").is_visible()
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/resources/",
        "/resources/?topic=wellbeing&q=plan",
        "/resources/team-wellbeing-action-plan/",
        "/careers/",
        "/careers/registered-manager/",
        "/news/",
        "/news/why-i-stayed-in-care/",
        "/search/?q=care",
        "/about/",
    ],
)
def test_every_site_page_fits_a_320_pixel_screen(browser, site, content, path):
    context = browser.new_context(base_url=site, viewport={"width": 320, "height": 640}, is_mobile=True)
    page = context.new_page()
    visit_and_check(page, path)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), path
    context.close()
