"""Enrolling: by the learner, by their manager (one or many), on programmes; what is refused and why."""

import pytest

from lms.models import Enrolment, EnrolmentStatus, ProgrammeEnrolment
from lms.services import enrolment as enrolment_service
from lms.services import progress
from lms.services.enrolment import EnrolmentError
from lrs.models import Statement


def statements(verb: str, person) -> list[dict]:
    return [
        s.data
        for s in Statement.objects.filter(verb_id=f"http://adlnet.gov/expapi/verbs/{verb}").order_by("seq")
        if s.data["actor"]["account"]["name"] == str(person.public_id)
    ]


def complete(enrolment):
    for unit in enrolment.course.units.all():
        progress.unit_met(enrolment=enrolment, unit=unit, how="viewed")
    enrolment.refresh_from_db()
    return enrolment


def test_a_learner_enrols_themselves_and_it_is_recorded_as_xapi(world, make_course):
    worker = world["oak_worker"]
    course = make_course("Fire safety")
    enrolment, created = enrolment_service.enrolment_create(learner=worker, course=course, by=worker)
    assert created and enrolment.status == EnrolmentStatus.ENROLLED and enrolment.enrolled_by == worker
    [registered] = statements("registered", worker)
    assert registered["object"]["id"].endswith(f"/xapi/activities/courses/{course.pk}")
    assert registered["context"]["registration"] == str(enrolment.registration)
    # The learner is named by their public id, never their email.
    assert "mbox" not in registered["actor"] and worker.email not in str(registered)


def test_enrolling_twice_gives_the_same_enrolment(world, make_course):
    worker = world["oak_worker"]
    course = make_course("Fire safety")
    first, _ = enrolment_service.enrolment_create(learner=worker, course=course, by=worker)
    second, created = enrolment_service.enrolment_create(learner=worker, course=course, by=worker)
    assert second == first and not created
    assert Enrolment.objects.count() == 1
    assert len(statements("registered", worker)) == 1


def test_a_manager_enrols_their_staff_but_never_another_providers(world, make_course):
    course = make_course("Fire safety")
    manager = world["oak_manager"]
    outcomes = enrolment_service.enrolments_create_for_staff(
        course=course, learners=[world["oak_worker"], world["oak_assessor"], world["elm_worker"]], by=manager
    )
    assert [(o.learner, o.created, o.message) for o in outcomes] == [
        (world["oak_worker"], True, "Enrolled"),
        (world["oak_assessor"], True, "Enrolled"),
        (world["elm_worker"], False, "You cannot enrol this person."),
    ]
    assert not Enrolment.objects.filter(learner=world["elm_worker"]).exists()
    again = enrolment_service.enrolments_create_for_staff(
        course=course, learners=[world["oak_worker"]], by=manager
    )
    assert again[0].message == "Already enrolled"


def test_workers_cannot_enrol_each_other(world, make_course):
    course = make_course("Fire safety")
    with pytest.raises(EnrolmentError, match="cannot enrol this person"):
        enrolment_service.enrolment_create(
            learner=world["oak_assessor"], course=course, by=world["oak_worker"]
        )


def test_invitation_only_courses_need_a_manager(world, make_course):
    course = make_course("Leading teams", self_enrol=False)
    with pytest.raises(EnrolmentError, match="by invitation"):
        enrolment_service.enrolment_create(learner=world["oak_worker"], course=course, by=world["oak_worker"])
    enrolment, _ = enrolment_service.enrolment_create(
        learner=world["oak_worker"], course=course, by=world["oak_manager"]
    )
    assert enrolment.enrolled_by == world["oak_manager"]


