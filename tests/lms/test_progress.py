"""Progress: units met, knowledge checks marked on the server, courses and programmes completed, expiry."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from lms import completion
from lms.models import EnrolmentStatus, KnowledgeCheckAttempt, UnitKind, UnitStatus
from lms.services import enrolment as enrolment_service
from lms.services import progress
from lms.services.progress import ProgressError
from lrs.models import Statement
from tests.lms.conftest import unit_for


@pytest.fixture
def worker(world):
    return world["oak_worker"]


def enrol(worker, course):
    return enrolment_service.enrolment_create(learner=worker, course=course, by=worker)[0]


def unit(course, kind):
    return course.units.get(kind=kind)


def answers_for(unit_obj, *, right=True):
    chosen = {}
    for block in unit_obj.questions:
        indexes = [i for i, a in enumerate(block.value["answers"]) if a["correct"] == right]
        chosen[block.id] = indexes[:1]
    return chosen


def test_a_course_completes_when_every_unit_is_met_and_expires_after_its_refresher(worker, make_course):
    course = make_course("Fire safety", units=["content", "content"], refresher_months=12)
    enrolment = enrol(worker, course)
    first, second = course.units.order_by("sort_order")
    progress.content_viewed(enrolment=enrolment, unit=first)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.IN_PROGRESS and enrolment.started_at
    progress.content_viewed(enrolment=enrolment, unit=second)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert enrolment.expires_on == timezone.localdate(enrolment.completed_at) + relativedelta(months=12)
    verbs = list(Statement.objects.order_by("seq").values_list("verb_id", flat=True))
    # The certificate's `earned` follows the course's completion.
    assert [v.rsplit("/", 1)[1] for v in verbs] == [
        "registered",
        "completed",
        "completed",
        "completed",
        "earned",
    ]
    course_done = Statement.objects.filter(verb_id__endswith="/completed").order_by("-seq").first().data
    assert course_done["object"]["id"].endswith(f"courses/{course.pk}")
    assert course_done["result"] == {"success": True, "completion": True}


def test_expiry_from_the_end_of_a_month_lands_on_the_last_day(make_course):
    course = make_course("Medication", refresher_months=1)
    assert progress.expiry_for(course=course, completed_on=datetime.date(2027, 1, 31)) == datetime.date(
        2027, 2, 28
    )
    never = make_course("Strengths-based practice", refresher_months=None)
    assert progress.expiry_for(course=never, completed_on=datetime.date(2027, 1, 31)) is None


def test_meeting_a_unit_twice_changes_nothing(worker, make_course):
    course = make_course("Fire safety", units=["content", "content"])
    enrolment = enrol(worker, course)
    first = course.units.order_by("sort_order").first()
    progress.content_viewed(enrolment=enrolment, unit=first)
    before = Statement.objects.count()
    progress.content_viewed(enrolment=enrolment, unit=first)
    assert Statement.objects.count() == before
    assert enrolment.unit_progress.get().status == UnitStatus.COMPLETED


def test_units_of_another_course_or_of_finished_training_are_refused(worker, make_course):
    course = make_course("Fire safety", units=["content", "content"])
    other = make_course("Food hygiene")
    enrolment = enrol(worker, course)
    with pytest.raises(ProgressError, match="another course"):
        progress.content_viewed(enrolment=enrolment, unit=other.units.get())
    enrolment_service.enrolment_withdraw(enrolment=enrolment, by=worker)
    with pytest.raises(ProgressError, match="not in progress"):
        progress.content_viewed(enrolment=enrolment, unit=course.units.first())


def test_a_content_step_cannot_stand_in_for_a_knowledge_check(worker, make_course):
    course = make_course("Safeguarding", units=["knowledge_check"])
    enrolment = enrol(worker, course)
    with pytest.raises(ProgressError, match="completed another way"):
        progress.content_viewed(enrolment=enrolment, unit=unit(course, UnitKind.KNOWLEDGE_CHECK))


def test_a_knowledge_check_is_marked_on_the_server(worker, make_course):
    course = make_course("Safeguarding", units=["knowledge_check", "content"])
    enrolment = enrol(worker, course)
    check = unit(course, UnitKind.KNOWLEDGE_CHECK)
    failed = progress.knowledge_check_submit(
        enrolment=enrolment, unit=check, answers=answers_for(check, right=False)
    )
    assert (failed.correct, failed.questions, failed.score_percent, failed.passed) == (0, 2, 0, False)
    passed = progress.knowledge_check_submit(enrolment=enrolment, unit=check, answers=answers_for(check))
    assert (passed.score_percent, passed.passed) == (100, True)
    assert enrolment.unit_progress.get(unit_key=check.key).how == "passed"
    scored = Statement.objects.filter(verb_id__endswith="/passed").get().data
    assert scored["result"]["score"] == {"scaled": 1.0, "raw": 2, "min": 0, "max": 2}
    assert Statement.objects.filter(verb_id__endswith="/failed").count() == 1
    with pytest.raises(ProgressError, match="already passed"):
        progress.knowledge_check_submit(enrolment=enrolment, unit=check, answers=answers_for(check))
    progress.content_viewed(enrolment=enrolment, unit=unit(course, UnitKind.CONTENT))
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    with pytest.raises(ProgressError, match="not in progress"):
        progress.knowledge_check_submit(enrolment=enrolment, unit=check, answers=answers_for(check))


def test_a_knowledge_check_needs_every_question_answered(worker, make_course):
    course = make_course("Safeguarding", units=["knowledge_check"])
    enrolment = enrol(worker, course)
    check = unit(course, UnitKind.KNOWLEDGE_CHECK)
    answers = answers_for(check)
    answers.popitem()
    with pytest.raises(ProgressError, match="Answer every question"):
        progress.knowledge_check_submit(enrolment=enrolment, unit=check, answers=answers)
    assert not KnowledgeCheckAttempt.objects.exists()


def test_answers_that_do_not_exist_are_ignored_not_counted(worker, make_course):
    course = make_course("Safeguarding", units=["knowledge_check"])
    enrolment = enrol(worker, course)
    check = unit(course, UnitKind.KNOWLEDGE_CHECK)
    answers = {qid: [*chosen, 99, -1] for qid, chosen in answers_for(check).items()}
    attempt = progress.knowledge_check_submit(enrolment=enrolment, unit=check, answers=answers)
    assert attempt.passed and all(-1 not in v and 99 not in v for v in attempt.answers.values())


def test_ticking_every_answer_does_not_pass_a_single_answer_question(worker, make_course):
    course = make_course("Safeguarding", units=["knowledge_check"])
    enrolment = enrol(worker, course)
    check = unit(course, UnitKind.KNOWLEDGE_CHECK)
    everything = {block.id: list(range(len(block.value["answers"]))) for block in check.questions}
    assert not progress.knowledge_check_submit(enrolment=enrolment, unit=check, answers=everything).passed


def test_attempts_run_out(worker, make_course):
    check_unit = unit_for(UnitKind.KNOWLEDGE_CHECK, attempts_allowed=2)
    course = make_course("Safeguarding", units=[check_unit])
    enrolment = enrol(worker, course)
    check = course.units.get()
    for _ in range(2):
        progress.knowledge_check_submit(
            enrolment=enrolment, unit=check, answers=answers_for(check, right=False)
        )
    with pytest.raises(ProgressError, match="used every attempt"):
        progress.knowledge_check_submit(enrolment=enrolment, unit=check, answers=answers_for(check))
    assert KnowledgeCheckAttempt.objects.count() == 2


def test_a_pass_mark_below_full_marks(worker, make_course):
    check_unit = unit_for(UnitKind.KNOWLEDGE_CHECK, pass_mark_percent=50)
    course = make_course("Safeguarding", units=[check_unit])
    enrolment = enrol(worker, course)
    check = course.units.get()
    answers = answers_for(check)
    first = next(iter(answers))
    answers[first] = answers_for(check, right=False)[first]
    attempt = progress.knowledge_check_submit(enrolment=enrolment, unit=check, answers=answers)
    assert (attempt.score_percent, attempt.passed) == (50, True)


def test_undoing_a_unit_reopens_a_completed_course(worker, make_course):
    course = make_course("Moving people", units=["content"], refresher_months=12)
    enrolment = enrol(worker, course)
    only = course.units.get()
    progress.content_viewed(enrolment=enrolment, unit=only)
    progress.unit_unmet(enrolment=enrolment, unit_key=only.key, reason="sign-off withdrawn")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.IN_PROGRESS
    assert enrolment.completed_at is None and enrolment.expires_on is None
    assert enrolment.unit_progress.get().status == UnitStatus.IN_PROGRESS
    # The step's and the course's completions are voided in the learning records, and kept; so is
    # the certificate's `earned`, as the certificate is revoked with the completion.
    voided = Statement.objects.filter(voided=True).order_by("seq")
    certificate = enrolment.certificates.get()
    assert [s.data["object"]["id"] for s in voided] == [
        f"http://testserver/xapi/activities/courses/{course.pk}/units/{only.key}",
        f"http://testserver/xapi/activities/courses/{course.pk}",
        f"http://testserver/xapi/activities/certificates/{certificate.uuid}",
    ]
    assert certificate.revoked_at is not None
    assert Statement.objects.filter(verb_id__endswith="/voided").count() == 3


def test_completions_are_announced_to_other_apps(worker, make_course):
    heard = []
    completion.register(heard.append)
    try:
        course = make_course("Fire safety")
        enrolment = enrol(worker, course)
        progress.content_viewed(enrolment=enrolment, unit=course.units.get())
    finally:
        completion.unregister(heard.append)
    assert [(e.learner, e.enrolment_id) for e in heard] == [(worker, enrolment.pk)]


@pytest.fixture
def oliver_mcgowan(make_course, make_programme):
    part1 = make_course("Part 1")
    tier1 = make_course("Tier 1")
    tier2 = make_course("Tier 2", covers=[tier1])
    programme = make_programme(
        "Oliver McGowan", [(part1, []), (tier1, ["none", "unknown"]), (tier2, ["care_or_support_worker"])]
    )
    return {"part1": part1, "tier1": tier1, "tier2": tier2, "programme": programme}


def finish(worker, course):
    enrolment = enrolment_service.enrolment_create(learner=worker, course=course, by=None)[0]
    for each in course.units.all():
        progress.unit_met(enrolment=enrolment, unit=each, how="viewed")


def test_a_programme_completes_when_the_courses_for_the_role_are_held(worker, oliver_mcgowan):
    heard = []
    completion.register(heard.append)
    try:
        enrolment, _ = enrolment_service.programme_enrol(
            learner=worker, programme=oliver_mcgowan["programme"]
        )
        finish(worker, oliver_mcgowan["part1"])
        enrolment.refresh_from_db()
        assert enrolment.status == EnrolmentStatus.IN_PROGRESS
        finish(worker, oliver_mcgowan["tier2"])
        enrolment.refresh_from_db()
        assert enrolment.status == EnrolmentStatus.COMPLETED  # Tier 1 was not needed for a care worker
    finally:
        completion.unregister(heard.append)
    assert heard[-1].programme_enrolment_id == enrolment.pk
    assert (
        Statement.objects.filter(object_key__endswith=f"programmes/{oliver_mcgowan['programme'].pk}").count()
        == 2
    )


def test_tier_2_covers_tier_1_for_people_who_need_tier_1(
    world, make_membership, oliver_mcgowan, make_person, job_role
):
    from academy.models import PathwayCategory

    receptionist = make_person("reception@oak.example.org")
    make_membership(receptionist, world["oak"], pathway_category=PathwayCategory.NONE)
    enrolment, _ = enrolment_service.programme_enrol(
        learner=receptionist, programme=oliver_mcgowan["programme"]
    )
    assert set(enrolment.course_enrolments.values_list("course__title", flat=True)) == {"Part 1", "Tier 1"}
    finish(receptionist, oliver_mcgowan["part1"])
    finish(receptionist, oliver_mcgowan["tier2"])  # they went to the full day instead
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
