"""Workplace observations (lms/services/assessment.py): signing off meets the unit and completes the
course; withdrawing reopens it; who may assess whom; bad dates, notes and files; the audit trail."""

import datetime
import threading

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.utils import timezone
from wagtail.models import ModelLogEntry

from academy import permissions
from lms.models import (
    EnrolmentStatus,
    ObservationSignOff,
    PriorLearning,
    PriorLearningStatus,
    UnitProgress,
    UnitStatus,
)
from lms.services.assessment import (
    AssessmentError,
    observation_sign_off,
    observation_withdraw,
    prior_learning_submit,
)
from lms.services.progress import content_viewed
from tests.lms import assessment_support as support
from tests.lms.assessment_support import BAD_FILES, GOOD_FILES, enrol, stored_files, unit_of, upload

private_root = support.private_root
observed_course = support.observed_course

pytestmark = pytest.mark.usefixtures("private_root")

TODAY = timezone.localdate


def _sign_off(enrolment, *, assessor, **fields):
    values = {
        "enrolment": enrolment,
        "unit": unit_of(enrolment.course, "observation"),
        "assessor": assessor,
        "observed_on": TODAY(),
        "notes": "Asked Mrs B how she wanted to be helped and followed her plan.",
    }
    values.update(fields)
    return observation_sign_off(**values)


@pytest.fixture
def enrolment(world, observed_course):
    return enrol(world["oak_worker"], observed_course)


@pytest.fixture
def ready(enrolment):
    """The worker has read the content, so the observation is the last step."""
    content_viewed(enrolment=enrolment, unit=unit_of(enrolment.course, "content"))
    return enrolment


def _status(enrolment):
    enrolment.refresh_from_db()
    return enrolment.status


# --- Who may assess whom ------------------------------------------------------------------

ASSESSES = {
    "oak_assessor": {"oak_manager", "oak_worker", "oak_bank_worker"},
    "oak_manager": {"oak_assessor", "oak_worker", "oak_bank_worker"},
    "elm_manager": {"elm_worker"},
    "oak_worker": set(),
    "elm_worker": set(),
    "commissioner": set(),
    "bank_coordinator": set(),
    "editor": set(),
}
LEARNERS = [
    "oak_manager",
    "oak_assessor",
    "oak_worker",
    "oak_bank_worker",
    "elm_worker",
    "elm_leaver",
    "elm_invited",
]


@pytest.mark.parametrize("viewer", sorted(ASSESSES))
@pytest.mark.parametrize("learner", LEARNERS)
def test_who_may_assess_whom(world, viewer, learner):
    expected = learner in ASSESSES[viewer]
    assert permissions.can_assess(world[viewer], world[learner]) is expected
    assert permissions.can_open_learning_evidence(world[viewer], world[learner]) is (
        expected or viewer == learner
    )


def test_superusers_assess_everyone_but_themselves(world):
    assert permissions.can_assess(world["superuser"], world["elm_worker"])
    assert not permissions.can_assess(world["superuser"], world["superuser"])


def test_an_assessor_of_one_provider_cannot_sign_off_anothers_staff(world, observed_course):
    elm = enrol(world["elm_worker"], observed_course)
    with pytest.raises(AssessmentError, match="cannot assess"):
        _sign_off(elm, assessor=world["oak_assessor"])
    assert not ObservationSignOff.objects.exists()
    assert not UnitProgress.objects.filter(enrolment=elm, status=UnitStatus.COMPLETED).exists()


def test_nobody_signs_off_their_own_observation(world, observed_course):
    own = enrol(world["oak_assessor"], observed_course)
    with pytest.raises(AssessmentError, match="cannot assess"):
        _sign_off(own, assessor=world["oak_assessor"])


# --- Signing off --------------------------------------------------------------------------


def test_signing_off_the_last_step_completes_the_course_with_its_expiry(world, ready):
    sign_off = _sign_off(ready, assessor=world["oak_assessor"])

    progress = UnitProgress.objects.get(enrolment=ready, unit_key=sign_off.unit_key)
    assert progress.status == UnitStatus.COMPLETED and progress.how == "observed"
    ready.refresh_from_db()
    assert ready.status == EnrolmentStatus.COMPLETED
    assert ready.expires_on == TODAY() + relativedelta(months=12)


def test_signing_off_is_audited_with_who_when_and_what(world, ready):
    sign_off = _sign_off(ready, assessor=world["oak_assessor"])
    (entry,) = ModelLogEntry.objects.for_instance(sign_off)
    assert entry.action == "lms.observation.signed_off"
    assert entry.user == world["oak_assessor"]
    assert abs(entry.timestamp - timezone.now()) < datetime.timedelta(minutes=1)
    assert entry.data["learner"] == str(world["oak_worker"].public_id)
    assert entry.data["unit"] == str(sign_off.unit_key)
    assert entry.data["observed_on"] == TODAY().isoformat()
    assert entry.message == "Workplace observation signed off"


def test_a_manager_signs_off_their_own_staff(world, ready):
    _sign_off(ready, assessor=world["oak_manager"])
    assert _status(ready) == EnrolmentStatus.COMPLETED


