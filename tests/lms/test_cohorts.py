"""lms/services/cohorts.py, lms/selectors_cohorts.py and lms/views_cohorts.py: the academy team's cohorts,
and managers enrolling their staff on a programme, into a cohort for one that runs in cohorts."""

import datetime

import pytest
from django.urls import reverse

from academy import permissions
from academy.models import Membership, PathwayCategory, User
from cms.events.models import EventKind
from lms.models import Cohort, Enrolment, ProgrammeEnrolment
from lms.selectors import programme_progress
from lms.selectors_cohorts import cohort_members
from lms.services.cohorts import CohortError, cohort_create, programme_enrol_staff
from lms.services.enrolment import programme_enrol
from tests.lms.team_support import complete, days

MANAGER_ROLE = PathwayCategory.REGISTERED_MANAGER


@pytest.fixture
def leading(make_course):
    return {"team": make_course("Leading a team"), "quality": make_course("Leading for quality")}


@pytest.fixture
def leadership(make_programme, leading):
    """Run in cohorts, by invitation. Leading for quality is only for registered managers."""
    return make_programme(
        "Leadership programme",
        [(leading["team"], []), (leading["quality"], [MANAGER_ROLE])],
        cohort_based=True,
        self_enrol=False,
    )


@pytest.fixture
def care_certificate(make_programme, make_course):
    return make_programme("Care Certificate", [(make_course("Standard 1: your role"), [])])


@pytest.fixture
def spring(leadership):
    return Cohort.objects.create(programme=leadership, name="Spring 2027", starts_on=days(30))


@pytest.fixture
def ended(leadership):
    return Cohort.objects.create(
        programme=leadership, name="Autumn 2024", starts_on=days(-700), ends_on=days(-1)
    )


@pytest.fixture
def graduation(make_event):
    return make_event("Leadership graduation", kind=EventKind.GRADUATION)


def enrol_url(organisation) -> str:
    return reverse("team_programme_enrol", args=[organisation.pk])


def people(*persons) -> list[str]:
    return [str(person.public_id) for person in persons]


# --- cohort_create ----------------------------------------------------------------------------------


def test_the_academy_adds_a_cohort_with_its_graduation(world, leadership, graduation):
    cohort = cohort_create(
        programme=leadership,
        name="  Spring 2027 ",
        starts_on=days(30),
        ends_on=days(300),
        graduation_event=graduation,
        by=world["commissioner"],
    )
    cohort.refresh_from_db()
    assert (cohort.name, cohort.starts_on, cohort.ends_on) == ("Spring 2027", days(30), days(300))
    assert cohort.graduation_event == graduation


def test_a_cohort_may_start_and_end_on_one_day_and_have_no_end(world, leadership):
    cohort_create(
        programme=leadership, name="Taster", starts_on=days(5), ends_on=days(5), by=world["superuser"]
    )
    cohort_create(programme=leadership, name="Rolling", starts_on=days(5), by=world["superuser"])
    assert leadership.cohorts.count() == 2


@pytest.mark.parametrize(
    "change, message",
    [
        ({"ends_on": days(29)}, "The end date must be the same as or after the start date"),
        ({"name": "spring 2027"}, "Leadership programme already has a cohort called spring 2027"),
        ({"name": "   "}, "Enter a name for the cohort"),
        ({"graduation_event": "workshop"}, "Choose a published graduation event"),
        ({"graduation_event": "draft"}, "Choose a published graduation event"),
        ({"programme": "care_certificate"}, "Care Certificate does not run in cohorts."),
        ({"by": "oak_manager"}, "Only the academy team adds cohorts."),
        ({"by": "editor"}, "Only the academy team adds cohorts."),
    ],
)
def test_a_cohort_that_cannot_be_is_refused_with_why(
    world, leadership, care_certificate, spring, make_event, change, message
):
    values = {
        "programme": leadership,
        "name": "Autumn 2027",
        "starts_on": days(30),
        "by": world["commissioner"],
    }
    if change.get("graduation_event") == "workshop":
        change["graduation_event"] = make_event(kind=EventKind.WORKSHOP)
    elif change.get("graduation_event") == "draft":
        event = make_event(kind=EventKind.GRADUATION)
        event.unpublish()
        change["graduation_event"] = event
    if change.get("programme") == "care_certificate":
        change["programme"] = care_certificate
    if "by" in change:
        change["by"] = world[change["by"]]
    values.update(change)
    with pytest.raises(CohortError) as caught:
        cohort_create(**values)
    assert str(caught.value).startswith(message)
    assert Cohort.objects.count() == 1  # Spring 2027 only


