"""lms/compliance.py: requirements resolved from defaults and provider overrides, and each person's status."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from academy.models import ContractType, JobRole, Membership, PathwayCategory
from lms import compliance
from lms.compliance import ComplianceStatus as S
from lms.models import EnrolmentStatus, PriorLearningStatus
from lms.services.enrolment import enrolment_create, enrolment_withdraw
from tests.lms.team_support import complete, courses_fixture, days, prior_learning, require  # noqa: F401

CARE_WORKER = PathwayCategory.CARE_OR_SUPPORT_WORKER


def status_of(person, course, organisation=None):
    memberships = compliance.workforce_memberships().filter(person=person)
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    found = [r for r in compliance.requirement_statuses(memberships=memberships) if r.course_id == course.pk]
    assert len(found) <= 1
    return found[0] if found else None


def team_cells(organisation):
    matrix = compliance.team_matrix(memberships=compliance.team_memberships(organisation=organisation))
    return {(row.person.email, cell.course.title): cell.status for row in matrix.rows for cell in row.cells}


# --- The status enum --------------------------------------------------------------------------------


def test_every_status_has_a_label_and_its_own_tag_colour():
    colours = [status.tag_colour for status in S]
    assert len(set(colours)) == len(colours) == 6
    assert S.EXPIRED.tag_class == "govuk-tag govuk-tag--red"
    assert [status.label for status in S] == [
        "Current",
        "Expires within 30 days",
        "Expires within 60 days",
        "Expires within 90 days",
        "Expired",
        "Missing",
    ]
    assert [status for status in S if status.is_held] == [
        S.CURRENT,
        S.EXPIRING_30,
        S.EXPIRING_60,
        S.EXPIRING_90,
    ]


# --- Expiry ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expires_in", "expected"),
    [
        (None, S.CURRENT),  # never expires
        (400, S.CURRENT),
        (91, S.CURRENT),
        (90, S.EXPIRING_90),
        (61, S.EXPIRING_90),
        (60, S.EXPIRING_60),
        (31, S.EXPIRING_60),
        (30, S.EXPIRING_30),
        (1, S.EXPIRING_30),
        (0, S.EXPIRING_30),  # the expiry day itself: still held today
        (-1, S.EXPIRED),  # the day after
        (-400, S.EXPIRED),
    ],
)
def test_status_follows_the_expiry_date(world, courses, expires_in, expected):
    worker = world["oak_worker"]
    require(courses["fire"], category=CARE_WORKER)
    complete(worker, courses["fire"], expires_on=None if expires_in is None else days(expires_in))
    found = status_of(worker, courses["fire"])
    assert found.status == expected
    assert found.status.is_held == (expires_in is None or expires_in >= 0)
    assert found.expires_on == (None if expires_in is None else days(expires_in))


def test_expiry_is_judged_on_the_day_asked(world, courses):
    worker = world["oak_worker"]
    require(courses["fire"], category=CARE_WORKER)
    complete(worker, courses["fire"], expires_on=days(10))
    memberships = compliance.workforce_memberships().filter(person=worker)
    on_day = compliance.requirement_statuses(memberships=memberships, on=days(10))
    day_after = compliance.requirement_statuses(memberships=memberships, on=days(11))
    assert on_day[0].status == S.EXPIRING_30
    assert day_after[0].status == S.EXPIRED


def test_completing_through_the_services_sets_an_expiry_from_the_refresher(world, courses):
    worker = world["oak_worker"]
    require(courses["fire"], category=CARE_WORKER)
    enrolment = complete(worker, courses["fire"])
    assert enrolment.expires_on is not None
    assert status_of(worker, courses["fire"]).status == S.CURRENT


def test_nothing_held_is_missing(world, courses):
    require(courses["fire"], category=CARE_WORKER)
    found = status_of(world["oak_worker"], courses["fire"])
    assert (found.status, found.held, found.expires_on) == (S.MISSING, False, None)


def test_the_latest_of_several_completions_counts(world, courses):
    worker = world["oak_worker"]
    require(courses["fire"], category=CARE_WORKER)
    complete(worker, courses["fire"], expires_on=days(-300))
    complete(worker, courses["fire"], expires_on=days(200))
    assert status_of(worker, courses["fire"]).status == S.CURRENT


# --- What counts as evidence ---------------------------------------------------------------------------


def test_tier_2_covers_tier_1(world, courses):
    worker = world["oak_worker"]
    require(courses["tier1"], category=CARE_WORKER)
    require(courses["tier2"], job_role=JobRole.objects.get(ascwds_code=8))
    complete(worker, courses["tier2"], expires_on=days(45))
    assert status_of(worker, courses["tier1"]).status == S.EXPIRING_60
    assert status_of(worker, courses["tier2"]).status == S.EXPIRING_60


def test_tier_1_does_not_cover_tier_2(world, courses):
    worker = world["oak_worker"]
    require(courses["tier2"], category=CARE_WORKER)
    complete(worker, courses["tier1"], expires_on=days(400))
    assert status_of(worker, courses["tier2"]).status == S.MISSING


def test_covering_carries_through(world, make_course, courses):
    worker = world["oak_worker"]
    tier3 = make_course("Oliver McGowan train the trainer", covers=[courses["tier2"]])
    require(courses["tier1"], category=CARE_WORKER)
    complete(worker, tier3, expires_on=None)
    assert status_of(worker, courses["tier1"]).status == S.CURRENT


def test_the_better_of_own_completion_and_a_covering_course_counts(world, courses):
    worker = world["oak_worker"]
    require(courses["tier1"], category=CARE_WORKER)
    complete(worker, courses["tier1"], expires_on=days(-5))
    complete(worker, courses["tier2"], expires_on=days(500))
    assert status_of(worker, courses["tier1"]).status == S.CURRENT


@pytest.mark.parametrize(
    ("status", "expires_in", "expected"),
    [
        (PriorLearningStatus.ACCEPTED, None, S.CURRENT),
        (PriorLearningStatus.ACCEPTED, 20, S.EXPIRING_30),
        (PriorLearningStatus.ACCEPTED, 0, S.EXPIRING_30),
        (PriorLearningStatus.ACCEPTED, -1, S.EXPIRED),
        (PriorLearningStatus.PENDING, 400, S.MISSING),
        (PriorLearningStatus.REJECTED, 400, S.MISSING),
    ],
)
def test_accepted_prior_learning_counts_like_a_completion_with_its_own_expiry(
    world, courses, status, expires_in, expected
):
    worker = world["oak_worker"]
    require(courses["safeguarding"], category=CARE_WORKER)
    prior_learning(
        worker,
        courses["safeguarding"],
        expires_on=None if expires_in is None else days(expires_in),
        status=status,
    )
    assert status_of(worker, courses["safeguarding"]).status == expected


def test_accepted_prior_learning_of_tier_2_covers_tier_1(world, courses):
    worker = world["oak_worker"]
    require(courses["tier1"], category=CARE_WORKER)
    prior_learning(worker, courses["tier2"], expires_on=days(100))
    assert status_of(worker, courses["tier1"]).status == S.CURRENT


@pytest.mark.parametrize("state", ["withdrawn", "enrolled", "in_progress"])
def test_an_enrolment_not_completed_does_not_count(world, courses, state):
    worker = world["oak_worker"]
    course = make = courses["moving"]
    require(course, category=CARE_WORKER)
    enrolment, _ = enrolment_create(learner=worker, course=make)
    if state == "withdrawn":
        enrolment_withdraw(enrolment=enrolment, by=worker)
    elif state == "in_progress":
        enrolment.status = EnrolmentStatus.IN_PROGRESS
        enrolment.save()
    # Even with an expiry date somehow left on it.
    type(enrolment).objects.filter(pk=enrolment.pk).update(expires_on=days(300))
    assert status_of(worker, course).status == S.MISSING


# --- Which requirements apply ------------------------------------------------------------------------


def test_job_role_and_pathway_category_requirements_both_apply(world, courses, job_role):
    worker = world["oak_worker"]
    require(courses["fire"], job_role=job_role)
    require(courses["moving"], category=CARE_WORKER)
    require(courses["safeguarding"], category=PathwayCategory.REGISTERED_MANAGER)  # not theirs
    complete(worker, courses["fire"], expires_on=days(200))
    found = {
        r.course_id: r.status
        for r in compliance.requirement_statuses(
            memberships=compliance.workforce_memberships().filter(person=worker)
        )
    }
    assert found == {courses["fire"].pk: S.CURRENT, courses["moving"].pk: S.MISSING}


def test_a_course_required_by_role_and_by_category_is_one_requirement(world, courses, job_role):
    require(courses["fire"], job_role=job_role)
    require(courses["fire"], category=CARE_WORKER)
    rows = compliance.requirement_statuses(
        memberships=compliance.workforce_memberships().filter(person=world["oak_worker"])
    )
    assert [r.course_id for r in rows] == [courses["fire"].pk]


def test_a_provider_lifting_a_default_removes_it_for_their_staff_only(world, courses, job_role):
    require(courses["fire"], job_role=job_role)
    require(courses["fire"], job_role=job_role, organisation=world["oak"], required=False)
    assert status_of(world["oak_worker"], courses["fire"]) is None
    assert status_of(world["elm_worker"], courses["fire"]).status == S.MISSING


def test_lifting_one_route_leaves_the_other(world, courses, job_role):
    """Oak lifts the job-role default, but the pathway category's default still requires the course."""
    require(courses["fire"], job_role=job_role)
    require(courses["fire"], category=CARE_WORKER)
    require(courses["fire"], job_role=job_role, organisation=world["oak"], required=False)
    assert status_of(world["oak_worker"], courses["fire"]).status == S.MISSING


