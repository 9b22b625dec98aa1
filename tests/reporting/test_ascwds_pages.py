"""reporting/views_ascwds.py: the ASC-WDS page of a provider (report, counts, downloads), who may open it,
what each viewer is shown and linked to, and its cost as the workforce grows."""

import pytest
from django.urls import reverse

from academy.models import Membership
from lms.models import CoursePage
from tests.cms.conftest import cold_caches
from tests.lms.conftest import catalogue, make_course, make_programme  # noqa: F401 (fixtures)
from tests.reporting.test_ascwds_support import (  # noqa: F401 (fixtures)
    STAFF_HEADER,
    TRAINING_HEADER,
    ascwds_courses_fixture,
    care_certificate_fixture,
    days,
    finish,
    on,
    prior_learning,
    provider_fixture,
    read_csv,
    rows_of,
    today,
)


def page_url(organisation):
    return reverse("ascwds_report", args=[organisation.pk])


def training_url(organisation):
    return reverse("ascwds_training_file", args=[organisation.pk])


def staff_url(organisation):
    return reverse("ascwds_staff_file", args=[organisation.pk])


URLS = [page_url, training_url, staff_url]


# --- Who may open it ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", URLS, ids=["page", "training", "staff"])
@pytest.mark.parametrize(
    "who",
    ["elm_manager", "oak_worker", "oak_assessor", "editor", "recruiter", "bank_coordinator", "nobody"],
)
def test_anyone_but_the_providers_managers_and_the_council_gets_404_and_nothing_of_it(
    client, provider, ascwds_courses, url, who
):
    finish(provider["oak_worker"], ascwds_courses["fire"], completed=on(2025, 1, 2))
    client.force_login(provider[who])
    response = client.get(url(provider["oak"]))
    assert response.status_code == 404
    assert b"OAK-W1" not in response.content
    assert b"Oakworker" not in response.content


@pytest.mark.parametrize("url", URLS, ids=["page", "training", "staff"])
@pytest.mark.parametrize("who", ["oak_manager", "commissioner", "superuser"])
def test_the_providers_managers_commissioners_and_superusers_open_it(client, provider, url, who):
    client.force_login(provider[who])
    assert client.get(url(provider["oak"])).status_code == 200


