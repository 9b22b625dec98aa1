"""The home page: made by the migrations, served at /, and edited by editors in Wagtail."""

from django.urls import reverse
from wagtail.models import Page, Site

from cms.models import HomePage


def test_home_page_is_the_sites_root_and_is_served(client, db):
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page.specific == home
    response = client.get("/")
    assert response.status_code == 200
    assert home.introduction in response.text
    assert "<title>Home – Social Care Academy</title>" in response.text
    assert 'class="govuk-skip-link"' in response.text


def test_only_one_home_page_and_it_sits_at_the_top(db):
    assert HomePage.can_create_at(Page.get_first_root_node()) is False  # max_count reached
    assert HomePage.allowed_parent_page_models() == [Page]


def _edit(client, home, introduction, action, url="/accounts/login/"):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[home.pk]),
        {
            "title": "Social Care Academy",
            "slug": "home",
            "introduction": introduction,
            "body": '{"blocks":[{"key":"a","text":"Hello","type":"unstyled","depth":0,'
            '"inlineStyleRanges":[],"entityRanges":[],"data":{}}],"entityMap":{}}',
            "call_to_action_text": "Sign in",
            "call_to_action_url": url,
            action: action,
        },
    )


def test_editor_changes_go_to_review_before_they_are_published(client, world):
    home = HomePage.objects.get()
    client.force_login(world["editor"])
    assert client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).status_code == 200

    # Editors cannot publish directly...
    _edit(client, home, "Published without review.", "action-publish")
    assert "Published without review." not in client.get("/").text
    # ...they submit for review, and the live page stays as it was until a moderator approves.
    response = _edit(client, home, "Learning for everyone in local care.", "action-submit")
    assert response.status_code == 302
    home.refresh_from_db()
    assert home.workflow_in_progress
    assert "Learning for everyone in local care." not in client.get("/").text

    client.force_login(world["superuser"])
    _edit(client, home, "Learning for everyone in local care.", "action-publish")
    assert "Learning for everyone in local care." in client.get("/").text


def test_the_main_button_only_links_to_the_site_or_the_web(client, world):
    home = HomePage.objects.get()
    client.force_login(world["superuser"])
    response = _edit(client, home, "Hello", "action-publish", url="javascript:alert(1)")
    assert response.status_code == 200
    assert "Enter a path on this site starting with /" in response.text
    assert "javascript:" not in client.get("/").text


def test_workers_cannot_edit_pages(client, world):
    client.force_login(world["oak_worker"])
    home = HomePage.objects.get()
    response = client.get(reverse("wagtailadmin_pages:edit", args=[home.pk]))
    assert response.status_code == 302