def test_a_provider_adding_a_requirement_applies_to_their_staff_only(world, courses):
    require(courses["moving"], category=CARE_WORKER, organisation=world["elm"])
    assert status_of(world["elm_worker"], courses["moving"]).status == S.MISSING
    assert status_of(world["oak_worker"], courses["moving"]) is None


def test_a_provider_cannot_lift_another_providers_addition(world, courses):
    require(courses["moving"], category=CARE_WORKER, organisation=world["elm"])
    require(courses["moving"], category=CARE_WORKER, organisation=world["oak"], required=False)
    assert status_of(world["elm_worker"], courses["moving"]).status == S.MISSING


def test_a_default_marked_not_required_requires_nothing(world, courses):
    require(courses["fire"], category=CARE_WORKER, required=False)
    assert status_of(world["oak_worker"], courses["fire"]) is None


def test_someone_working_at_two_providers_is_judged_by_each(world, courses, job_role):
    worker = world["oak_worker"]
    Membership.objects.create(
        person=worker,
        organisation=world["elm"],
        job_role=job_role,
        pathway_category=CARE_WORKER,
        contract_type=ContractType.BANK,
        start_date=datetime.date(2025, 1, 1),
        accepted_at=world["oak"].created_at,
    )
    require(courses["moving"], category=CARE_WORKER, organisation=world["elm"])
    assert status_of(worker, courses["moving"], world["oak"]) is None
    assert status_of(worker, courses["moving"], world["elm"]).status == S.MISSING


