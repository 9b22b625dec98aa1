"""The reporting pages: who sees what, filters and their errors, charts beside tables, links, CSV, queries."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from academy.models import Membership, OrganisationType
from reporting.figures import FIGURES, Scope

from . import locality as brute
from .figures_support import *  # noqa: F403 (the locality and its fixtures)
from .figures_support import queries

pytestmark = pytest.mark.django_db

DASHBOARD = "/reporting/"


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode(
        "utf-8-sig"
    )
    return list(csv.reader(io.StringIO(text)))


def test_the_menu_offers_reports_to_managers_and_the_council_only(client, viewers):
    for who, offered in [("manager_a", True), ("commissioner", True), ("worker", False), ("learner", False)]:
        client.force_login(viewers[who])
        page = client.get("/")
        assert (f'href="{DASHBOARD}"' in page.content.decode()) is offered, who


def test_a_manager_sees_their_own_provider_and_follows_numbers_to_their_team(client, viewers):
    a, b = viewers["a"], viewers["b"]
    client.force_login(viewers["manager_a"])
    page = client.get(DASHBOARD)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Who is out of date, and is it getting better?" in html
    assert "Mandatory training held" in html and "Expired or missing" in html
    assert f"/organisations/{a.pk}/training/?status=expired" in html
    assert b.name not in html
    # Only the filters that mean something to one provider's manager.
    assert 'name="provider_type"' not in html and 'name="provider"' not in html
    assert 'role="img"' in html and "<table" in html


@pytest.mark.parametrize("path", [DASHBOARD, "/reporting/figures/care-certificate/", "/reporting/events.csv"])
def test_another_providers_figures_are_not_found(client, viewers, path):
    client.force_login(viewers["manager_a"])
    for value in (viewers["b"].pk, "abc", 10**15):
        assert client.get(path, {"provider": value}).status_code == 404
    assert client.get(path, {"provider": viewers["a"].pk}).status_code == 200


def test_people_with_no_provider_to_report_on_are_refused_and_strangers_asked_to_sign_in(client, viewers):
    client.force_login(viewers["learner"])
    assert client.get(DASHBOARD).status_code == 403
    assert client.get("/reporting/care-certificate.csv").status_code == 403
    client.logout()
    page = client.get(DASHBOARD)
    assert page.status_code == 302 and reverse("account_login") in page["Location"]


def test_a_commissioner_sees_every_provider_and_the_providers_to_look_at_first(client, viewers, locality):
    client.force_login(viewers["commissioner"])
    html = client.get(DASHBOARD).content.decode()
    for organisation in locality.organisations:
        assert organisation.name in html
    assert "Providers to look at first" in html
    # The council sees figures, not names: no number links to a team.
    assert "/training/?status=" not in html


def test_filters_narrow_the_figures_and_keep_to_links_and_files(client, viewers, locality):
    client.force_login(viewers["commissioner"])
    page = client.get(
        "/reporting/figures/headcount-by-provider/", {"provider_type": OrganisationType.HOME_CARE}
    )
    html = page.content.decode()
    for organisation in locality.organisations:
        row = f'<th scope="row" class="govuk-table__header">{organisation.name}</th>'
        assert (row in html) is (organisation.type == OrganisationType.HOME_CARE)
    assert "/reporting/headcount-by-provider.csv?provider_type=home_care" in html
    dashboard = client.get(DASHBOARD, {"area": "Tamworth"}).content.decode()
    assert "/reporting/figures/qualifications/?area=Tamworth" in dashboard


@pytest.mark.parametrize(
    "query, message",
    [
        ({"start": "31/02/2026"}, "Enter the start of the period as day/month/year"),
        ({"end": "yesterday"}, "Enter the end of the period as day/month/year"),
        (
            {"start": "01/06/2026", "end": "01/01/2026"},
            "The start of the period must be on or before its end",
        ),
        ({"start": "01/01/1900", "end": "01/01/2026"}, "Choose a period of at most 10 years"),
        ({"provider_type": "castle"}, "Choose a provider type from the list"),
        ({"pathway_category": "wizard"}, "Choose a pathway category from the list"),
        ({"job_role": "999999"}, "Choose a job role from the list"),
        ({"job_role": "²"}, "Choose a job role from the list"),
        ({"area": "Atlantis"}, "Choose an area from the list"),
    ],
)
def test_bad_filters_get_a_clear_message_not_a_server_error(client, viewers, query, message):
    client.force_login(viewers["commissioner"])
    for path in (DASHBOARD, "/reporting/figures/events/"):
        page = client.get(path, query)
        assert page.status_code == 400
        html = page.content.decode()
        assert "There is a problem" in html and message in html
    response = client.get("/reporting/events.csv", query)
    assert response.status_code == 400 and message in response.content.decode()


def test_every_figure_has_a_page_with_its_chart_beside_its_table(client, viewers):
    client.force_login(viewers["commissioner"])
    for key, figure in FIGURES.items():
        page = client.get(f"/reporting/figures/{key}/")
        assert page.status_code == 200, key
        html = page.content.decode()
        assert f'<h1 class="govuk-heading-l">{figure.title}</h1>' in html
        assert f'href="/reporting/{key}.csv"' in html
        table = figure.compute(Scope())
        if table.rows and table.chart and key != "trends":
            assert f'aria-labelledby="{key}-chart-title {key}-chart-desc"' in html, key
    assert client.get("/reporting/figures/no-such-figure/").status_code == 404


def test_a_figures_csv_is_its_table_with_formulas_made_harmless(
    client, viewers, make_organisation, make_person, job_role
):
    sneaky = make_organisation('=HYPERLINK("http://evil.example","Click")', type=OrganisationType.NURSING)
    Membership.objects.create(
        person=make_person(),
        organisation=sneaky,
        job_role=job_role,
        pathway_category="care_or_support_worker",
        contract_type="permanent",
        start_date=brute.days(-10),
        accepted_at=brute.at(brute.days(-10)),
    )
    client.force_login(viewers["commissioner"])
    response = client.get("/reporting/headcount-by-provider.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="headcount-by-provider-{brute.TODAY.isoformat()}.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == ["Provider", "Type", "Area", "Staff", "Share of staff"]
    table = FIGURES["headcount-by-provider"].compute(Scope())
    assert len(rows) == 1 + len(table.rows) + 1  # header, rows, totals
    assert rows[-1][0] == "Total" and int(rows[-1][3]) == table.totals.values["staff"]
    names = [row[0] for row in rows[1:-1]]
    assert '\'=HYPERLINK("http://evil.example","Click")' in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)


def test_the_csv_has_the_same_filters_as_the_page(client, viewers, locality):
    client.force_login(viewers["commissioner"])
    b = viewers["b"]
    rows = csv_rows(client.get("/reporting/care-certificate-by-provider.csv", {"provider": b.pk}))
    assert rows[0][:3] == ["Provider", "Completed", "Completed (%)"]
    assert [row[0] for row in rows[1:]] == [b.name, "Total"]
    expected = brute.expected_care_certificate(Scope(organisations={b.pk}), locality.care_certificate)[b.pk]
    assert int(rows[1][1]) == expected["completed"] and int(rows[1][3]) == expected["in_progress"]


def test_the_dashboards_queries_do_not_grow_with_people_or_providers(
    client, viewers, locality, make_organisation, make_person
):
    client.force_login(viewers["commissioner"])
    client.get(DASHBOARD)  # warm: the site's caches fill on the first request
    before, _ = queries(client.get, DASHBOARD)
    figure_before, _ = queries(client.get, "/reporting/figures/mandatory-training-by-provider/")
    brute.grow(locality, make_organisation=make_organisation, make_person=make_person, people=20, providers=3)
    client.get(DASHBOARD)
    after, _ = queries(client.get, DASHBOARD)
    figure_after, _ = queries(client.get, "/reporting/figures/mandatory-training-by-provider/")
    assert after == before and figure_after == figure_before


def test_a_long_table_is_shown_a_page_at_a_time_and_too_many_bars_are_not_drawn(client, viewers, monkeypatch):
    from reporting import charts, views

    monkeypatch.setattr(views, "ROWS_PER_PAGE", 2)
    monkeypatch.setattr(charts, "MAX_BARS", 2)
    client.force_login(viewers["commissioner"])
    table = FIGURES["headcount-by-provider"].compute(Scope())
    assert len(table.rows) == 3
    first = client.get("/reporting/figures/headcount-by-provider/").content.decode()
    assert "Rows 1 to 2 of 3; the CSV file has them all." in first and 'role="img"' not in first
    second = client.get("/reporting/figures/headcount-by-provider/", {"page": 2}).content.decode()
    assert "Rows 3 to 3 of 3" in second
    shown = lambda html: [r.values["provider"] for r in table.rows if f">{r.values['provider']}</th>" in html]  # noqa: E731
    assert len(shown(first)) == 2 and len(shown(second)) == 1
    # The dashboard leaves a long by-provider table to its own page.
    assert "Mandatory training by provider</a></h2>" not in client.get(DASHBOARD).content.decode()
