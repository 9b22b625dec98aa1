"""The people and organisation pages: what each role sees, empty states, filters, and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from academy.navigation import navigation_for


@pytest.mark.parametrize(
    "who, expected",
    [
        ("nobody", ["Home", "Your account"]),
        ("oak_worker", ["Home", "Your account"]),
        (
            "oak_manager",
            ["Home", "Your team", "People", "Team training", "Reports", "Assessments", "Your account"],
        ),
        ("oak_assessor", ["Home", "Your team", "Reports", "Assessments", "Your account"]),
        ("commissioner", ["Home", "Providers", "Reports", "Training requirements", "Your account"]),
        ("recruiter", ["Home", "Providers", "Reports", "Your account"]),
        ("bank_coordinator", ["Home", "Providers", "People", "Reports", "Your account"]),
        ("editor", ["Home", "Edit the site", "Your account"]),
        (
            "superuser",
            [
                "Home",
                "Providers",
                "People",
                "Reports",
                "Training requirements",
                "Assessments",
                "Edit the site",
                "Django admin",
                "Your account",
            ],
        ),
    ],
)
def test_navigation_depends_on_role(world, who, expected):
    # Everyone gets the site's sections first, then what their roles let them do.
    sections = ["My learning", "Courses", "Resources", "Careers", "Events", "News", "Search"]
    assert [item.label for item in navigation_for(world[who])] == [expected[0], *sections, *expected[1:]]


def test_anonymous_navigation_and_sign_in_link(client, db):
    page = client.get("/")
    assert page.status_code == 200
    assert 'href="/accounts/login/"' in page.text
    assert "Your account" not in page.text
    assert "My learning" not in page.text
    for url in ("/courses/", "/resources/", "/careers/", "/events/", "/news/", "/search/"):
        assert f'href="{url}"' in page.text
        assert client.get(url).status_code == 200, url


def test_manager_with_one_organisation_goes_straight_to_its_team(client, world):
    client.force_login(world["oak_manager"])
    response = client.get(reverse("organisation_list"))
    assert response["Location"] == reverse("organisation_detail", args=[world["oak"].pk])
    team = client.get(response["Location"]).text
    for name in ("oak_worker", "oak_assessor", "oak_bank_worker"):
        assert world[name].last_name in team
    assert "Elmworker" not in team
    assert "Invite a member of staff" in team


def test_team_page_of_another_provider_is_404_and_names_nobody(client, world):
    client.force_login(world["oak_manager"])
    response = client.get(reverse("organisation_detail", args=[world["elm"].pk]))
    assert response.status_code == 404
    assert "Elm" not in response.text


def test_person_page_of_another_provider_is_404_and_names_nobody(client, world):
    client.force_login(world["oak_manager"])
    response = client.get(reverse("person_detail", args=[world["elm_worker"].public_id]))
    assert response.status_code == 404
    assert "Elmworker" not in response.text and "worker@elm" not in response.text
    assert client.get(reverse("person_detail", args=["not-a-uuid"])).status_code == 404
    own = client.get(reverse("person_detail", args=[world["oak_worker"].public_id]))
    assert own.status_code == 200 and "Oakworker" in own.text


def test_commissioner_sees_all_providers_as_figures_not_names(client, world):
    client.force_login(world["commissioner"])
    listing = client.get(reverse("organisation_list")).text
    assert "Oak House" in listing and "Elm Court" in listing
    detail = client.get(reverse("organisation_detail", args=[world["oak"].pk])).text
    assert "You can see how many people work here, not who they are." in detail
    assert "Oakworker" not in detail
    assert "Invite a member of staff" not in detail


def test_provider_filters(client, world):
    client.force_login(world["recruiter"])
    by_type = client.get(reverse("organisation_list"), {"type": "home_care"}).text
    assert "Elm Court" in by_type and "Oak House" not in by_type
    by_area = client.get(reverse("organisation_list"), {"area": "Stafford"}).text
    assert "Oak House" in by_area and "Elm Court" not in by_area
    none = client.get(reverse("organisation_list"), {"q": "zzz"}).text
    assert "No providers match those filters" in none


def test_bank_coordinator_sees_bank_workers_only(client, world):
    client.force_login(world["bank_coordinator"])
    people = client.get(reverse("people_list")).text
    assert "Oakbank" in people
    assert "Oakworker" not in people and "Elmworker" not in people


def test_people_search_and_empty_state(client, world):
    client.force_login(world["oak_manager"])
    assert "Oakassessor" in client.get(reverse("people_list"), {"q": "assess"}).text
    assert "Nobody matches" in client.get(reverse("people_list"), {"q": "nobody-by-this-name"}).text


def test_worker_without_organisation_sees_a_helpful_account_page(client, world):
    client.force_login(world["nobody"])
    page = client.get(reverse("account_home")).text
    assert "You are not part of any organisation in the academy yet" in page


def test_pages_outside_a_workers_reach_are_404(client, world):
    client.force_login(world["oak_worker"])
    assert client.get(reverse("organisation_detail", args=[world["oak"].pk])).status_code == 404
    assert "You do not manage any organisation" in client.get(reverse("organisation_list")).text


def test_sign_in_required(client, db):
    for url in (reverse("account_home"), reverse("organisation_list"), reverse("people_list")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_footer_pages(client, db):
    assert "Accessibility statement" in client.get(reverse("accessibility")).text
    assert "Essential cookies" in client.get(reverse("cookies")).text


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_do_not_grow_queries_with_rows(
    client, world, make_person, make_membership, make_organisation
):
    client.force_login(world["superuser"])
    urls = [
        reverse("organisation_list"),
        reverse("organisation_detail", args=[world["oak"].pk]),
        reverse("people_list"),
    ]
    before = [_queries(client, url) for url in urls]
    for _ in range(15):
        make_membership(make_person(), world["oak"])
        make_organisation()
    after = [_queries(client, url) for url in urls]
    assert after == before


def test_superuser_manages_people_in_both_admins(client, world):
    client.force_login(world["superuser"])
    for url in (
        "/django-admin/academy/user/",
        f"/django-admin/academy/user/{world['oak_worker'].pk}/change/",
        "/django-admin/academy/organisation/",
        "/django-admin/academy/membership/?organisation__id__exact=" + str(world["oak"].pk),
        "/admin/users/",
        f"/admin/users/edit/{world['oak_worker'].pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "worker@oak.example.org" in client.get("/django-admin/academy/user/?q=oakworker").text


def test_people_without_rights_are_kept_out_of_the_django_admin(client, world):
    client.force_login(world["oak_manager"])
    response = client.get("/django-admin/academy/user/")
    assert response.status_code == 302