# --- programme_enrol_staff --------------------------------------------------------------------------


def test_a_manager_enrols_staff_into_a_cohort_and_on_the_courses_for_their_role(
    world, leadership, leading, spring
):
    Membership.objects.filter(person=world["oak_assessor"]).update(pathway_category=MANAGER_ROLE)
    outcomes = programme_enrol_staff(
        programme=leadership,
        cohort=spring,
        learners=[world["oak_worker"], world["oak_assessor"]],
        by=world["oak_manager"],
    )
    assert [(o.outcome, o.message) for o in outcomes] == [
        ("enrolled", "Enrolled in Spring 2027"),
        ("enrolled", "Enrolled in Spring 2027"),
    ]
    enrolment = ProgrammeEnrolment.objects.get(learner=world["oak_worker"])
    assert (enrolment.cohort, enrolment.enrolled_by) == (spring, world["oak_manager"])
    assert _course_titles(world["oak_worker"]) == {"Leading a team"}
    assert _course_titles(world["oak_assessor"]) == {"Leading a team", "Leading for quality"}


def _course_titles(person) -> set[str]:
    return set(Enrolment.objects.filter(learner=person).values_list("course__title", flat=True))


def test_each_persons_outcome_is_reported_and_none_undoes_another(world, leadership, spring):
    autumn = Cohort.objects.create(programme=leadership, name="Autumn 2027", starts_on=days(200))
    programme_enrol(learner=world["oak_bank_worker"], programme=leadership, cohort=autumn)
    outcomes = programme_enrol_staff(
        programme=leadership,
        cohort=spring,
        learners=[world["oak_worker"], world["oak_bank_worker"], world["elm_worker"], world["oak_manager"]],
        by=world["oak_manager"],
    )
    assert [(o.learner, o.outcome, o.message) for o in outcomes] == [
        (world["oak_worker"], "enrolled", "Enrolled in Spring 2027"),
        (world["oak_bank_worker"], "already", "Already on Leadership programme, in Autumn 2027"),
        (world["elm_worker"], "refused", "You cannot enrol this person."),
        (
            world["oak_manager"],
            "refused",
            "Leadership programme is by invitation: ask your manager to enrol you.",
        ),
    ]
    assert not ProgrammeEnrolment.objects.filter(learner=world["elm_worker"]).exists()
    assert ProgrammeEnrolment.objects.get(learner=world["oak_bank_worker"]).cohort == autumn


@pytest.mark.parametrize(
    "programme, cohort, message",
    [
        ("leadership", None, "Choose the cohort of Leadership programme to enrol them in"),
        ("leadership", "ended", "Autumn 2024 ended on"),
        ("leadership", "other", "Choose a cohort of Leadership programme"),
        ("care_certificate", "spring", "Care Certificate does not run in cohorts: choose no cohort"),
    ],
)
def test_a_cohort_that_does_not_fit_changes_nothing(
    world, leadership, care_certificate, spring, ended, make_programme, leading, programme, cohort, message
):
    other = make_programme("Aspiring managers", [(leading["team"], [])], cohort_based=True, self_enrol=False)
    cohorts = {
        None: None,
        "ended": ended,
        "spring": spring,
        "other": Cohort.objects.create(programme=other, name="Summer 2027", starts_on=days(60)),
    }
    chosen = {"leadership": leadership, "care_certificate": care_certificate}[programme]
    with pytest.raises(CohortError) as caught:
        programme_enrol_staff(
            programme=chosen, cohort=cohorts[cohort], learners=[world["oak_worker"]], by=world["oak_manager"]
        )
    assert str(caught.value).startswith(message)
    assert caught.value.field == "cohort"
    assert not ProgrammeEnrolment.objects.exists()
    assert not Enrolment.objects.exists()


