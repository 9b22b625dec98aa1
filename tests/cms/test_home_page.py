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


def test_editor_edits_and_publishes_the_home_page(client, world):
    home = HomePage.objects.get()
    client.force_login(world["editor"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[home.pk])
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url,
        {
            "title": "Social Care Academy",
            "slug": "home",
            "introduction": "Learning for everyone in local care.",
            "body": '{"blocks":[{"key":"a","text":"Hello","type":"unstyled","depth":0,'
            '"inlineStyleRanges":[],"entityRanges":[],"data":{}}],"entityMap":{}}',
            "call_to_action_text": "",
            "call_to_action_url": "",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert "Learning for everyone in local care." in client.get("/").text


def test_workers_cannot_edit_pages(client, world):
    client.force_login(world["oak_worker"])
    home = HomePage.objects.get()
    response = client.get(reverse("wagtailadmin_pages:edit", args=[home.pk]))
    assert response.status_code == 302