# --- Who is in a team -----------------------------------------------------------------------------


def test_the_team_matrix_leaves_out_leavers_and_people_not_yet_joined(world, courses):
    require(courses["fire"], category=CARE_WORKER)
    elm = {email for email, _ in team_cells(world["elm"])}
    assert elm == {"manager@elm.example.org", "worker@elm.example.org"}
    counts = compliance.compliance_counts(memberships=compliance.team_memberships(organisation=world["elm"]))
    assert counts[courses["fire"].pk][S.MISSING] == 2


def test_assessors_who_are_not_workers_have_no_row(world, courses):
    require(courses["fire"], category=CARE_WORKER)
    Membership.objects.filter(person=world["oak_assessor"]).update(is_worker=False)
    oak = {email for email, _ in team_cells(world["oak"])}
    assert "assessor@oak.example.org" not in oak
    assert "worker@oak.example.org" in oak


def test_the_matrix_has_a_column_per_course_required_of_anyone_and_says_not_required(
    world, courses, job_role
):
    manager_role = JobRole.objects.get(ascwds_code=4)
    Membership.objects.filter(person=world["oak_manager"]).update(job_role=manager_role)
    require(courses["fire"], job_role=job_role)
    require(courses["safeguarding"], job_role=manager_role)
    cells = team_cells(world["oak"])
    assert cells[("worker@oak.example.org", "Fire safety")] == S.MISSING
    assert cells[("worker@oak.example.org", "Safeguarding adults")] is None
    assert cells[("manager@oak.example.org", "Safeguarding adults")] == S.MISSING
    assert cells[("manager@oak.example.org", "Fire safety")] is None


