"""One search across the site, showing only what the person may open."""

import pytest
from django.db import connection

from tests.cms.conftest import cold_caches


@pytest.fixture
def content(make_resource, make_role, make_article):
    return {
        "toolkit": make_resource("Wellbeing toolkit", summary="Support your team's mental health."),
        "policy": make_resource("Staff wellbeing policy template", summary="For managers.", staff_only=True),
        "role": make_role("Care worker", summary="Helping people live well at home and in care homes."),
        "story": make_article("My first year", kind="story", summary="Grace on wellbeing at work."),
    }


def found(response):
    return [result.title for result in response.context["results"]]


def test_search_finds_resources_roles_and_news(client, content):
    assert set(found(client.get("/search/?q=wellbeing"))) == {"Wellbeing toolkit", "My first year"}
    assert found(client.get("/search/?q=care+homes")) == ["Care worker"]


def test_staff_only_resources_are_found_only_by_staff(client, world, content):
    assert "Staff wellbeing policy template" not in found(client.get("/search/?q=policy"))
    client.force_login(world["nobody"])
    assert "Staff wellbeing policy template" not in found(client.get("/search/?q=policy"))
    client.force_login(world["oak_worker"])
    assert "Staff wellbeing policy template" in found(client.get("/search/?q=policy"))


def test_drafts_are_not_found(client, content):
    content["toolkit"].unpublish()
    assert "Wellbeing toolkit" not in found(client.get("/search/?q=toolkit"))


def test_an_empty_search_shows_the_form_and_no_results(client, content):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["results"] is None
    assert "Search the academy" in response.text
    assert client.get("/search/?q=%20%20").context["results"] is None


def test_nothing_found_says_so_and_where_to_get_help(client, content):
    response = client.get("/search/?q=zebra")
    assert "Nothing matches “zebra”" in response.text
    assert "mailto:" in response.text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="typo tolerance uses PostgreSQL trigrams")
def test_a_misspelt_search_still_finds_on_postgresql(client, content):
    assert "Wellbeing toolkit" in found(client.get("/search/?q=wellbeng+toolkt"))


def test_results_cost_the_same_queries_however_many(client, make_resource, django_assert_max_num_queries):
    for number in range(2):
        make_resource(f"Wellbeing guide {number}")
    cold_caches()
    with django_assert_max_num_queries(40) as few:
        client.get("/search/?q=wellbeing")
    baseline = len(few.captured_queries)  # read now: the next request clears the log
    for number in range(2, 15):
        make_resource(f"Wellbeing guide {number}")
    cold_caches()
    with django_assert_max_num_queries(baseline):
        assert len(found(client.get("/search/?q=wellbeing"))) == 15