def test_a_cohort_ending_today_may_still_be_joined(world, leadership):
    today = Cohort.objects.create(programme=leadership, name="Last day", starts_on=days(-90), ends_on=days(0))
    [outcome] = programme_enrol_staff(
        programme=leadership, cohort=today, learners=[world["oak_worker"]], by=world["oak_manager"]
    )
    assert outcome.outcome == "enrolled"


def test_a_programme_without_cohorts_is_joined_without_one(world, care_certificate):
    [outcome] = programme_enrol_staff(
        programme=care_certificate, learners=[world["oak_worker"]], by=world["oak_manager"]
    )
    assert (outcome.outcome, outcome.message) == ("enrolled", "Enrolled")
    assert ProgrammeEnrolment.objects.get(learner=world["oak_worker"]).cohort is None


# --- The manager's page ------------------------------------------------------------------------------


def test_the_matrix_links_to_enrolling_on_a_programme(client, world):
    client.force_login(world["oak_manager"])
    response = client.get(reverse("team_training", args=[world["oak"].pk]))
    assert enrol_url(world["oak"]) in response.content.decode()


def test_the_page_offers_the_team_the_programmes_and_cohorts_that_have_not_ended(
    client, world, leadership, care_certificate, spring, ended
):
    client.force_login(world["oak_manager"])
    response = client.get(enrol_url(world["oak"]))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Pat Oakworker", "Pat Oakbank", "Pat Oakassessor"):
        assert name in html
    assert "Elmworker" not in html
    assert '<optgroup label="Leadership programme">' in html
    assert f'<option value="{spring.pk}">Spring 2027, from' in html
    assert "Autumn 2024" not in html
    assert "Care Certificate" in html


