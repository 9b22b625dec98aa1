"""The reporting API: its schema documents the figures, callers must sign in, and see only what they may."""

from __future__ import annotations

import pytest

from reporting.figures import DASHBOARD_ORDER, FIGURES, Scope

from .figures_support import *  # noqa: F403 (the locality and its fixtures)

pytestmark = pytest.mark.django_db

API = "/api/v1/reporting"


def test_the_openapi_schema_documents_the_figures_and_their_filters(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    found = schema.json()
    assert {f"{API}/figures", f"{API}/figures/{{key}}"} <= set(found["paths"])
    detail = found["paths"][f"{API}/figures/{{key}}"]["get"]
    parameters = {parameter["name"] for parameter in detail["parameters"]}
    assert {
        "key",
        "provider",
        "provider_type",
        "area",
        "job_role",
        "pathway_category",
        "start",
        "end",
    } <= parameters
    assert {"200", "400", "403", "404"} <= set(detail["responses"])
    assert {"TableOut", "RowOut", "ColumnOut", "ScopeOut", "FigureOut"} <= set(found["components"]["schemas"])
    assert detail.get("security"), "the figures need a signed-in caller"


def test_strangers_must_sign_in_and_people_without_a_provider_are_refused(client, viewers):
    assert client.get(f"{API}/figures").status_code == 401
    assert client.get(f"{API}/figures/care-certificate").status_code == 401
    client.force_login(viewers["learner"])
    refused = client.get(f"{API}/figures/care-certificate")
    assert refused.status_code == 403 and refused.json()["detail"]


def test_the_list_of_figures_is_in_the_dashboards_order(client, viewers):
    client.force_login(viewers["manager_a"])
    found = client.get(f"{API}/figures").json()
    assert [item["key"] for item in found] == DASHBOARD_ORDER
    assert all(item["title"] and item["description"] for item in found)


def test_a_figure_as_json_is_the_same_table_as_on_the_page(client, viewers):
    client.force_login(viewers["commissioner"])
    for key in FIGURES:
        response = client.get(f"{API}/figures/{key}")
        assert response.status_code == 200, key
        data = response.json()
        table = FIGURES[key].compute(Scope())
        assert data["key"] == key and data["title"] == table.title
        assert [c["key"] for c in data["columns"]] == [c.key for c in table.columns]
        assert [row["values"] for row in data["rows"]] == [row.values for row in table.rows]
        assert data["scope"]["organisations"] is None


def test_a_manager_gets_their_own_provider_and_a_404_for_anyone_elses(client, viewers):
    a, b = viewers["a"], viewers["b"]
    client.force_login(viewers["manager_a"])
    mine = client.get(f"{API}/figures/headcount-by-provider").json()
    assert [row["key"] for row in mine["rows"]] == [str(a.pk)]
    assert mine["scope"]["organisations"] == [a.pk]
    assert mine["rows"][0]["links"]["staff"] == f"/organisations/{a.pk}/training/"
    for value in (b.pk, "abc", 10**15):
        refused = client.get(f"{API}/figures/headcount-by-provider", {"provider": value})
        assert refused.status_code == 404 and b.name not in refused.content.decode()


@pytest.mark.parametrize(
    "query, field",
    [
        ({"start": "not a date"}, "start"),
        ({"start": "2026-06-01", "end": "2026-01-01"}, "start"),
        ({"provider_type": "castle"}, "provider_type"),
        ({"job_role": "x"}, "job_role"),
    ],
)
def test_bad_filters_are_a_400_naming_the_problem(client, viewers, query, field):
    client.force_login(viewers["commissioner"])
    response = client.get(f"{API}/figures/events", query)
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"] and body["detail"]


def test_an_unknown_figure_is_a_404_that_says_where_to_look(client, viewers):
    client.force_login(viewers["commissioner"])
    response = client.get(f"{API}/figures/nothing-here")
    assert response.status_code == 404 and "/figures" in response.json()["detail"]
