"""lms/views_team.py: the team compliance matrix, acting on selected staff, a person's training record,
and the requirement pages of commissioners and providers."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from academy.models import ContractType, JobRole, Membership, PathwayCategory, User
from lms.models import Enrolment, EnrolmentStatus, PriorLearningStatus, TrainingRequirement
from tests.lms.team_support import complete, courses_fixture, days, prior_learning, require  # noqa: F401

CARE_WORKER = PathwayCategory.CARE_OR_SUPPORT_WORKER


def matrix_url(organisation) -> str:
    return reverse("team_training", args=[organisation.pk])


def record_url(person) -> str:
    return reverse("person_training", args=[person.public_id])


@pytest.fixture
def required(world, courses):
    """Fire safety for every care or support worker; Tier 1 for the care worker job role."""
    require(courses["fire"], category=CARE_WORKER)
    require(courses["tier1"], job_role=JobRole.objects.get(ascwds_code=8))
    return courses


# --- The matrix -----------------------------------------------------------------------------------------


def test_a_manager_sees_their_team_with_each_status_in_words(client, world, required):
    complete(world["oak_worker"], required["fire"], expires_on=days(20))
    complete(world["oak_worker"], required["tier2"], expires_on=days(-2))
    client.force_login(world["oak_manager"])
    response = client.get(matrix_url(world["oak"]))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Pat Oakworker", "Pat Oakmanager", "Pat Oakbank", "Pat Oakassessor"):
        assert name in html
    assert "Elmworker" not in html
    assert '<strong class="govuk-tag govuk-tag--orange">Expires within 30 days</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--red">Expired</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--grey">Missing</strong>' in html
    assert f"Until {days(20):%-d %b %Y}" in html
    assert record_url(world["oak_worker"]) in html


@pytest.mark.parametrize(
    "who", ["elm_manager", "oak_worker", "oak_assessor", "commissioner", "editor", "nobody"]
)
def test_anyone_but_the_teams_manager_gets_404_and_no_names(client, world, required, who):
    client.force_login(world[who])
    response = client.get(matrix_url(world["oak"]))
    assert response.status_code == 404
    assert b"Oakworker" not in response.content


def test_the_matrix_asks_people_to_sign_in(client, world):
    response = client.get(matrix_url(world["oak"]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("pk", ["999999", "0"])
def test_an_organisation_that_does_not_exist_is_404(client, world, pk):
    client.force_login(world["superuser"])
    assert client.get(f"/organisations/{pk}/training/").status_code == 404


def test_a_leaver_has_no_row(client, world, required):
    client.force_login(world["elm_manager"])
    html = client.get(matrix_url(world["elm"])).content.decode()
    assert "Pat Elmworker" in html
    assert "Elmleaver" not in html
    assert "Elminvited" not in html


def test_filter_by_status(client, world, required):
    complete(world["oak_worker"], required["fire"], expires_on=days(-1))
    client.force_login(world["oak_manager"])
    html = client.get(matrix_url(world["oak"]), {"status": "expired"}).content.decode()
    assert "Pat Oakworker" in html
    assert "Pat Oakmanager" not in html


def test_filter_by_job_role(client, world, required):
    senior = JobRole.objects.get(ascwds_code=7)
    Membership.objects.filter(person=world["oak_bank_worker"]).update(job_role=senior)
    client.force_login(world["oak_manager"])
    html = client.get(matrix_url(world["oak"]), {"job_role": senior.pk}).content.decode()
    assert "Pat Oakbank" in html
    assert "Pat Oakworker" not in html


@pytest.mark.parametrize(
    "query", [{"status": "bogus"}, {"job_role": "x"}, {"job_role": "999999"}, {"page": "99"}]
)
def test_bad_filters_do_not_break_the_page(client, world, required, query):
    client.force_login(world["oak_manager"])
    assert client.get(matrix_url(world["oak"]), query).status_code == 200


def test_a_team_with_nothing_required_is_told_so(client, world):
    client.force_login(world["oak_manager"])
    html = client.get(matrix_url(world["oak"])).content.decode()
    assert "No training is required of this team yet" in html


def _add_staff(organisation, n, courses):
    job_role = JobRole.objects.get(ascwds_code=8)
    for i in range(n):
        person = User.objects.create_user(
            email=f"more{i}@{organisation.pk}.example.org", last_name=f"More{i}"
        )
        Membership.objects.create(
            person=person,
            organisation=organisation,
            job_role=job_role,
            pathway_category=CARE_WORKER,
            contract_type=ContractType.PERMANENT,
            start_date=datetime.date(2025, 1, 1),
            accepted_at=timezone.now(),
        )
        complete(person, courses["fire"], expires_on=days(i * 11 - 20))
        prior_learning(person, courses["tier1"], expires_on=days(30 + i))


@pytest.mark.parametrize("url_name", ["team_training", "provider_requirements"])
def test_team_pages_cost_the_same_queries_for_4_or_24_people(
    client, world, required, django_assert_max_num_queries, url_name
):
    client.force_login(world["oak_manager"])
    url = reverse(url_name, args=[world["oak"].pk])
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    _add_staff(world["oak"], 20, required)
    require(required["moving"], category=CARE_WORKER, organisation=world["oak"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_the_person_record_costs_the_same_queries_however_long(
    client, world, required, django_assert_max_num_queries
):
    client.force_login(world["oak_manager"])
    url = record_url(world["oak_worker"])
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for course in required.values():
        complete(world["oak_worker"], course, expires_on=days(50))
        prior_learning(world["oak_worker"], course, status=PriorLearningStatus.PENDING)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# --- Enrolling and reminding selected staff ----------------------------------------------------------------


def test_a_manager_enrols_two_staff_with_a_due_date_and_sees_each_outcome(client, world, required):
    client.force_login(world["oak_manager"])
    due = days(40)
    response = client.post(
        matrix_url(world["oak"]),
        {
            "people": [world["oak_worker"].public_id, world["oak_bank_worker"].public_id],
            "action": "enrol",
            "course": required["moving"].pk,
            "due_on": due.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    enrolments = Enrolment.objects.filter(course=required["moving"])
    assert {(e.learner.email, e.due_on, e.enrolled_by_id) for e in enrolments} == {
        ("worker@oak.example.org", due, world["oak_manager"].pk),
        ("bank@oak.example.org", due, world["oak_manager"].pk),
    }
    done = client.get(response["Location"])
    html = done.content.decode()
    assert done.status_code == 200
    assert "Enrolling staff on Moving and handling people" in html
    assert "Done for 2 of 2 people" in html
    assert html.count("Enrolled") >= 2


def test_enrolling_someone_already_on_the_course_says_so(client, world, required):
    client.force_login(world["oak_manager"])
    data = {"people": [world["oak_worker"].public_id], "action": "enrol", "course": required["fire"].pk}
    client.post(matrix_url(world["oak"]), data)
    response = client.post(matrix_url(world["oak"]), data, follow=True)
    assert "Already enrolled" in response.content.decode()
    assert Enrolment.objects.filter(learner=world["oak_worker"], course=required["fire"]).count() == 1


def test_another_providers_person_cannot_be_enrolled_and_is_not_named(client, world, required):
    client.force_login(world["oak_manager"])
    response = client.post(
        matrix_url(world["oak"]),
        {
            "people": [world["oak_worker"].public_id, world["elm_worker"].public_id],
            "action": "enrol",
            "course": required["fire"].pk,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select people from your team only" in html
    assert "Elmworker" not in html
    assert not Enrolment.objects.exists()


def test_a_leaver_cannot_be_enrolled_by_their_old_manager(client, world, required):
    client.force_login(world["elm_manager"])
    response = client.post(
        matrix_url(world["elm"]),
        {"people": [world["elm_leaver"].public_id], "action": "enrol", "course": required["fire"].pk},
    )
    assert response.status_code == 400
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "enrol"}, "Select at least one member of staff"),
        ({"people": ["not-a-uuid"], "action": "enrol"}, "Select people from your team only"),
        ({"people": ["{worker}"], "action": "enrol"}, "Choose the course to enrol them on"),
        ({"people": ["{worker}"], "action": "enrol", "course": "999999"}, "Choose a course from the list"),
        (
            {"people": ["{worker}"], "action": "enrol", "course": "{course}", "due_on": "31/02/2027"},
            "Enter the due date as day/month/year",
        ),
        (
            {"people": ["{worker}"], "action": "enrol", "course": "{course}", "due_on": "{yesterday}"},
            "The due date must be today or in the future",
        ),
        (
            {"people": ["{worker}"], "action": "enrol", "course": "{course}", "due_on": "01/01/2099"},
            "The due date must be within the next 3 years",
        ),
        ({"people": ["{worker}"]}, "Choose what to do"),
        ({"people": ["{worker}"], "action": "delete"}, "Choose what to do"),
    ],
)
def test_bad_input_is_explained_on_the_matrix_and_changes_nothing(client, world, required, data, message):
    values = {
        "worker": str(world["oak_worker"].public_id),
        "course": str(required["fire"].pk),
        "yesterday": days(-1).strftime("%d/%m/%Y"),
    }
    data = {
        key: [v.format(**values) for v in value] if isinstance(value, list) else value.format(**values)
        for key, value in data.items()
    }
    client.force_login(world["oak_manager"])
    response = client.post(matrix_url(world["oak"]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "Error: Team training" in html
    assert not Enrolment.objects.exists()
    assert not mail.outbox


def test_ticked_people_stay_ticked_after_an_error(client, world, required):
    client.force_login(world["oak_manager"])
    worker = world["oak_worker"]
    html = client.post(
        matrix_url(world["oak"]), {"people": [worker.public_id], "action": "enrol"}
    ).content.decode()
    assert f'value="{worker.public_id}" checked' in html


def test_a_manager_reminds_staff_and_hears_what_happened_to_each(client, world, required):
    complete(world["oak_bank_worker"], required["fire"], expires_on=days(300))
    complete(world["oak_bank_worker"], required["tier1"], expires_on=days(300))
    client.force_login(world["oak_manager"])
    data = {"people": [world["oak_worker"].public_id, world["oak_bank_worker"].public_id], "action": "remind"}
    html = client.post(matrix_url(world["oak"]), data, follow=True).content.decode()
    assert "Reminder sent" in html
    assert "Not sent: their training is up to date" in html
    assert [m.to for m in mail.outbox] == [["worker@oak.example.org"]]
    assert "Fire safety" in mail.outbox[0].body
    again = client.post(matrix_url(world["oak"]), data, follow=True).content.decode()
    assert "Not sent: already reminded today" in again
    assert len(mail.outbox) == 1


def test_the_outcome_page_is_only_the_managers_own(client, world, required):
    client.force_login(world["oak_manager"])
    response = client.post(
        matrix_url(world["oak"]),
        {"people": [world["oak_worker"].public_id], "action": "enrol", "course": required["fire"].pk},
    )
    done_url = response["Location"]
    assert client.get(done_url.replace(done_url.rstrip("/").rsplit("/", 1)[1], "guessed")).status_code == 302
    client.force_login(world["elm_manager"])
    assert client.get(done_url).status_code == 404


# --- A person's record ----------------------------------------------------------------------------------


def test_a_manager_opens_a_persons_whole_record(client, world, required):
    worker = world["oak_worker"]
    complete(worker, required["fire"], expires_on=days(10))
    Enrolment.objects.create(learner=worker, course=required["moving"], status=EnrolmentStatus.WITHDRAWN)
    Enrolment.objects.create(learner=worker, course=required["safeguarding"], due_on=days(14))
    prior_learning(worker, required["tier1"], expires_on=days(500))
    prior_learning(worker, required["safeguarding"], status=PriorLearningStatus.PENDING)
    client.force_login(world["oak_manager"])
    response = client.get(record_url(worker))
    assert response.status_code == 200
    html = response.content.decode()
    assert "What Oak House requires" in html
    assert "Withdrawn" in html and "Not started" in html and "Completed" in html
    assert f"{days(14):%-d %b %Y}" in html  # the due date
    assert "Waiting for a decision" in html and "Accepted" in html
    assert "Expires within 30 days" in html  # fire safety
    assert (
        '<strong class="govuk-tag govuk-tag--green">Current</strong>' in html
    )  # tier 1, from prior learning


def test_the_person_page_links_to_the_record_for_their_manager_only(client, world):
    client.force_login(world["oak_manager"])
    assert (
        record_url(world["oak_worker"])
        in client.get(f"/people/{world['oak_worker'].public_id}/").content.decode()
    )
    client.force_login(world["bank_coordinator"])
    page = client.get(f"/people/{world['oak_bank_worker'].public_id}/")
    assert page.status_code == 200
    assert record_url(world["oak_bank_worker"]) not in page.content.decode()


@pytest.mark.parametrize(
    ("viewer", "person"),
    [
        ("elm_manager", "oak_worker"),
        ("oak_worker", "oak_bank_worker"),
        ("commissioner", "oak_worker"),
        ("bank_coordinator", "oak_bank_worker"),
        ("elm_manager", "elm_leaver"),
        ("elm_manager", "elm_invited"),
    ],
)
def test_a_record_outside_the_viewers_teams_is_404_and_unnamed(client, world, viewer, person):
    client.force_login(world[viewer])
    response = client.get(record_url(world[person]))
    assert response.status_code == 404
    assert world[person].last_name.encode() not in response.content


def test_a_made_up_person_is_404(client, world):
    client.force_login(world["oak_manager"])
    assert client.get("/people/00000000-0000-0000-0000-000000000000/training/").status_code == 404
    assert client.get("/people/not-a-uuid/training/").status_code == 404


# --- The commissioner's defaults --------------------------------------------------------------------------


def test_a_commissioner_adds_a_default_and_sees_it_confirmed(client, world, courses):
    client.force_login(world["commissioner"])
    url = reverse("default_requirements")
    assert client.get(url).status_code == 200
    response = client.post(url, {"course": courses["fire"].pk, "who": f"category:{CARE_WORKER}"}, follow=True)
    html = response.content.decode()
    assert (
        "Fire safety is now required of Care or support worker (pathway category) at every provider." in html
    )
    assert TrainingRequirement.objects.filter(
        course=courses["fire"], pathway_category=CARE_WORKER, organisation__isnull=True
    ).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose the course they must hold"),
        ({"course": "{course}"}, "Choose the job role or pathway category that must hold it"),
        ({"course": "{course}", "who": "role:999999"}, "Choose a job role or pathway category from the list"),
        (
            {"course": "{course}", "who": "category:astronaut"},
            "Choose a job role or pathway category from the list",
        ),
        ({"course": "{course}", "who": "garbage"}, "Choose a job role or pathway category from the list"),
        ({"course": "abc", "who": "category:new_to_care"}, "Choose a course from the list"),
        (
            {"course": "{course}", "who": "category:care_or_support_worker"},
            "That requirement is already set.",
        ),
    ],
)
def test_bad_defaults_are_explained(client, world, courses, data, message):
    require(courses["fire"], category=CARE_WORKER)
    data = {key: value.format(course=courses["fire"].pk) for key, value in data.items()}
    client.force_login(world["commissioner"])
    response = client.post(reverse("default_requirements"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert TrainingRequirement.objects.count() == 1


def test_a_commissioner_removes_a_default_after_confirming(client, world, courses, job_role):
    default = require(courses["fire"], job_role=job_role)
    lifted = require(courses["fire"], job_role=job_role, organisation=world["oak"], required=False)
    client.force_login(world["commissioner"])
    url = reverse("default_requirement_remove", args=[default.pk])
    page = client.get(url)
    assert "Stop requiring Fire safety of Care worker?" in page.content.decode()
    assert TrainingRequirement.objects.filter(pk=default.pk).exists()
    html = client.post(url, follow=True).content.decode()
    assert "Fire safety is no longer required of Care worker by default." in html
    assert not TrainingRequirement.objects.filter(pk__in=[default.pk, lifted.pk]).exists()


@pytest.mark.parametrize("who", ["oak_manager", "editor", "oak_worker", "recruiter"])
def test_only_commissioners_and_superusers_set_defaults(client, world, courses, who):
    client.force_login(world[who])
    assert client.get(reverse("default_requirements")).status_code == 403
    response = client.post(
        reverse("default_requirements"), {"course": courses["fire"].pk, "who": "category:new_to_care"}
    )
    assert response.status_code == 403
    assert not TrainingRequirement.objects.exists()


def test_a_superuser_sets_defaults(client, world):
    client.force_login(world["superuser"])
    assert client.get(reverse("default_requirements")).status_code == 200


def test_a_providers_row_cannot_be_removed_as_a_default(client, world, courses, job_role):
    own = require(courses["fire"], job_role=job_role, organisation=world["oak"])
    client.force_login(world["commissioner"])
    assert client.post(reverse("default_requirement_remove", args=[own.pk])).status_code == 404


# --- A provider's own requirements -------------------------------------------------------------------------


def _change(client, organisation, course, who, required):
    return client.post(
        reverse("provider_requirement_change", args=[organisation.pk]),
        {"course": course.pk, "who": who, "required": "1" if required else "0"},
        follow=True,
    )


def test_a_manager_lifts_a_default_and_requires_it_again(client, world, courses, job_role):
    require(courses["fire"], job_role=job_role)
    client.force_login(world["oak_manager"])
    html = _change(client, world["oak"], courses["fire"], f"role:{job_role.pk}", False).content.decode()
    assert "Fire safety is no longer required of Care worker at Oak House." in html
    assert "Not needed here" in html
    matrix = client.get(matrix_url(world["oak"])).content.decode()
    assert "No training is required of this team yet" in matrix
    html = _change(client, world["oak"], courses["fire"], f"role:{job_role.pk}", True).content.decode()
    assert "Fire safety is required of Care worker again, as the council&#x27;s default says." in html
    assert not TrainingRequirement.objects.filter(organisation=world["oak"]).exists()


def test_a_manager_adds_and_removes_a_requirement_of_their_own(client, world, courses):
    client.force_login(world["oak_manager"])
    url = reverse("provider_requirements", args=[world["oak"].pk])
    html = client.post(
        url, {"course": courses["moving"].pk, "who": f"category:{CARE_WORKER}"}, follow=True
    ).content.decode()
    assert (
        "Moving and handling people is now required of Care or support worker (pathway category) "
        "at Oak House." in html
    )
    column = '<th scope="col" class="govuk-table__header">Moving and handling people</th>'
    assert column in client.get(matrix_url(world["oak"])).content.decode()
    client.force_login(world["elm_manager"])
    assert column not in client.get(matrix_url(world["elm"])).content.decode()
    client.force_login(world["oak_manager"])
    html = _change(client, world["oak"], courses["moving"], f"category:{CARE_WORKER}", False).content.decode()
    assert "Moving and handling people is no longer required of" in html
    assert not TrainingRequirement.objects.exists()


def test_adding_what_the_default_already_requires_is_explained(client, world, courses, job_role):
    require(courses["fire"], job_role=job_role)
    client.force_login(world["oak_manager"])
    response = client.post(
        reverse("provider_requirements", args=[world["oak"].pk]),
        {"course": courses["fire"].pk, "who": f"role:{job_role.pk}"},
    )
    assert response.status_code == 400
    assert "The council&#x27;s default already requires that." in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"course": "abc", "who": "category:new_to_care", "required": "1"},
        {"course": "{course}", "who": "nonsense", "required": "1"},
        {"course": "{course}", "who": "category:new_to_care", "required": "maybe"},
        {"course": "999999", "who": "category:new_to_care", "required": "1"},
    ],
)
def test_a_bad_change_is_refused_with_a_message(client, world, courses, data):
    data = {key: value.format(course=courses["fire"].pk) for key, value in data.items()}
    client.force_login(world["oak_manager"])
    response = client.post(reverse("provider_requirement_change", args=[world["oak"].pk]), data, follow=True)
    assert "That change could not be made" in response.content.decode()
    assert not TrainingRequirement.objects.exists()


def test_another_providers_requirements_are_404(client, world, courses, job_role):
    require(courses["fire"], job_role=job_role)
    client.force_login(world["elm_manager"])
    assert client.get(reverse("provider_requirements", args=[world["oak"].pk])).status_code == 404
    response = _change(client, world["oak"], courses["fire"], f"role:{job_role.pk}", False)
    assert response.status_code == 404
    assert not TrainingRequirement.objects.filter(organisation=world["oak"]).exists()


@pytest.mark.parametrize(
    ("course", "who"),
    [
        ("²", "role:{role}"),
        ("9" * 5000, "role:{role}"),
        ("{course}", "role:²"),
        ("{course}", "role:" + "9" * 5000),
        ("{course}", "role:99999999999999999999"),
        ("٣", "role:{role}"),
    ],
    ids=[
        "superscript-course",
        "huge-course",
        "superscript-role",
        "huge-role",
        "overflowing-role",
        "arabic-course",
    ],
)
def test_a_change_with_unreadable_numbers_is_a_form_error(client, world, courses, job_role, course, who):
    require(courses["fire"], job_role=job_role)
    client.force_login(world["oak_manager"])
    data = {
        "course": course.format(course=courses["fire"].pk),
        "who": who.format(role=job_role.pk),
        "required": "0",
    }
    response = client.post(reverse("provider_requirement_change", args=[world["oak"].pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and "That change could not be made" in html
    assert not TrainingRequirement.objects.filter(organisation=world["oak"]).exists()


def test_who_enrolled_someone_is_named_only_within_the_viewers_provider(
    client, world, courses, make_membership
):
    from lms.services.enrolment import enrolment_create

    worker = world["elm_worker"]
    make_membership(worker, world["oak"])
    enrolment_create(learner=worker, course=courses["fire"], by=world["elm_manager"])
    enrolment_create(learner=worker, course=courses["moving"], by=world["oak_manager"])
    client.force_login(world["oak_manager"])
    html = client.get(record_url(worker)).content.decode()
    assert "Elmmanager" not in html
    assert "by someone at another provider" in html
    assert "by Pat Oakmanager" in html