def test_prerequisites_must_be_held_first_and_a_covering_course_counts(world, make_course):
    worker = world["oak_worker"]
    part1 = make_course("Part 1")
    tier1 = make_course("Tier 1")
    tier2 = make_course("Tier 2", covers=[tier1])
    follow_on = make_course("After Tier 1", prerequisites=[tier1, part1])
    with pytest.raises(EnrolmentError, match="Complete Part 1, Tier 1 before enrolling"):
        enrolment_service.enrolment_create(learner=worker, course=follow_on, by=worker)
    complete(enrolment_service.enrolment_create(learner=worker, course=part1, by=worker)[0])
    complete(enrolment_service.enrolment_create(learner=worker, course=tier2, by=worker)[0])
    enrolment, created = enrolment_service.enrolment_create(learner=worker, course=follow_on, by=worker)
    assert created


def test_unpublished_courses_cannot_be_enrolled_on(world, make_course):
    course = make_course("Retired course")
    course.unpublish()
    with pytest.raises(EnrolmentError, match="not open for enrolment"):
        enrolment_service.enrolment_create(learner=world["oak_worker"], course=course, by=world["oak_worker"])


def test_withdrawing_keeps_the_record_and_allows_enrolling_again(world, make_course):
    worker = world["oak_worker"]
    course = make_course("Fire safety")
    enrolment, _ = enrolment_service.enrolment_create(learner=worker, course=course, by=worker)
    enrolment_service.enrolment_withdraw(enrolment=enrolment, by=worker)
    again, created = enrolment_service.enrolment_create(learner=worker, course=course, by=worker)
    assert created and again != enrolment
    assert Enrolment.objects.filter(learner=worker).count() == 2
    with pytest.raises(EnrolmentError):
        enrolment_service.enrolment_withdraw(enrolment=enrolment, by=worker)
    with pytest.raises(EnrolmentError):
        enrolment_service.enrolment_withdraw(enrolment=again, by=world["elm_manager"])


@pytest.fixture
def oliver_mcgowan(make_course, make_programme):
    part1 = make_course("Part 1")
    tier1 = make_course("Tier 1", prerequisites=[part1])
    tier2 = make_course("Tier 2", prerequisites=[part1], covers=[tier1])
    care = ["care_or_support_worker", "registered_manager"]
    programme = make_programme("Oliver McGowan", [(part1, []), (tier1, ["none", "unknown"]), (tier2, care)])
    return {"part1": part1, "tier1": tier1, "tier2": tier2, "programme": programme}


def test_a_programme_enrols_on_the_courses_for_the_learners_role(world, make_membership, oliver_mcgowan):
    worker = world["oak_worker"]  # a care or support worker (the fixture's default category)
    enrolment, created = enrolment_service.programme_enrol(
        learner=worker, programme=oliver_mcgowan["programme"], by=worker
    )
    assert created and enrolment.status == EnrolmentStatus.ENROLLED
    courses = set(Enrolment.objects.filter(learner=worker).values_list("course__title", flat=True))
    assert courses == {"Part 1", "Tier 2"}
    assert set(enrolment.course_enrolments.values_list("course__title", flat=True)) == {"Part 1", "Tier 2"}
    again, created = enrolment_service.programme_enrol(learner=worker, programme=oliver_mcgowan["programme"])
    assert again == enrolment and not created
    assert ProgrammeEnrolment.objects.count() == 1


def test_a_programme_skips_courses_already_held(world, oliver_mcgowan):
    worker = world["oak_worker"]
    complete(enrolment_service.enrolment_create(learner=worker, course=oliver_mcgowan["part1"], by=worker)[0])
    enrolment_service.programme_enrol(learner=worker, programme=oliver_mcgowan["programme"], by=worker)
    active = Enrolment.objects.active().filter(learner=worker)
    assert set(active.values_list("course__title", flat=True)) == {"Tier 2"}


def test_covering_carries_through_several_courses(world, make_course):
    from lms.selectors import held_course_ids

    worker = world["oak_worker"]
    basic = make_course("Basic awareness")
    tier1 = make_course("Tier 1", covers=[basic])
    tier2 = make_course("Tier 2", covers=[tier1])
    complete(enrolment_service.enrolment_create(learner=worker, course=tier2, by=worker)[0])
    assert held_course_ids(learner=worker) == {tier2.pk, tier1.pk, basic.pk}
