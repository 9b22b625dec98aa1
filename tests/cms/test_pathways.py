"""Career pathways: the map of roles by stage, and each role's page: pay, entry, training, next steps."""

import pytest
from django.core.exceptions import ValidationError

from cms import pathway_links
from cms.models import PathwayIndexPage, PathwayRolePage
from tests.cms.conftest import cold_caches


@pytest.fixture
def roles(make_role):
    senior = make_role("Senior care worker", stage=3, category="supervisor_or_leader")
    deputy = make_role("Deputy manager", stage=4, category="deputy_manager")
    carer = make_role(
        "Care worker",
        stage=1,
        category="care_or_support_worker",
        pay_from="12.60",
        pay_to="14.10",
        pay_notes="Locally, in 2026; more at nights and weekends.",
        next_roles=[senior],
    )
    senior.next_roles = [deputy]
    senior.save_revision().publish()
    return {"carer": carer, "senior": senior, "deputy": deputy}


def test_a_new_site_has_the_pathway_map(client, db):
    assert PathwayIndexPage.objects.get().url == "/careers/"
    response = client.get("/careers/")
    assert response.status_code == 200
    assert "The roles are being written" in response.text


def test_the_map_groups_roles_by_stage_in_order_with_where_each_leads(client, roles):
    response = client.get("/careers/")
    stages = response.context["stages"]
    assert [(s.stage.label, [r.title for r in s.roles]) for s in stages] == [
        ("Starting out", ["Care worker"]),
        ("Senior and specialist roles", ["Senior care worker"]),
        ("Leading and managing", ["Deputy manager"]),
    ]
    text = response.text
    order = [text.index(s) for s in ("Starting out", "Senior and specialist roles", "Leading and managing")]
    assert order == sorted(order)
    assert f'Leads to: <a class="govuk-link" href="{roles["senior"].url}">Senior care worker</a>' in text


def test_the_map_leaves_out_roles_that_are_not_published(client, roles):
    roles["deputy"].unpublish()
    response = client.get("/careers/")
    assert "Deputy manager" not in response.text


def test_a_role_page_says_what_it_pays_needs_and_leads_to(client, roles):
    response = client.get(roles["carer"].url)
    assert response.status_code == 200
    text = response.text
    assert "£12.60 to £14.10 an hour" in text
    assert "more at nights and weekends" in text
    assert "Care or support worker" in text
    assert "Kindness and a willingness to learn." in text
    assert "Level 2 Diploma in Care." in text
    assert f'href="{roles["senior"].url}">Senior care worker' in text
    senior = client.get(roles["senior"].url).text
    assert "Roles that lead here" in senior and "Care worker" in senior


def test_lowest_pay_cannot_be_above_highest(pathway_map_page):
    role = PathwayRolePage(title="Care worker", stage=1, summary="x", pay_from="15", pay_to="12")
    with pytest.raises(ValidationError, match="at least the lowest pay"):
        role.clean()


def test_courses_that_prepare_for_a_role_come_from_the_app_that_registers_them(client, roles, world):
    page = client.get(roles["carer"].url)
    assert "Courses for this role will be listed here" in page.text

    def courses(*, role_page, user):
        if role_page.title != "Care worker":
            return []
        progress = 40 if user.is_authenticated else None
        course = pathway_links.PathwayCourse("Care Certificate", "/courses/cc/", progress, "in progress")
        return [course]

    pathway_links.register_courses(courses)
    try:
        assert "Care Certificate" in client.get(roles["carer"].url).text
        assert "Care Certificate" not in client.get(roles["senior"].url).text
        client.force_login(world["oak_worker"])
        assert "you are 40% through (in progress)" in client.get(roles["carer"].url).text
    finally:
        pathway_links._course_providers.remove(courses)


def test_open_vacancies_show_when_recruitment_registers_them(client, roles):
    def vacancies(*, role_page):
        return [pathway_links.PathwayVacancy("Night care worker", "/jobs/1/", "Oakfield House", "Stafford")]

    pathway_links.register_vacancies(vacancies)
    try:
        text = client.get(roles["carer"].url).text
        assert "Jobs open now" in text and "Night care worker</a>, Oakfield House, Stafford" in text
    finally:
        pathway_links._vacancy_providers.remove(vacancies)


def test_the_map_costs_the_same_queries_however_many_roles(client, make_role, django_assert_max_num_queries):
    first = make_role("Care worker", stage=1)
    cold_caches()
    with django_assert_max_num_queries(30) as few:
        client.get("/careers/")
    baseline = len(few.captured_queries)  # read now: the next request clears the log
    for number in range(8):
        make_role(f"Role {number}", stage=1 + number % 5, next_roles=[first])
    cold_caches()
    with django_assert_max_num_queries(baseline):
        client.get("/careers/")