def test_the_matrix_can_keep_only_people_with_a_status(world, courses):
    require(courses["fire"], category=CARE_WORKER)
    complete(world["oak_worker"], courses["fire"], expires_on=days(-3))
    complete(world["oak_manager"], courses["fire"], expires_on=days(300))
    matrix = compliance.team_matrix(
        memberships=compliance.team_memberships(organisation=world["oak"]), statuses=[S.EXPIRED]
    )
    assert [row.person.email for row in matrix.rows] == ["worker@oak.example.org"]
    assert matrix.counts == {S.EXPIRED: 1}


# --- Counting by the database, for a locality ------------------------------------------------------------


def test_locality_counts_agree_with_every_team_matrix(world, courses, job_role):
    require(courses["fire"], category=CARE_WORKER)
    require(courses["tier1"], job_role=job_role)
    require(courses["fire"], category=CARE_WORKER, organisation=world["elm"], required=False)
    complete(world["oak_worker"], courses["fire"], expires_on=days(5))
    complete(world["oak_manager"], courses["fire"], expires_on=days(-5))
    complete(world["elm_worker"], courses["tier2"], expires_on=days(75))
    prior_learning(world["oak_bank_worker"], courses["tier1"], expires_on=None)
    expected: dict = {}
    for organisation in (world["oak"], world["elm"]):
        for (_, title), status in team_cells(organisation).items():
            if status is not None:
                key = (organisation.pk, title)
                expected.setdefault(key, {}).setdefault(status, 0)
                expected[key][status] += 1
    titles = {course.pk: course.title for course in courses.values()}
    by_organisation = compliance.compliance_counts(by_organisation=True)
    assert {
        (org, titles[course]): dict(counter) for (org, course), counter in by_organisation.items()
    } == expected
    overall = compliance.compliance_counts()
    assert dict(overall[courses["fire"].pk]) == {S.EXPIRING_30: 1, S.EXPIRED: 1, S.MISSING: 2}
    assert dict(overall[courses["tier1"].pk]) == {S.CURRENT: 1, S.EXPIRING_90: 1, S.MISSING: 4}


def test_counts_are_empty_when_nothing_is_required(world):
    assert compliance.compliance_counts() == {}
    assert (
        compliance.team_matrix(memberships=compliance.team_memberships(organisation=world["oak"])).courses
        == []
    )


# --- A fixed number of queries ------------------------------------------------------------------------------


def _add_staff(organisation, job_role, n, held):
    from academy.models import User

    for i in range(n):
        person = User.objects.create_user(
            email=f"extra{organisation.pk}-{i}@example.org", last_name=f"Extra{i}"
        )
        Membership.objects.create(
            person=person,
            organisation=organisation,
            job_role=job_role,
            pathway_category=CARE_WORKER,
            contract_type=ContractType.PERMANENT,
            start_date=datetime.date(2025, 1, 1),
            accepted_at=organisation.created_at,
        )
        complete(person, held["tier2"], expires_on=days(i * 7 - 30))
        prior_learning(person, held["fire"], expires_on=days(40))