def test_signing_off_before_other_steps_meets_only_the_observation(world, enrolment):
    _sign_off(enrolment, assessor=world["oak_assessor"])
    assert _status(enrolment) == EnrolmentStatus.IN_PROGRESS


def test_signing_off_twice_is_refused_clearly(world, ready):
    _sign_off(ready, assessor=world["oak_assessor"])
    with pytest.raises(AssessmentError) as refused:
        _sign_off(ready, assessor=world["oak_manager"], notes="Again.")
    assert "already signed off by Pat Oakassessor" in str(refused.value)
    assert "withdraw that sign-off first" in str(refused.value)
    assert ObservationSignOff.objects.count() == 1
    assert ModelLogEntry.objects.filter(action="lms.observation.signed_off").count() == 1


@pytest.mark.parametrize(
    ("observed_on", "field", "message"),
    [
        (lambda: TODAY() + datetime.timedelta(days=1), "observed_on", "must be today or in the past"),
        (lambda: TODAY() - datetime.timedelta(days=1), "observed_on", "on or after"),
        (lambda: datetime.date(1900, 1, 1), "observed_on", "after 1 January 1950"),
        (lambda: None, "observed_on", "Enter the date you observed them"),
    ],
    ids=["tomorrow", "before-enrolling", "long-ago", "missing"],
)
def test_the_observed_date_is_not_in_the_future_nor_before_enrolment(
    world, ready, observed_on, field, message
):
    with pytest.raises(AssessmentError, match=message) as refused:
        _sign_off(ready, assessor=world["oak_assessor"], observed_on=observed_on())
    assert refused.value.field == field
    assert not ObservationSignOff.objects.exists()


@pytest.mark.parametrize("notes", ["", "   \n ", "x" * 4001], ids=["empty", "blank", "too-long"])
def test_notes_are_required_and_bounded(world, ready, notes):
    with pytest.raises(AssessmentError) as refused:
        _sign_off(ready, assessor=world["oak_assessor"], notes=notes)
    assert refused.value.field == "notes"


def test_only_observation_units_of_the_learners_course_are_signed_off(world, ready, make_course):
    with pytest.raises(AssessmentError, match="not a workplace observation"):
        _sign_off(ready, assessor=world["oak_assessor"], unit=unit_of(ready.course, "content"))
    other = make_course("Moving and handling people", units=["observation"])
    with pytest.raises(AssessmentError, match="not a workplace observation"):
        _sign_off(ready, assessor=world["oak_assessor"], unit=unit_of(other, "observation"))


def test_training_not_in_progress_cannot_be_signed_off(world, ready):
    ready.status = EnrolmentStatus.WITHDRAWN
    ready.save()
    with pytest.raises(AssessmentError, match="not in progress"):
        _sign_off(ready, assessor=world["oak_assessor"])


@pytest.mark.parametrize(("name", "content"), GOOD_FILES)
def test_evidence_is_kept_privately_under_a_name_of_its_own(
    world, ready, private_root, settings, name, content
):
    sign_off = _sign_off(ready, assessor=world["oak_assessor"], evidence=upload(name, content))
    (kept,) = stored_files(private_root)
    assert kept.read_bytes() == content
    assert name.split(".")[0] not in kept.name  # not the learner's own file name
    assert str(settings.MEDIA_ROOT) not in str(kept)
    assert sign_off.evidence.name.startswith("observations/")


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_bad_evidence_is_refused_and_nothing_is_kept(world, ready, private_root, name, content, message):
    with pytest.raises(AssessmentError, match=message) as refused:
        _sign_off(ready, assessor=world["oak_assessor"], evidence=upload(name, content))
    assert refused.value.field == "evidence"
    assert not ObservationSignOff.objects.exists()
    assert stored_files(private_root) == []


def test_a_failed_sign_off_leaves_no_file_behind(world, ready, private_root):
    _sign_off(ready, assessor=world["oak_assessor"])
    with pytest.raises(AssessmentError, match="already signed off"):
        _sign_off(ready, assessor=world["oak_assessor"], evidence=upload())
    assert stored_files(private_root) == []


# --- Withdrawing --------------------------------------------------------------------------

REASON = "Observed on the wrong standard: this was standard 6, not 5."


def test_withdrawing_reopens_a_completed_course_and_clears_its_expiry(world, ready):
    sign_off = _sign_off(ready, assessor=world["oak_assessor"])
    ready.refresh_from_db()
    assert ready.status == EnrolmentStatus.COMPLETED and ready.expires_on

    observation_withdraw(sign_off=sign_off, by=world["oak_manager"], reason=REASON)

    ready.refresh_from_db()
    assert ready.status == EnrolmentStatus.IN_PROGRESS
    assert ready.completed_at is None and ready.expires_on is None
    progress = UnitProgress.objects.get(enrolment=ready, unit_key=sign_off.unit_key)
    assert progress.status != UnitStatus.COMPLETED
    sign_off.refresh_from_db()
    assert sign_off.withdrawn_reason == REASON and sign_off.withdrawn_by == world["oak_manager"]
    (entry,) = ModelLogEntry.objects.filter(action="lms.observation.withdrawn")
    assert entry.user == world["oak_manager"] and entry.data["reason"] == REASON


