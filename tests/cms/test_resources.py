"""The resource centre: finding resources by topic, audience, type and words; files; staff-only resources."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.models import Audience, ResourceIndexPage, ResourceItem, ResourcePage, ResourceTopic
from tests.cms.conftest import cold_caches


def titles(response):
    return [resource.title for resource in response.context["resources"]]


def test_a_new_site_has_a_resource_centre_with_every_topic_and_audience(client, db):
    assert ResourceIndexPage.objects.get().url == "/resources/"
    assert set(ResourceTopic.objects.values_list("name", flat=True)) == {
        "Recruitment and retention",
        "Wellbeing",
        "Equality, diversity and inclusion",
        "Policies and templates",
        "Good Employment Charter",
        "Leadership",
        "Learning and development",
        "Career pathways",
        "Funding",
    }
    assert list(Audience.objects.values_list("name", flat=True)) == [
        "Care workers",
        "Managers",
        "Providers",
        "Job seekers",
    ]
    response = client.get("/resources/")
    assert response.status_code == 200
    assert "0 resources" in response.text
    assert "No resources match" in response.text


def test_published_resources_are_listed_and_drafts_are_not(client, make_resource):
    make_resource("Wellbeing toolkit")
    make_resource("Draft induction checklist", live=False)
    response = client.get("/resources/")
    assert titles(response) == ["Wellbeing toolkit"]
    assert "Draft induction checklist" not in response.text


@pytest.mark.parametrize(
    "query, expected",
    [
        ("topic=wellbeing", {"Wellbeing toolkit", "Team wellbeing policy"}),
        ("topic=leadership", {"Leading a team"}),
        (
            "topic=wellbeing&topic=leadership",
            {"Wellbeing toolkit", "Team wellbeing policy", "Leading a team"},
        ),
        ("audience=care-workers", {"Wellbeing toolkit"}),
        ("kind=policy", {"Team wellbeing policy"}),
        ("topic=wellbeing&kind=policy", {"Team wellbeing policy"}),
        ("topic=wellbeing&audience=care-workers&kind=toolkit", {"Wellbeing toolkit"}),
        ("topic=funding", set()),
    ],
)
def test_filters_narrow_the_list(client, make_resource, query, expected):
    make_resource(
        "Wellbeing toolkit", topics=["wellbeing"], audiences=["care-workers", "managers"], kind="toolkit"
    )
    make_resource("Team wellbeing policy", topics=["wellbeing", "policies-and-templates"], kind="policy")
    make_resource("Leading a team", topics=["leadership"], kind="video")
    response = client.get(f"/resources/?{query}")
    assert set(titles(response)) == expected
    # A resource in two chosen topics is listed once.
    assert len(titles(response)) == len(expected)


def test_a_filter_that_does_not_exist_is_explained_and_loses_nothing(client, make_resource):
    make_resource("Wellbeing toolkit")
    response = client.get("/resources/?topic=not-a-topic&kind=spaceship")
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Select a valid choice" in response.text
    assert titles(response) == ["Wellbeing toolkit"]


def test_words_find_resources_by_title_summary_topic_and_file_names(client, make_resource):
    make_resource("Wellbeing toolkit", summary="Support your team's mental health through the winter.")
    make_resource(
        "Recruitment pack", summary="Adverts and interview questions.", topics=["recruitment-and-retention"]
    )
    make_resource(
        "Shift planning",
        summary="Rotas that work.",
        items=[{"title": "Rota spreadsheet for night shifts", "url": "https://example.org/rota"}],
    )
    assert titles(client.get("/resources/?q=mental+health")) == ["Wellbeing toolkit"]
    assert titles(client.get("/resources/?q=interview")) == ["Recruitment pack"]
    assert titles(client.get("/resources/?q=retention")) == ["Recruitment pack"]
    assert titles(client.get("/resources/?q=spreadsheet")) == ["Shift planning"]
    empty = client.get("/resources/?q=zebra")
    assert titles(empty) == []
    assert "No resources match “zebra”" in empty.text


def test_words_and_filters_combine(client, make_resource):
    make_resource("Wellbeing toolkit", summary="Support for your team.", kind="toolkit")
    make_resource("Wellbeing policy", summary="Support for your team.", kind="policy")
    assert titles(client.get("/resources/?q=support&kind=policy")) == ["Wellbeing policy"]


def test_sorting_by_date_and_title(client, make_resource):
    older = make_resource("Appraisal template")
    ResourcePage.objects.filter(pk=older.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(days=30)
    )
    make_resource("Zero-hours contracts guide")
    assert titles(client.get("/resources/")) == ["Zero-hours contracts guide", "Appraisal template"]
    assert titles(client.get("/resources/?sort=title")) == [
        "Appraisal template",
        "Zero-hours contracts guide",
    ]
    assert titles(client.get("/resources/?sort=newest&q=guide")) == ["Zero-hours contracts guide"]


def test_the_list_is_paged_twenty_at_a_time(client, make_resource):
    for number in range(23):
        make_resource(f"Resource {number:02d}")
    first = client.get("/resources/?sort=title")
    assert len(titles(first)) == 20
    assert "Page 1 of 2" in first.text
    second = client.get("/resources/?sort=title&page=2")
    assert titles(second) == ["Resource 20", "Resource 21", "Resource 22"]
    assert 'href="?sort=title&amp;page=1"' in second.text
    # A page number past the end, or not a number, shows the last or first page rather than an error.
    assert client.get("/resources/?page=99").status_code == 200
    assert client.get("/resources/?page=abc").status_code == 200


def test_the_list_costs_the_same_queries_however_many_resources(
    client, make_resource, django_assert_max_num_queries
):
    for number in range(3):
        make_resource(f"Resource {number}", topics=["wellbeing", "leadership"])
    cold_caches()
    with django_assert_max_num_queries(30) as few:
        client.get("/resources/?topic=wellbeing")
    baseline = len(few.captured_queries)  # read now: the next request clears the log
    for number in range(3, 20):
        make_resource(f"Resource {number}", topics=["wellbeing", "leadership"])
    cold_caches()
    with django_assert_max_num_queries(baseline):
        client.get("/resources/?topic=wellbeing")


def test_a_very_long_search_is_cut_short_not_refused(client, make_resource):
    make_resource("Wellbeing toolkit")
    response = client.get("/resources/", {"q": "wellbeing " * 200})
    assert response.status_code == 200
    assert len(response.context["query"]) <= 200


def test_a_resource_page_shows_its_files_topics_and_audiences(client, make_resource, make_document):
    document = make_document()
    page = make_resource(
        "Wellbeing toolkit",
        topics=["wellbeing"],
        audiences=["care-workers"],
        items=[
            {"title": "Wellbeing action plan", "document": document, "description": "A plan to fill in."},
            {"title": "Mind's guide", "url": "https://example.org/guide"},
        ],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    for text in (
        "Wellbeing action plan",
        "A plan to fill in.",
        "(PDF",
        "Mind&#x27;s guide",
        "opens another website",
    ):
        assert text in response.text
    assert 'href="/resources/?topic=wellbeing"' in response.text
    assert "Care workers" in response.text


def test_downloads_are_counted_and_hand_over_the_file(client, make_resource, make_document):
    document = make_document(content=b"%PDF-1.4 the plan")
    page = make_resource(
        "Wellbeing toolkit",
        items=[
            {"title": "Plan", "document": document},
            {"title": "Guide", "url": "https://example.org/guide"},
        ],
    )
    file_item, link_item = page.items.order_by("sort_order")
    response = client.get(reverse("resource_download", args=[file_item.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the plan"
    assert 'attachment; filename="wellbeing-plan' in response["Content-Disposition"]
    client.get(reverse("resource_download", args=[file_item.pk]))
    response = client.get(reverse("resource_download", args=[link_item.pk]))
    assert response.status_code == 302 and response["Location"] == "https://example.org/guide"
    assert dict(ResourceItem.objects.values_list("title", "download_count")) == {"Plan": 2, "Guide": 1}


def test_files_of_unpublished_or_unknown_resources_are_not_found(client, make_resource):
    page = make_resource("Wellbeing toolkit")
    item = page.items.get()
    page.unpublish()
    assert client.get(reverse("resource_download", args=[item.pk])).status_code == 404
    assert client.get(reverse("resource_download", args=[999999])).status_code == 404
    assert client.post(reverse("resource_download", args=[item.pk])).status_code == 405
    item.refresh_from_db()
    assert item.download_count == 0


@pytest.fixture
def staff_resource(make_resource, make_document):
    return make_resource(
        "Disciplinary policy template",
        summary="A template for provider managers.",
        staff_only=True,
        items=[{"title": "Template", "document": make_document(title="Template", name="template.docx")}],
    )


def test_staff_only_resources_are_listed_for_everyone_but_open_only_for_staff(client, world, staff_resource):
    # Visitors see that it exists and that they need to sign in.
    listing = client.get("/resources/")
    assert "Disciplinary policy template" in listing.text
    assert "Staff sign-in needed" in listing.text
    response = client.get(staff_resource.url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={staff_resource.url}"
    # Someone signed in who works for no provider is told why, and where to ask.
    client.force_login(world["nobody"])
    response = client.get(staff_resource.url)
    assert response.status_code == 403
    assert "Your account is not linked to a provider yet" in response.text
    assert reverse("resource_download", args=[staff_resource.items.get().pk]) not in response.text
    # Staff of any provider, and the council's roles, open it.
    for person in ("oak_worker", "elm_manager", "editor", "commissioner"):
        client.force_login(world[person])
        assert client.get(staff_resource.url).status_code == 200, person


def test_a_leaver_can_no_longer_open_staff_only_resources(client, world, staff_resource):
    client.force_login(world["elm_leaver"])
    assert client.get(staff_resource.url).status_code == 403


def test_staff_only_files_are_only_served_to_staff_by_either_address(client, world, staff_resource):
    item = staff_resource.items.get()
    download = reverse("resource_download", args=[item.pk])
    wagtail_url = item.document.url
    assert client.get(download).status_code == 302
    assert client.get(wagtail_url).status_code == 302
    client.force_login(world["nobody"])
    assert client.get(download).status_code == 404
    assert client.get(wagtail_url).status_code == 404
    item.refresh_from_db()
    assert item.download_count == 0
    client.force_login(world["oak_worker"])
    assert client.get(download).status_code == 200
    assert client.get(wagtail_url).status_code == 200
    item.refresh_from_db()
    assert item.download_count == 1


def test_a_file_or_a_link_but_not_both(make_document):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="one of the two"):
        ResourceItem(title="Both", url="https://example.org", document=make_document()).clean()
    with pytest.raises(ValidationError, match="one of the two"):
        ResourceItem(title="Neither").clean()


def test_editors_see_how_often_each_file_is_downloaded(client, world, make_resource):
    page = make_resource("Wellbeing toolkit", items=[{"title": "Guide", "url": "https://example.org/guide"}])
    item = page.items.get()
    for _ in range(3):
        client.get(reverse("resource_download", args=[item.pk]))
    client.force_login(world["editor"])
    response = client.get(reverse("resource_downloads_report"))
    assert response.status_code == 200
    assert "Wellbeing toolkit" in response.text and "Guide" in response.text
    rows = [(row.page.title, row.title, row.download_count) for row in response.context["object_list"]]
    assert rows == [("Wellbeing toolkit", "Guide", 3)]
    export = client.get(reverse("resource_downloads_report") + "?export=csv")
    assert b"Wellbeing toolkit,Guide,Web link,3" in b"".join(export.streaming_content)
    client.force_login(world["oak_worker"])
    assert client.get(reverse("resource_downloads_report")).status_code == 302


def test_a_document_linked_in_a_staff_only_resources_text_is_staff_only_too(
    client, world, make_resource, make_document
):
    linked = make_document(title="Disciplinary letter", name="disciplinary-letter.pdf")
    page = make_resource("Disciplinary policy template", staff_only=True)
    page.body = [("document", {"document": linked, "title": "Letter template"})]
    page.save_revision().publish()
    assert client.get(linked.url).status_code == 302
    client.force_login(world["nobody"])
    assert client.get(linked.url).status_code == 404
    client.force_login(world["oak_worker"])
    assert client.get(linked.url).status_code == 200
    # A document used only by public pages stays public.
    public = make_document(title="Wellbeing leaflet", name="leaflet.pdf")
    make_resource("Wellbeing leaflet", items=[{"title": "Leaflet", "document": public}])
    client.logout()
    assert client.get(public.url).status_code == 200


def test_files_of_a_resource_behind_a_privacy_setting_stay_behind_it(client, world, make_resource):
    from wagtail.models import PageViewRestriction

    page = make_resource("Board papers", items=[{"title": "Minutes", "url": "https://example.org/minutes"}])
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    item = page.items.get()
    assert client.get(reverse("resource_download", args=[item.pk])).status_code == 404
    client.force_login(world["oak_worker"])
    assert client.get(reverse("resource_download", args=[item.pk])).status_code == 302