def test_the_team_matrix_costs_the_same_queries_for_3_or_23_people(world, courses, job_role):
    require(courses["fire"], category=CARE_WORKER)
    require(courses["tier1"], job_role=job_role)
    require(courses["moving"], category=CARE_WORKER, organisation=world["oak"])
    memberships = compliance.team_memberships(organisation=world["oak"])
    with CaptureQueriesContext(connection) as small:
        few = compliance.team_matrix(memberships=memberships)
        [cell.status for row in few.rows for cell in row.cells]
    _add_staff(world["oak"], job_role, 20, courses)
    with CaptureQueriesContext(connection) as large:
        many = compliance.team_matrix(memberships=memberships)
        [(row.membership.job_role.name, row.person.display_name) for row in many.rows]
    assert len(many.rows) == len(few.rows) + 20
    assert len(large.captured_queries) == len(small.captured_queries) <= 5


def test_a_locality_is_counted_in_two_queries(world, courses, job_role):
    require(courses["fire"], category=CARE_WORKER)
    require(courses["tier1"], job_role=job_role)
    _add_staff(world["elm"], job_role, 10, courses)
    with CaptureQueriesContext(connection) as queries:
        counts = compliance.compliance_counts()
    assert len(queries.captured_queries) == 2
    assert sum(counts[courses["tier1"].pk].values()) == 16


def test_a_persons_record_costs_the_same_queries_however_long(world, courses, job_role):
    require(courses["fire"], category=CARE_WORKER)
    worker = world["oak_worker"]
    memberships = compliance.workforce_memberships().filter(organisation=world["oak"])
    with CaptureQueriesContext(connection) as small:
        compliance.person_record(person=worker, memberships=memberships)
    for course in courses.values():
        complete(worker, course, expires_on=days(100))
        prior_learning(worker, course)
    with CaptureQueriesContext(connection) as large:
        record = compliance.person_record(person=worker, memberships=memberships)
        [(e.course.title, e.enrolled_by) for e in record.enrolments]
        [(p.course.title, p.decided_by) for p in record.prior_learning]
    assert len(record.enrolments) == 5 and len(record.prior_learning) == 5
    assert len(large.captured_queries) == len(small.captured_queries)


# --- Requirement settings as a provider sees them ------------------------------------------------


def test_a_provider_sees_defaults_lifted_defaults_and_its_own(world, courses, job_role):
    require(courses["fire"], job_role=job_role)
    require(courses["safeguarding"], category=CARE_WORKER)
    require(courses["safeguarding"], category=CARE_WORKER, organisation=world["oak"], required=False)
    require(courses["moving"], job_role=job_role, organisation=world["oak"])
    require(courses["tier1"], job_role=job_role, organisation=world["elm"])  # another provider's
    found = {
        (item.course.title, item.who): item.source
        for item in compliance.provider_requirements(organisation=world["oak"])
    }
    assert found == {
        ("Fire safety", "Care worker"): "default",
        ("Safeguarding adults", "Care or support worker (pathway category)"): "lifted",
        ("Moving and handling people", "Care worker"): "own",
    }


# --- The demonstration data -----------------------------------------------------------------------------


def test_the_demo_adds_missing_defaults_and_one_override_and_nothing_twice(
    world, make_course, make_organisation
):
    from lms.demo_compliance import load_compliance_demo

    fire = make_course("Fire safety", slug="fire-safety", refresher_months=12)
    make_course("Food hygiene", slug="food-hygiene", refresher_months=36)
    make_course("Dementia awareness", slug="dementia-awareness")
    make_course("Safeguarding adults", slug="safeguarding-adults")
    require(fire, category=CARE_WORKER)  # the content loader's own default: left as it is
    home_first = make_organisation("Home First Care")
    # Safeguarding for the 7 pathway categories, dementia by job role, food hygiene's default to lift.
    assert load_compliance_demo() == {"defaults": 9, "overrides": 1}
    assert load_compliance_demo() == {"defaults": 0, "overrides": 0}
    sources = {
        (item.course.slug, item.source) for item in compliance.provider_requirements(organisation=home_first)
    }
    assert ("food-hygiene", "lifted") in sources
    assert ("dementia-awareness", "default") in sources
    assert ("fire-safety", "default") in sources
    assert ("safeguarding-adults", "default") in sources