@pytest.mark.parametrize("url", URLS, ids=["page", "training", "staff"])
def test_it_asks_people_to_sign_in(client, provider, url):
    response = client.get(url(provider["oak"]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("pk", [999999, 0])
def test_an_organisation_that_does_not_exist_is_404(client, provider, pk):
    client.force_login(provider["superuser"])
    assert client.get(f"/reporting/ascwds/{pk}/").status_code == 404


def test_an_inactive_organisation_is_404(client, provider):
    type(provider["oak"]).objects.filter(pk=provider["oak"].pk).update(is_active=False)
    client.force_login(provider["commissioner"])
    assert client.get(page_url(provider["oak"])).status_code == 404


def test_the_page_only_reads(client, provider):
    client.force_login(provider["oak_manager"])
    assert client.post(page_url(provider["oak"])).status_code == 405


# --- The page ----------------------------------------------------------------------------------------------


def test_a_clean_export_says_nothing_would_be_rejected_and_counts_what_it_holds(
    client, provider, ascwds_courses, care_certificate
):
    w = provider
    finish(w["oak_worker"], ascwds_courses["fire"], completed=on(2024, 1, 2))
    finish(w["oak_worker"], ascwds_courses["fire"], completed=on(2025, 1, 2))
    prior_learning(w["oak_bank_worker"], ascwds_courses["moving"], expires_on=days(200))
    client.force_login(w["oak_manager"])
    response = client.get(page_url(w["oak"]))
    html = response.content.decode()
    assert "There is nothing ASC-WDS would reject." in html
    assert 'Workers in the files</dt><dd class="govuk-summary-list__value">4<' in html
    assert "3 rows" in html
    assert "November 2025" in html
    assert training_url(w["oak"]) in html and staff_url(w["oak"]) in html
    assert "What ASC-WDS would reject" in html
    assert "Worth checking" not in html


def test_the_report_names_each_problem_its_worker_its_training_and_the_fix(client, provider, ascwds_courses):
    w = provider
    finish(w["oak_worker"], ascwds_courses["fire"], completed=on(2025, 1, 2), expires_on=on(2025, 1, 1))
    finish(w["oak_worker"], ascwds_courses["walks"], completed=on(2025, 1, 3))
    Membership.objects.filter(person=w["oak_bank_worker"]).update(ascwds_worker_id="")
    client.force_login(w["oak_manager"])
    html = client.get(page_url(w["oak"])).content.decode()
    assert "ASC-WDS would reject the files until these 2 problems are fixed" in html
    assert "EXPIRYDATE 01/01/2025 is not after DATECOMPLETED 02/01/2025" in html
    assert "No ASC-WDS worker id, so this worker is left out of both files" in html
    assert "Pat Oakworker" in html and "Pat Oakbank" in html
    assert "Fire safety" in html
    assert "Workers left out" in html
    # The manager sees the record and, for what only the academy team can change, whom to ask.
    assert reverse("person_training", args=[w["oak_worker"].public_id]) in html
    assert "See their training record" in html
    assert "If you cannot change it, email the academy team" in html
    assert "/django-admin/" not in html
    assert "/admin/pages/" not in html
    # Accepted, but worth a look.
    assert "Worth checking" in html
    assert "reported as 21 Other" in html


def test_a_superuser_is_linked_to_where_each_fix_is_made(client, provider, ascwds_courses):
    w = provider
    course = ascwds_courses["fire"]
    CoursePage.objects.filter(pk=course.pk).update(refresher_months=0)
    finish(w["oak_worker"], course, completed=on(2025, 1, 2), expires_on=None)
    Membership.objects.filter(person=w["oak_bank_worker"]).update(ascwds_worker_id="")
    bank = Membership.objects.get(person=w["oak_bank_worker"])
    client.force_login(w["superuser"])
    html = client.get(page_url(w["oak"])).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[course.pk]) in html
    assert reverse("admin:academy_membership_change", args=[bank.pk]) in html
    assert "If you cannot change it" not in html


def test_a_commissioner_sees_worker_ids_not_names_unless_policy_allows(
    client, provider, ascwds_courses, settings
):
    w = provider
    finish(w["oak_worker"], ascwds_courses["fire"], completed=on(2025, 1, 2), expires_on=on(2025, 1, 1))
    client.force_login(w["commissioner"])
    settings.ACADEMY_COMMISSIONERS_SEE_NAMED_RECORDS = False
    html = client.get(page_url(w["oak"])).content.decode()
    assert "OAK-W1" in html
    assert "Oakworker" not in html
    settings.ACADEMY_COMMISSIONERS_SEE_NAMED_RECORDS = True
    assert "Pat Oakworker" in client.get(page_url(w["oak"])).content.decode()


def test_the_organisation_page_links_its_managers_to_the_export(client, provider):
    client.force_login(provider["oak_manager"])
    html = client.get(reverse("organisation_detail", args=[provider["oak"].pk])).content.decode()
    assert page_url(provider["oak"]) in html
    client.force_login(provider["oak_assessor"])
    html = client.get(reverse("organisation_detail", args=[provider["oak"].pk])).content.decode()
    assert page_url(provider["oak"]) not in html


# --- The downloads ------------------------------------------------------------------------------------------


def test_the_training_file_downloads_as_csv_with_its_filename(client, provider, ascwds_courses):
    finish(provider["oak_worker"], ascwds_courses["fire"], completed=on(2025, 3, 7))
    client.force_login(provider["oak_manager"])
    response = client.get(training_url(provider["oak"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="ascwds-training-OAK-001-{today():%Y-%m-%d}.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    rows = read_csv(response.content, TRAINING_HEADER)
    assert [(r["TRAININGNAME"], r["DATECOMPLETED"]) for r in rows_of(rows, "OAK-W1")] == [
        ("Fire safety", "07/03/2025")
    ]


def test_the_staff_file_downloads_as_csv_with_its_filename(client, provider, care_certificate):
    client.force_login(provider["commissioner"])
    response = client.get(staff_url(provider["oak"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    filename = f"ascwds-staff-care-certificate-OAK-001-{today():%Y-%m-%d}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    rows = read_csv(response.content, STAFF_HEADER)
    assert {r["UNIQUEWORKERID"]: r["CARECERT"] for r in rows} == {
        "OAK-M1": "2",
        "OAK-A1": "2",
        "OAK-W1": "2",
        "OAK-B1": "2",
    }


def test_a_workplace_id_unsafe_in_a_filename_is_left_out_of_it(client, provider):
    type(provider["oak"]).objects.filter(pk=provider["oak"].pk).update(ascwds_establishment_id='a"b/../c')
    client.force_login(provider["oak_manager"])
    response = client.get(training_url(provider["oak"]))
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="ascwds-training-a-b-c-{today():%Y-%m-%d}.csv"'
    )


# --- Cost ---------------------------------------------------------------------------------------------------


def _grow(provider, courses, make_person, make_membership, n=16):
    for i in range(n):
        person = make_person(last_name=f"More{i}")
        make_membership(person, provider["oak"], worker_id=f"OAK-X{i}" if i % 4 else "")
        finish(person, courses["fire"], completed=on(2024, 1, 1 + i), expires_on=on(2024, 1, 1))
        finish(person, courses["walks"], completed=on(2024, 2, 1 + i))
        prior_learning(person, courses["moving"], expires_on=days(100 + i))


@pytest.mark.parametrize(
    "url, who",
    [
        (page_url, "oak_manager"),
        (page_url, "superuser"),
        (page_url, "commissioner"),
        (training_url, "oak_manager"),
        (staff_url, "commissioner"),
    ],
    ids=["page-manager", "page-superuser", "page-commissioner", "training", "staff"],
)
def test_the_page_and_files_cost_the_same_queries_for_4_or_24_workers(
    client,
    provider,
    ascwds_courses,
    care_certificate,
    make_person,
    make_membership,
    django_assert_max_num_queries,
    url,
    who,
):
    client.force_login(provider[who])
    finish(
        provider["oak_worker"], ascwds_courses["fire"], completed=on(2025, 1, 2), expires_on=on(2025, 1, 1)
    )
    finish(provider["oak_worker"], ascwds_courses["walks"], completed=on(2025, 1, 3))
    Membership.objects.filter(person=provider["oak_bank_worker"]).update(ascwds_worker_id="")
    cold_caches()
    with django_assert_max_num_queries(40) as few:
        assert client.get(url(provider["oak"])).status_code == 200
    baseline = len(few.captured_queries)
    _grow(provider, ascwds_courses, make_person, make_membership)
    cold_caches()
    with django_assert_max_num_queries(baseline):
        response = client.get(url(provider["oak"]))
    assert response.status_code == 200


def test_a_commissioner_opens_every_providers_export(client, provider):
    client.force_login(provider["commissioner"])
    for organisation in (provider["oak"], provider["elm"]):
        assert client.get(page_url(organisation)).status_code == 200


@pytest.mark.parametrize(
    "who, linked", [("oak_manager", True), ("commissioner", True), ("oak_assessor", False)]
)
def test_the_organisation_page_links_to_the_export_for_who_may_open_it(client, provider, who, linked):
    client.force_login(provider[who])
    page = client.get(f"/organisations/{provider['oak'].pk}/").content.decode()
    assert (f'href="/reporting/ascwds/{provider["oak"].pk}/"' in page) is linked
