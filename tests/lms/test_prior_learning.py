"""Prior learning (lms/services/assessment.py): sent by a learner or their manager with a checked
certificate; accepted as a course (counting until it expires, and completing a course in progress) or
rejected with a reason; who may do which; the audit trail."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from wagtail.models import ModelLogEntry

from lms.models import EnrolmentStatus, PriorLearning, PriorLearningStatus, UnitProgress, UnitStatus
from lms.selectors import held_course_ids
from lms.services.assessment import (
    AssessmentError,
    prior_learning_accept,
    prior_learning_reject,
    prior_learning_submit,
)
from tests.lms import assessment_support as support
from tests.lms.assessment_support import BAD_FILES, GOOD_FILES, enrol, stored_files, upload

private_root = support.private_root
pytestmark = pytest.mark.usefixtures("private_root")

TODAY = timezone.localdate
COMPLETED = datetime.date(2025, 6, 3)


@pytest.fixture
def part_1(make_course):
    """External e-learning whose completion arrives as a certificate, current for three years."""
    return make_course(
        "Oliver McGowan Mandatory Training: Part 1 e-learning",
        units=["content", "external"],
        refresher_months=36,
    )


def _submit(person, *, by=None, **fields):
    values = {
        "person": person,
        "by": by or person,
        "title": "Oliver McGowan Part 1",
        "provider_name": "NHS England e-learning for healthcare",
        "completed_on": COMPLETED,
        "certificate": upload(),
    }
    values.update(fields)
    return prior_learning_submit(**values)


# --- Sending ------------------------------------------------------------------------------


def test_a_learner_sends_training_done_elsewhere(world, private_root):
    claim = _submit(world["oak_worker"])
    assert claim.status == PriorLearningStatus.PENDING
    assert claim.submitted_by == world["oak_worker"]
    (kept,) = stored_files(private_root)
    assert kept.read_bytes() == support.PDF and "certificate" not in kept.name
    (entry,) = ModelLogEntry.objects.for_instance(claim)
    assert entry.action == "lms.prior_learning.submitted" and entry.user == world["oak_worker"]


def test_a_manager_sends_it_for_their_staff(world):
    claim = _submit(world["oak_worker"], by=world["oak_manager"])
    assert claim.person == world["oak_worker"] and claim.submitted_by == world["oak_manager"]


@pytest.mark.parametrize("by", ["elm_manager", "oak_assessor", "oak_bank_worker", "commissioner"])
def test_nobody_else_sends_it(world, by):
    with pytest.raises(AssessmentError, match="cannot add training"):
        _submit(world["oak_worker"], by=world[by])
    assert not PriorLearning.objects.exists()


@pytest.mark.parametrize(("name", "content"), GOOD_FILES)
def test_pdf_png_and_jpeg_certificates_are_accepted(world, name, content):
    assert _submit(world["oak_worker"], certificate=upload(name, content)).certificate


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_a_bad_certificate_is_refused_and_nothing_is_kept(world, private_root, name, content, message):
    with pytest.raises(AssessmentError, match=message) as refused:
        _submit(world["oak_worker"], certificate=upload(name, content))
    assert refused.value.field == "certificate"
    assert not PriorLearning.objects.exists()
    assert stored_files(private_root) == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"provider_name": ""}, "provider_name"),
        ({"completed_on": None}, "completed_on"),
        ({"completed_on": datetime.date(2999, 1, 1)}, "completed_on"),
        ({"completed_on": datetime.date(1020, 1, 1)}, "completed_on"),
        ({"certificate": None}, "certificate"),
    ],
    ids=["no-title", "long-title", "no-provider", "no-date", "future", "typo-year", "no-certificate"],
)
def test_bad_details_are_refused(world, fields, field):
    with pytest.raises(AssessmentError) as refused:
        _submit(world["oak_worker"], **fields)
    assert refused.value.field == field
    assert not PriorLearning.objects.exists()


def test_the_same_training_is_not_sent_twice_while_waiting(world):
    _submit(world["oak_worker"])
    with pytest.raises(AssessmentError, match="already waiting for a decision"):
        _submit(world["oak_worker"], title="oliver mcgowan part 1")
    assert PriorLearning.objects.count() == 1


# --- Accepting ----------------------------------------------------------------------------


def test_an_accepted_claim_counts_until_the_courses_refresher_interval_from_completion(world, part_1):
    claim = _submit(world["oak_worker"])
    prior_learning_accept(claim=claim, by=world["oak_assessor"], course=part_1)

    claim.refresh_from_db()
    assert claim.status == PriorLearningStatus.ACCEPTED and claim.course == part_1
    assert claim.expires_on == COMPLETED + relativedelta(months=36)
    assert claim.decided_by == world["oak_assessor"] and claim.decided_at
    assert part_1.pk in held_course_ids(learner=world["oak_worker"])
    (entry,) = ModelLogEntry.objects.filter(action="lms.prior_learning.accepted")
    assert entry.user == world["oak_assessor"] and entry.data["course"] == part_1.pk


def test_a_course_without_a_refresher_never_expires(world, make_course):
    course = make_course("Level 2 Adult Social Care Certificate", units=["content"])
    claim = prior_learning_accept(claim=_submit(world["oak_worker"]), by=world["oak_manager"], course=course)
    assert claim.expires_on is None


def test_the_assessor_may_give_the_certificates_own_expiry(world, part_1):
    expires = TODAY() + datetime.timedelta(days=400)
    claim = prior_learning_accept(
        claim=_submit(world["oak_worker"]), by=world["oak_assessor"], course=part_1, expires_on=expires
    )
    assert claim.expires_on == expires


@pytest.mark.parametrize(
    ("expires_on", "message"),
    [(COMPLETED, "must be after"), (COMPLETED - datetime.timedelta(days=1), "must be after")],
    ids=["same-day", "before-completion"],
)
def test_an_expiry_not_after_completion_is_refused(world, part_1, expires_on, message):
    claim = _submit(world["oak_worker"])
    with pytest.raises(AssessmentError, match=message) as refused:
        prior_learning_accept(claim=claim, by=world["oak_assessor"], course=part_1, expires_on=expires_on)
    assert refused.value.field == "expires_on"
    claim.refresh_from_db()
    assert claim.status == PriorLearningStatus.PENDING


def test_training_that_has_already_expired_is_not_accepted(world, make_course):
    annual = make_course("Fire safety", units=["content"], refresher_months=12)
    claim = _submit(world["oak_worker"], completed_on=datetime.date(2020, 1, 6))
    with pytest.raises(AssessmentError, match="expired on 6 January 2021"):
        prior_learning_accept(claim=claim, by=world["oak_assessor"], course=annual)
    claim.refresh_from_db()
    assert claim.status == PriorLearningStatus.PENDING


def test_accepting_completes_the_course_the_learner_is_on(world, part_1):
    """External e-learning: the uploaded certificate, accepted, is how the course completes."""
    enrolment = enrol(world["oak_worker"], part_1)
    claim = _submit(world["oak_worker"], course=part_1)
    prior_learning_accept(claim=claim, by=world["oak_assessor"], course=part_1)

    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert enrolment.expires_on == COMPLETED + relativedelta(months=36)
    hows = set(UnitProgress.objects.filter(enrolment=enrolment).values_list("status", "how"))
    assert hows == {(UnitStatus.COMPLETED, "evidence")}


def test_steps_already_met_keep_how_they_were_met(world, part_1):
    from lms.services.progress import content_viewed

    enrolment = enrol(world["oak_worker"], part_1)
    content_viewed(enrolment=enrolment, unit=part_1.units.get(kind="content"))
    prior_learning_accept(claim=_submit(world["oak_worker"]), by=world["oak_assessor"], course=part_1)
    assert set(UnitProgress.objects.filter(enrolment=enrolment).values_list("how", flat=True)) == {
        "viewed",
        "evidence",
    }


def test_accepting_as_another_course_leaves_the_enrolment_alone(world, part_1, make_course):
    enrolment = enrol(world["oak_worker"], part_1)
    other = make_course("Safeguarding adults", units=["content"], refresher_months=36)
    prior_learning_accept(claim=_submit(world["oak_worker"]), by=world["oak_assessor"], course=other)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED


def test_a_course_must_be_chosen_to_accept(world):
    with pytest.raises(AssessmentError, match="Choose the course") as refused:
        prior_learning_accept(claim=_submit(world["oak_worker"]), by=world["oak_assessor"], course=None)
    assert refused.value.field == "course"


# --- Rejecting ----------------------------------------------------------------------------


def test_a_rejected_claim_keeps_the_reason_for_the_learner(world):
    claim = _submit(world["oak_worker"])
    prior_learning_reject(claim=claim, by=world["oak_assessor"], reason="The certificate has no date on it.")
    claim.refresh_from_db()
    assert claim.status == PriorLearningStatus.REJECTED
    assert claim.reason == "The certificate has no date on it."
    (entry,) = ModelLogEntry.objects.filter(action="lms.prior_learning.rejected")
    assert entry.user == world["oak_assessor"]


@pytest.mark.parametrize("reason", ["", "   ", None, "x" * 2001], ids=["empty", "blank", "none", "too-long"])
def test_a_rejection_needs_a_reason(world, reason):
    claim = _submit(world["oak_worker"])
    with pytest.raises(AssessmentError) as refused:
        prior_learning_reject(claim=claim, by=world["oak_assessor"], reason=reason)
    assert refused.value.field == "reason"
    claim.refresh_from_db()
    assert claim.status == PriorLearningStatus.PENDING


# --- Who decides, and only once -----------------------------------------------------------


@pytest.mark.parametrize("by", ["elm_manager", "oak_worker", "oak_bank_worker", "commissioner"])
def test_only_the_learners_assessors_and_managers_decide(world, part_1, by):
    claim = _submit(world["oak_worker"])
    with pytest.raises(AssessmentError, match="cannot decide"):
        prior_learning_accept(claim=claim, by=world[by], course=part_1)
    with pytest.raises(AssessmentError, match="cannot decide"):
        prior_learning_reject(claim=claim, by=world[by], reason="No.")
    claim.refresh_from_db()
    assert claim.status == PriorLearningStatus.PENDING


def test_a_manager_cannot_decide_their_own_claim(world, part_1):
    claim = _submit(world["oak_manager"])
    with pytest.raises(AssessmentError, match="cannot decide"):
        prior_learning_accept(claim=claim, by=world["oak_manager"], course=part_1)
    prior_learning_accept(claim=claim, by=world["oak_assessor"], course=part_1)


def test_a_claim_is_decided_once(world, part_1):
    claim = _submit(world["oak_worker"])
    prior_learning_accept(claim=claim, by=world["oak_assessor"], course=part_1)
    with pytest.raises(AssessmentError, match="already decided: accepted"):
        prior_learning_reject(claim=claim, by=world["oak_manager"], reason="Changed my mind.")
    with pytest.raises(AssessmentError, match="already decided"):
        prior_learning_accept(claim=claim, by=world["oak_manager"], course=part_1)
    assert ModelLogEntry.objects.filter(action__startswith="lms.prior_learning.").count() == 2
