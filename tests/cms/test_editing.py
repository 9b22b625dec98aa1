"""Editors at work: where each page type may go, review before publishing, scheduled publishing, snippets."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms import tasks
from cms.models import (
    Audience,
    HomePage,
    NewsIndexPage,
    NewsPage,
    PathwayIndexPage,
    PathwayRolePage,
    ResourceIndexPage,
    ResourcePage,
    ResourceTopic,
    StandardPage,
)


@pytest.mark.parametrize(
    "page_type, parents",
    [
        (ResourceIndexPage, {HomePage}),
        (ResourcePage, {ResourceIndexPage}),
        (PathwayIndexPage, {HomePage}),
        (PathwayRolePage, {PathwayIndexPage}),
        (NewsIndexPage, {HomePage}),
        (NewsPage, {NewsIndexPage}),
        (StandardPage, {HomePage, StandardPage}),
    ],
)
def test_each_page_type_has_its_place_in_the_tree(page_type, parents):
    assert set(page_type.allowed_parent_page_models()) == parents


def test_section_pages_are_made_once(db):
    home = HomePage.objects.get()
    for section in (ResourceIndexPage, PathwayIndexPage, NewsIndexPage):
        assert section.objects.child_of(home).count() == 1
        assert not section.can_create_at(home)


def _resource_form(topics, audiences, title="Moving and handling refresher pack"):
    data = nested_form_data(
        {
            "title": title,
            "slug": "moving-and-handling-refresher-pack",
            "summary": "Slides and a quiz for a team refresher.",
            "kind": "toolkit",
            "items": inline_formset(
                [
                    {
                        "title": "Refresher slides",
                        "description": "",
                        "url": "https://example.org/slides",
                        "document": "",
                    }
                ]
            ),
            "body": streamfield([]),
            "staff_only": "",
        }
    )
    # Several values for one name, as the admin's checkboxes send them.
    data["topics"] = [t.pk for t in topics]
    data["audiences"] = [a.pk for a in audiences]
    return data


def test_an_editor_submits_a_resource_for_review_and_a_moderator_publishes_it(client, world):
    from django.contrib.auth.models import Group

    centre = ResourceIndexPage.objects.get()
    topics = ResourceTopic.objects.filter(slug="learning-and-development")
    audiences = Audience.objects.filter(slug="managers")
    client.force_login(world["editor"])
    add_url = reverse("wagtailadmin_pages:add", args=["cms", "resourcepage", centre.pk])
    assert client.get(add_url).status_code == 200

    # Pressing "publish" as an editor does not publish.
    client.post(add_url, {**_resource_form(topics, audiences), "action-publish": "action-publish"})
    page = ResourcePage.objects.get(slug="moving-and-handling-refresher-pack")
    assert not page.live

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {**_resource_form(topics, audiences), "action-submit": "action-submit"},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress and not page.live
    assert list(client.get("/resources/").context["resources"]) == []

    moderator = world["superuser"]
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    state = page.current_workflow_state
    task_state = state.current_task_state
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", task_state.pk],
        ),
        {"comment": "Checked the links."},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert [r.title for r in client.get("/resources/").context["resources"]] == [
        "Moving and handling refresher pack"
    ]
    assert client.get(page.url).status_code == 200


def test_a_resource_needs_a_topic_an_audience_and_a_file_or_link(client, world):
    centre = ResourceIndexPage.objects.get()
    client.force_login(world["editor"])
    add_url = reverse("wagtailadmin_pages:add", args=["cms", "resourcepage", centre.pk])
    data = _resource_form([], [])
    data["items-TOTAL_FORMS"] = "0"
    response = client.post(add_url, {**data, "action-submit": "action-submit"})
    assert response.status_code == 200
    assert not ResourcePage.objects.exists()
    assert "This field is required" in response.text


def test_scheduled_pages_go_live_when_their_time_comes(make_resource, resource_centre):
    page = ResourcePage(title="Winter wellbeing", summary="For the dark months.", kind="toolkit")
    page.topics = list(ResourceTopic.objects.filter(slug="wellbeing"))
    page.audiences = list(Audience.objects.filter(slug="care-workers"))
    resource_centre.add_child(instance=page)
    page.live = False
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.save()
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live  # scheduled, not yet published

    tasks.publish_scheduled_pages()
    page.refresh_from_db()
    assert not page.live

    # Let the hour pass: the time the revision was approved to go live is now behind us.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.refresh_from_db()
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    tasks.publish_scheduled_pages()
    page.refresh_from_db()
    assert page.live


def test_editors_keep_the_topics(client, world):
    client.force_login(world["editor"])
    add_url = reverse("wagtailsnippets_cms_resourcetopic:add")
    response = client.post(add_url, {"name": "Digital skills", "slug": "digital-skills", "sort_order": "9"})
    assert response.status_code == 302
    assert ResourceTopic.objects.filter(slug="digital-skills").exists()
    # Workers cannot.
    client.force_login(world["oak_worker"])
    response = client.post(add_url, {"name": "Other", "slug": "other", "sort_order": "1"})
    assert response.status_code == 302
    assert not ResourceTopic.objects.filter(slug="other").exists()


def test_editors_can_upload_files_for_resources(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world["editor"])
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "Rota template", "file": SimpleUploadedFile("rota.csv", b"day,shift\n"), "collection": "1"},
    )
    assert response.status_code == 302
    from wagtail.documents.models import Document

    assert Document.objects.filter(title="Rota template").exists()


def test_a_standard_page_is_served_with_its_body(client, db):
    home = HomePage.objects.get()
    page = StandardPage(
        title="About the academy",
        introduction="Who runs it and why.",
        body=[("heading", {"text": "Our team", "level": "h2"}), ("paragraph", "<p>We are the council.</p>")],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    text = client.get(page.url).text
    assert '<h2 class="govuk-heading-l">Our team</h2>' in text
    assert "We are the council." in text
    assert 'aria-label="Breadcrumb"' in text
    assert Page.objects.get(pk=page.pk).live