def test_after_withdrawing_it_can_be_signed_off_again(world, ready):
    first = _sign_off(ready, assessor=world["oak_assessor"])
    observation_withdraw(sign_off=first, by=world["oak_assessor"], reason=REASON)
    _sign_off(ready, assessor=world["oak_assessor"])
    assert _status(ready) == EnrolmentStatus.COMPLETED
    assert ObservationSignOff.objects.filter(withdrawn_at__isnull=True).count() == 1


@pytest.mark.parametrize("reason", ["", "  ", "x" * 2001], ids=["empty", "blank", "too-long"])
def test_a_withdrawal_needs_a_reason(world, ready, reason):
    sign_off = _sign_off(ready, assessor=world["oak_assessor"])
    with pytest.raises(AssessmentError) as refused:
        observation_withdraw(sign_off=sign_off, by=world["oak_assessor"], reason=reason)
    assert refused.value.field == "reason"
    assert _status(ready) == EnrolmentStatus.COMPLETED


def test_withdrawing_twice_is_refused(world, ready):
    sign_off = _sign_off(ready, assessor=world["oak_assessor"])
    observation_withdraw(sign_off=sign_off, by=world["oak_assessor"], reason=REASON)
    with pytest.raises(AssessmentError, match="already withdrawn"):
        observation_withdraw(sign_off=sign_off, by=world["oak_assessor"], reason="Again")


def test_another_providers_manager_cannot_withdraw(world, ready):
    sign_off = _sign_off(ready, assessor=world["oak_assessor"])
    with pytest.raises(AssessmentError, match="cannot assess"):
        observation_withdraw(sign_off=sign_off, by=world["elm_manager"], reason=REASON)
    assert _status(ready) == EnrolmentStatus.COMPLETED


# --- The demonstration data ---------------------------------------------------------------


def test_the_demo_gives_the_demo_assessor_a_queue_and_is_safe_to_run_twice(db, private_root):
    from django.core.management import call_command

    from academy.demo import load_demo
    from lms.demo_assessment import ASSESSOR_EMAIL, load_assessment_demo
    from lms.selectors_assessment import claims_pending, observations_waiting

    assert load_assessment_demo() == {"enrolments": 0, "sign_offs": 0, "claims": 0}  # nothing to build on
    load_demo()
    call_command("load_programmes")
    first = load_assessment_demo()
    assert first["enrolments"] >= 6 and first["sign_offs"] == 1 and first["claims"] == 3
    assert load_assessment_demo() == {"enrolments": 0, "sign_offs": 0, "claims": 0}

    from academy.models import User

    assessor = User.objects.get(email=ASSESSOR_EMAIL)
    assert observations_waiting(assessor=assessor).count() >= 6
    assert claims_pending(assessor=assessor).count() == 3
    (kept, *_) = support.stored_files(private_root)
    assert kept.read_bytes().startswith(b"%PDF-1.4") and kept.read_bytes().rstrip().endswith(b"%%EOF")


# --- Training started again, and claims sent twice at once ---------------------------------


def test_a_sign_off_on_training_since_started_again_is_not_withdrawn(world, ready):
    sign_off = _sign_off(ready, assessor=world["oak_assessor"])
    assert _status(ready) == EnrolmentStatus.COMPLETED
    refresher = enrol(world["oak_worker"], ready.course)  # the refresher, on the same course

    with pytest.raises(AssessmentError, match="has started this course again"):
        observation_withdraw(sign_off=sign_off, by=world["oak_manager"], reason=REASON)

    sign_off.refresh_from_db()
    assert sign_off.withdrawn_at is None and sign_off.withdrawn_reason == ""
    assert _status(ready) == EnrolmentStatus.COMPLETED
    assert (
        UnitProgress.objects.get(enrolment=ready, unit_key=sign_off.unit_key).status == UnitStatus.COMPLETED
    )
    assert _status(refresher) == EnrolmentStatus.ENROLLED
    assert not ModelLogEntry.objects.filter(action="lms.observation.withdrawn").exists()


def _submit(person, **fields):
    return prior_learning_submit(
        person=person,
        by=person,
        title="Moving and handling people",
        provider_name="Stafford College",
        completed_on=datetime.date(2025, 9, 1),
        certificate=upload(),
        **fields,
    )


def test_the_same_claim_sent_twice_is_refused_and_keeps_no_second_file(world, private_root):
    _submit(world["oak_worker"])
    with pytest.raises(AssessmentError, match="already waiting for a decision"):
        _submit(world["oak_worker"])
    assert PriorLearning.objects.count() == 1
    assert len(stored_files(private_root)) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent connections")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_claim_sent_twice_at_once_is_kept_once(world, private_root):
    barrier = threading.Barrier(2)
    outcomes = []

    def send():
        try:
            barrier.wait()
            outcomes.append(_submit(world["oak_worker"]))
        except AssessmentError as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["AssessmentError", "PriorLearning"]
    assert PriorLearning.objects.filter(status=PriorLearningStatus.PENDING).count() == 1
    assert len(stored_files(private_root)) == 1
