"""Managers record their staff's qualifications, and the qualifications figure counts and links to them."""

from __future__ import annotations

import pytest
from django.utils import timezone

from academy.models import Membership
from lms.models import Qualification, QualificationStatus
from reporting import qualifications
from reporting.figures import FIGURES, scope_for

from .figures_support import *  # noqa: F403 (the locality and its fixtures)
from .figures_support import queries
from .locality import days

pytestmark = pytest.mark.django_db


def page(pk):
    return f"/reporting/organisations/{pk}/qualifications/"


def test_a_manager_records_a_qualification_and_the_figure_counts_it(client, viewers):
    a, worker = viewers["a"], viewers["worker"]
    client.force_login(viewers["manager_a"])
    assert client.get(page(a.pk)).status_code == 200
    before = FIGURES["qualifications"].compute(scope_for(viewers["manager_a"])).value("3", "held")
    done = client.post(
        page(a.pk),
        {
            "person": worker.public_id,
            "title": "Level 3 Diploma in Adult Care",
            "level": "3",
            "status": "achieved",
            "achieved_on": days(-30).strftime("%d/%m/%Y"),
        },
    )
    assert done.status_code == 302
    recorded = Qualification.objects.get(person=worker, level=3, title="Level 3 Diploma in Adult Care")
    assert recorded.recorded_by == viewers["manager_a"]
    table = FIGURES["qualifications"].compute(scope_for(viewers["manager_a"]))
    assert table.value("3", "held") == before + 1
    assert "Level 3 Diploma in Adult Care" in client.get(page(a.pk)).content.decode()
    # The figure's numbers lead the manager to this page.
    row = next(row for row in table.rows if row.key == "3")
    assert row.links["held"] == page(a.pk)


@pytest.mark.parametrize(
    "posted, message",
    [
        (
            {"title": "", "level": "3", "status": "achieved", "achieved_on": "01/01/2024"},
            "Enter the qualification",
        ),
        (
            {"title": "X", "level": "9", "status": "achieved", "achieved_on": "01/01/2024"},
            "Choose a level from 1 to 8",
        ),
        ({"title": "X", "level": "2", "status": "achieved"}, "Enter the date it was awarded"),
        (
            {"title": "X", "level": "2", "status": "achieved", "achieved_on": "31/02/2024"},
            "Enter the date it was awarded",
        ),
        ({"title": "X", "level": "2", "status": "maybe"}, "Choose whether it is achieved"),
        (
            {"title": "X", "level": "2", "status": "achieved", "achieved_on": "01/01/2999"},
            "today or in the past",
        ),
    ],
)
def test_a_bad_qualification_gets_its_words_and_records_nothing(client, viewers, posted, message):
    client.force_login(viewers["manager_a"])
    response = client.post(page(viewers["a"].pk), {"person": viewers["worker"].public_id, **posted})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Qualification.objects.filter(person=viewers["worker"]).exists()


def test_only_the_providers_managers_open_it_or_record_for_its_staff(client, viewers, locality):
    a, b = viewers["a"], viewers["b"]
    for who in ("manager_b", "commissioner", "worker", "learner"):
        client.force_login(viewers[who])
        assert client.get(page(a.pk)).status_code == 404, who
    client.force_login(viewers["manager_a"])
    someone_at_b = next(
        p
        for p in locality.people
        if p.memberships.filter(organisation=b, end_date=None).exists()
        and not p.memberships.filter(organisation=a).exists()
    )
    response = client.post(
        page(a.pk),
        {"person": someone_at_b.public_id, "title": "X", "level": "2", "status": "working_towards"},
    )
    assert response.status_code == 400 and "Choose someone from your staff" in response.content.decode()
    with pytest.raises(qualifications.QualificationError):
        qualifications.qualification_add(
            by=viewers["manager_a"],
            person=someone_at_b,
            title="X",
            level=2,
            status=QualificationStatus.WORKING_TOWARDS,
        )


def test_the_team_page_costs_the_same_queries_for_more_staff(client, viewers, make_person, job_role):
    a = viewers["a"]
    client.force_login(viewers["manager_a"])
    client.get(page(a.pk))
    before, _ = queries(client.get, page(a.pk))
    for _ in range(5):
        person = make_person()
        Membership.objects.create(
            person=person,
            organisation=a,
            job_role=job_role,
            pathway_category="care_or_support_worker",
            contract_type="permanent",
            start_date=days(-5),
            accepted_at=timezone.now(),
        )
        Qualification.objects.create(person=person, title="Diploma", level=2, status="working_towards")
    after, _ = queries(client.get, page(a.pk))
    assert after == before