def test_a_manager_enrols_two_staff_into_a_cohort_and_sees_each_outcome(client, world, leadership, spring):
    client.force_login(world["oak_manager"])
    response = client.post(
        enrol_url(world["oak"]),
        {
            "people": people(world["oak_worker"], world["oak_bank_worker"]),
            "programme": leadership.pk,
            "cohort": spring.pk,
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Enrolling staff on Leadership programme (Spring 2027)" in html
    assert "Enrolled 2 of 2 people" in html
    assert html.count('<strong class="govuk-tag govuk-tag--green">Enrolled</strong>') == 2
    assert set(ProgrammeEnrolment.objects.filter(cohort=spring).values_list("learner", flat=True)) == {
        world["oak_worker"].pk,
        world["oak_bank_worker"].pk,
    }


def test_the_confirmation_says_who_was_already_on_it_and_who_was_refused(client, world, leadership, spring):
    programme_enrol(learner=world["oak_worker"], programme=leadership, cohort=spring)
    client.force_login(world["oak_manager"])
    response = client.post(
        enrol_url(world["oak"]),
        {
            "people": people(world["oak_worker"], world["oak_manager"]),
            "programme": leadership.pk,
            "cohort": spring.pk,
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Enrolled 0 of 2 people" in html
    assert "Already on it</strong> Already on Leadership programme" in html
    assert "Not enrolled</strong> Leadership programme is by invitation" in html


@pytest.mark.parametrize(
    "who", ["elm_manager", "oak_worker", "oak_assessor", "commissioner", "editor", "nobody"]
)
def test_anyone_but_the_teams_manager_gets_404_and_no_names(client, world, leadership, spring, who):
    client.force_login(world[who])
    assert client.get(enrol_url(world["oak"])).status_code == 404
    response = client.post(
        enrol_url(world["oak"]),
        {"people": people(world["oak_worker"]), "programme": leadership.pk, "cohort": spring.pk},
    )
    assert response.status_code == 404
    assert b"Oakworker" not in response.content
    assert not ProgrammeEnrolment.objects.exists()


def test_another_providers_staff_cannot_be_ticked_and_are_not_named(client, world, leadership, spring):
    client.force_login(world["oak_manager"])
    response = client.post(
        enrol_url(world["oak"]),
        {
            "people": people(world["oak_worker"], world["elm_worker"]),
            "programme": leadership.pk,
            "cohort": spring.pk,
        },
    )
    assert response.status_code == 400
    assert "Select people from your team only" in response.content.decode()
    assert b"Elmworker" not in response.content
    assert not ProgrammeEnrolment.objects.exists()


def test_the_page_asks_people_to_sign_in(client, world):
    response = client.get(enrol_url(world["oak"]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    "data, anchor, message",
    [
        ({"programme": "leadership", "cohort": "spring"}, "#people", "Select at least one member of staff"),
        ({"people": "worker", "cohort": "spring"}, "#id_programme", "Choose the programme to enrol them on"),
        ({"people": "worker", "programme": "999999"}, "#id_programme", "Choose a programme from the list"),
        (
            {"people": "worker", "programme": "leadership"},
            "#id_cohort",
            "Choose the cohort of Leadership programme",
        ),
        (
            {"people": "worker", "programme": "leadership", "cohort": "ended"},
            "#id_cohort",
            "Autumn 2024 ended on",
        ),
        (
            {"people": "worker", "programme": "leadership", "cohort": "other"},
            "#id_cohort",
            "Choose a cohort of Leadership",
        ),
        (
            {"people": "worker", "programme": "leadership", "cohort": "x"},
            "#id_cohort",
            "Choose a cohort from the list",
        ),
        (
            {"people": "not-a-uuid", "programme": "leadership", "cohort": "spring"},
            "#people",
            "Select people from your team only",
        ),
        (
            {"people": "worker", "programme": "care", "cohort": "spring"},
            "#id_cohort",
            "Care Certificate does not run in cohorts",
        ),
    ],
)
def test_bad_input_gets_an_error_summary_and_changes_nothing(
    client, world, leadership, care_certificate, spring, ended, make_programme, leading, data, anchor, message
):
    other = make_programme("Aspiring managers", [(leading["team"], [])], cohort_based=True, self_enrol=False)
    values = {
        "leadership": leadership.pk,
        "care": care_certificate.pk,
        "spring": spring.pk,
        "ended": ended.pk,
        "other": Cohort.objects.create(programme=other, name="Summer 2027", starts_on=days(60)).pk,
        "worker": str(world["oak_worker"].public_id),
    }
    client.force_login(world["oak_manager"])
    response = client.post(enrol_url(world["oak"]), {k: values.get(v, v) for k, v in data.items()})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'<a href="{anchor}">{message}' in html
    assert "<title>Error: " in html
    assert not ProgrammeEnrolment.objects.exists()
    assert not Enrolment.objects.exists()


def test_results_shown_once_are_not_shown_to_another_team(client, world, leadership, spring):
    client.force_login(world["oak_manager"])
    done = client.post(
        enrol_url(world["oak"]),
        {"people": people(world["oak_worker"]), "programme": leadership.pk, "cohort": spring.pk},
    )["Location"]
    assert client.get(done).status_code == 200
    key = done.rstrip("/").rsplit("/", 1)[-1]
    wrong_key = reverse("team_programme_enrol_done", args=[world["oak"].pk, "something-else"])
    assert client.get(wrong_key)["Location"] == reverse("team_training", args=[world["oak"].pk])
    client.force_login(world["elm_manager"])
    assert client.get(reverse("team_programme_enrol_done", args=[world["oak"].pk, key])).status_code == 404


def test_the_enrol_page_costs_the_same_queries_for_4_or_24_staff(
    client, world, leadership, spring, django_assert_max_num_queries
):
    client.force_login(world["oak_manager"])
    with django_assert_max_num_queries(30) as few:
        assert client.get(enrol_url(world["oak"])).status_code == 200
    _add_staff(world["oak"], 20)
    for n in range(5):
        Cohort.objects.create(programme=leadership, name=f"Cohort {n}", starts_on=days(n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(enrol_url(world["oak"]))
    assert response.content.decode().count('name="people"') == 24


# --- The academy team's cohort pages -----------------------------------------------------------------


def test_a_commissioner_sees_each_programme_run_in_cohorts_with_its_cohorts(
    client, world, leadership, care_certificate, spring, ended
):
    programme_enrol(learner=world["oak_worker"], programme=leadership, cohort=spring)
    client.force_login(world["commissioner"])
    response = client.get(reverse("cohort_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Leadership programme" in html
    assert "Care Certificate" not in html
    assert reverse("cohort_detail", args=[spring.pk]) in html
    assert "Autumn 2024" in html
    assert reverse("cohort_add", args=[leadership.pk]) in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1</td>' in html


@pytest.mark.parametrize(
    "who", ["oak_manager", "oak_worker", "oak_assessor", "editor", "recruiter", "bank_coordinator", "nobody"]
)
def test_only_commissioners_and_superusers_keep_cohorts(client, world, leadership, spring, who):
    assert not permissions.can_keep_cohorts(world[who])
    client.force_login(world[who])
    assert client.get(reverse("cohort_list")).status_code == 403
    assert client.get(reverse("cohort_add", args=[leadership.pk])).status_code == 403
    assert (
        client.post(
            reverse("cohort_add", args=[leadership.pk]), {"name": "X", "starts_on": "01/01/2030"}
        ).status_code
        == 403
    )
    assert client.get(reverse("cohort_detail", args=[spring.pk])).status_code == 403
    assert Cohort.objects.count() == 1


def test_the_cohort_pages_ask_people_to_sign_in(client, world, spring):
    for url in (reverse("cohort_list"), reverse("cohort_detail", args=[spring.pk])):
        assert reverse("account_login") in client.get(url)["Location"]


def test_a_commissioner_adds_a_cohort_with_a_graduation_event(
    client, world, leadership, graduation, make_event
):
    make_event("Team leaders workshop", kind=EventKind.WORKSHOP)
    client.force_login(world["commissioner"])
    url = reverse("cohort_add", args=[leadership.pk])
    form = client.get(url).content.decode()
    assert "Leadership graduation" in form
    assert "Team leaders workshop" not in form
    response = client.post(
        url,
        {
            "name": "Spring 2027",
            "starts_on": days(30).strftime("%d/%m/%Y"),
            "ends_on": days(300).strftime("%d/%m/%Y"),
            "graduation_event": graduation.pk,
        },
        follow=True,
    )
    cohort = Cohort.objects.get()
    assert response.redirect_chain[-1][0] == reverse("cohort_detail", args=[cohort.pk])
    assert (cohort.programme, cohort.graduation_event, cohort.ends_on) == (leadership, graduation, days(300))
    html = response.content.decode()
    assert "Spring 2027 is now a cohort of Leadership programme." in html
    assert "Nobody is in this cohort yet" in html


@pytest.mark.parametrize(
    "data, anchor, message",
    [
        ({}, "id_name", "Enter a name for the cohort"),
        ({"name": "Autumn"}, "id_starts_on", "Enter the date the cohort starts"),
        (
            {"name": "Autumn", "starts_on": "31/02/2027"},
            "id_starts_on",
            "Enter the start date as day/month/year",
        ),
        (
            {"name": "Autumn", "starts_on": "01/09/2027", "ends_on": "31/08/2027"},
            "id_ends_on",
            "The end date must be the same as or after the start date",
        ),
        (
            {"name": "SPRING 2027", "starts_on": "01/09/2027"},
            "id_name",
            "Leadership programme already has a cohort called SPRING 2027",
        ),
        (
            {"name": "Autumn", "starts_on": "01/09/2027", "graduation_event": "999999"},
            "id_graduation_event",
            "Choose a graduation event from the list",
        ),
        (
            {"name": "x" * 121, "starts_on": "01/09/2027"},
            "id_name",
            "Enter a name of 120 characters or fewer",
        ),
    ],
)
def test_a_bad_cohort_gets_an_error_summary_and_is_not_made(
    client, world, leadership, spring, data, anchor, message
):
    client.force_login(world["commissioner"])
    response = client.post(reverse("cohort_add", args=[leadership.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<a href="#{anchor}">{message}' in html
    assert Cohort.objects.count() == 1


def test_a_programme_not_run_in_cohorts_has_no_cohorts_to_add(client, world, care_certificate):
    client.force_login(world["superuser"])
    assert client.get(reverse("cohort_add", args=[care_certificate.pk])).status_code == 404
    assert client.get(reverse("cohort_add", args=[999999])).status_code == 404
    assert client.get(reverse("cohort_detail", args=[999999])).status_code == 404


def test_a_cohorts_members_are_listed_with_their_progress(
    client, world, leadership, leading, spring, graduation
):
    Cohort.objects.filter(pk=spring.pk).update(graduation_event=graduation)
    Membership.objects.filter(person=world["oak_assessor"]).update(pathway_category=MANAGER_ROLE)
    programme_enrol_staff(
        programme=leadership,
        cohort=spring,
        learners=[world["oak_worker"], world["oak_assessor"]],
        by=world["oak_manager"],
    )
    complete(world["oak_assessor"], leading["team"])
    programme_enrol_staff(
        programme=leadership, cohort=spring, learners=[world["elm_worker"]], by=world["elm_manager"]
    )
    complete(world["elm_worker"], leading["team"])
    client.force_login(world["superuser"])
    response = client.get(reverse("cohort_detail", args=[spring.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "3, of whom 1 completed the programme" in html
    assert "Leadership graduation" in html
    rows = html.split('<th scope="row" class="govuk-table__header">')[1:]
    assert [row.split("<")[0] for row in rows] == ["Pat Elmworker", "Pat Oakassessor", "Pat Oakworker"]
    assert "Elm Court" in rows[0] and "Completed" in rows[0] and "100% (1 of 1 course)" in rows[0]
    assert "Oak House" in rows[1] and "In progress" in rows[1] and "50% (1 of 2 courses)" in rows[1]
    assert "Not started" in rows[2] and "0% (0 of 1 course)" in rows[2]


def test_a_commissioner_sees_figures_but_not_names_unless_the_council_allows(
    client, world, leadership, spring, settings
):
    programme_enrol_staff(
        programme=leadership, cohort=spring, learners=[world["oak_worker"]], by=world["oak_manager"]
    )
    programme_enrol_staff(
        programme=leadership, cohort=spring, learners=[world["elm_worker"]], by=world["elm_manager"]
    )
    client.force_login(world["commissioner"])
    settings.ACADEMY_COMMISSIONERS_SEE_NAMED_RECORDS = False
    html = client.get(reverse("cohort_detail", args=[spring.pk])).content.decode()
    assert "2 members are not named here" in html
    assert "Oakworker" not in html and "Elmworker" not in html
    settings.ACADEMY_COMMISSIONERS_SEE_NAMED_RECORDS = True
    html = client.get(reverse("cohort_detail", args=[spring.pk])).content.decode()
    assert "Pat Oakworker" in html and "Pat Elmworker" in html
    assert "not named here" not in html


def test_withdrawn_members_are_left_out(client, world, leadership, spring):
    programme_enrol_staff(
        programme=leadership, cohort=spring, learners=[world["oak_worker"]], by=world["oak_manager"]
    )
    ProgrammeEnrolment.objects.update(status="withdrawn")
    client.force_login(world["superuser"])
    html = client.get(reverse("cohort_detail", args=[spring.pk])).content.decode()
    assert "Oakworker" not in html
    assert "Nobody is in this cohort yet" in html


def test_members_progress_is_what_programme_progress_says_for_each(
    world, leadership, leading, spring, make_course
):
    """The bulk reading agrees with the one-learner selector, prior learning and covering courses included."""
    from lms.models import PriorLearning, PriorLearningStatus

    covering = make_course("Leading a team, advanced", covers=[leading["team"]])
    Membership.objects.filter(person=world["oak_assessor"]).update(pathway_category=MANAGER_ROLE)
    learners = [world["oak_worker"], world["oak_assessor"], world["oak_bank_worker"], world["elm_worker"]]
    for learner in learners:
        programme_enrol(learner=learner, programme=leadership, cohort=spring)
    complete(world["oak_worker"], covering)
    complete(world["oak_assessor"], leading["quality"], expires_on=days(-1))  # expired: not held
    PriorLearning.objects.create(
        person=world["oak_bank_worker"],
        course=leading["team"],
        title="Leading teams elsewhere",
        provider_name="Another college",
        completed_on=days(-50),
        certificate="prior-learning/cert.pdf",
        status=PriorLearningStatus.ACCEPTED,
        submitted_by=world["oak_bank_worker"],
    )
    members = cohort_members(cohort=spring, viewer=world["superuser"])
    assert len(members.rows) == 4
    for row in members.rows:
        expected = programme_progress(programme=leadership, learner=row.person)
        got = row.progress
        assert (got.held, got.total, got.percent) == (expected.held, expected.total, expected.percent), (
            row.person
        )
        assert [(i.course, i.applies, i.held, i.enrolment) for i in got.items] == [
            (i.course, i.applies, i.held, i.enrolment) for i in expected.items
        ]


def _add_staff(organisation, n):
    from academy.models import JobRole

    role = JobRole.objects.get(ascwds_code=8)
    added = []
    for i in range(n):
        person = User.objects.create_user(
            email=f"extra{organisation.pk}-{i}@example.org",
            password="x",
            first_name="Extra",
            last_name=f"Staff{i:02}",
        )
        Membership.objects.create(
            person=person,
            organisation=organisation,
            job_role=role,
            pathway_category=PathwayCategory.CARE_OR_SUPPORT_WORKER,
            start_date=datetime.date(2024, 1, 8),
            accepted_at=datetime.datetime(2024, 1, 8, tzinfo=datetime.UTC),
        )
        added.append(person)
    return added


@pytest.mark.parametrize("url_name", ["cohort_list", "cohort_detail"])
def test_the_cohort_pages_cost_the_same_queries_for_few_or_many(
    client, world, leadership, leading, spring, make_programme, django_assert_max_num_queries, url_name
):
    programme_enrol_staff(
        programme=leadership, cohort=spring, learners=[world["oak_worker"]], by=world["oak_manager"]
    )
    complete(world["oak_worker"], leading["team"])  # someone holds a course, so every query is made
    url = reverse(url_name) if url_name == "cohort_list" else reverse("cohort_detail", args=[spring.pk])
    client.force_login(world["superuser"])
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    staff = _add_staff(world["oak"], 20) + _add_staff(world["elm"], 5)
    programme_enrol_staff(programme=leadership, cohort=spring, learners=staff[:20], by=world["oak_manager"])
    programme_enrol_staff(programme=leadership, cohort=spring, learners=staff[20:], by=world["elm_manager"])
    for person in staff[:10]:
        complete(person, leading["team"])
    for n in range(4):
        Cohort.objects.create(programme=leadership, name=f"Cohort {n}", starts_on=days(n))
    make_programme("Aspiring managers", [(leading["team"], [])], cohort_based=True, self_enrol=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    if url_name == "cohort_detail":
        assert "26, of whom 11 completed the programme" in response.content.decode()


def test_the_training_requirements_page_leads_to_the_cohorts(client, world):
    from django.urls import reverse

    client.force_login(world["commissioner"])
    page = client.get(reverse("default_requirements"))
    assert f'href="{reverse("cohort_list")}"' in page.text
