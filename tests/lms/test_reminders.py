"""lms/reminders.py and lms/tasks.py: training expiring, expired or overdue, each reminder sent once."""

import threading

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection

from lms import reminders
from lms.models import Enrolment, ReminderSent
from lms.tasks import send_training_reminders
from tests.lms.team_support import complete, courses_fixture, days, prior_learning, require  # noqa: F401

CARE_WORKER = "care_or_support_worker"


class FailingBackend:
    """An email backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("Connection refused")


def sent_to(address):
    return [m for m in mail.outbox if address in m.to]


@pytest.fixture
def fire(world, courses):
    require(courses["fire"], category=CARE_WORKER)
    return courses["fire"]


def test_beat_runs_the_training_reminders_hourly():
    entry = settings.CELERY_BEAT_SCHEDULE["send-training-reminders"]
    assert entry == {"task": "lms.tasks.send_training_reminders", "schedule": 3600}


@pytest.mark.parametrize(
    ("expires_in", "reminded"), [(31, False), (30, True), (0, True), (10, True), (200, False)]
)
def test_training_expiring_within_30_days_is_reminded_to_the_learner(world, fire, expires_in, reminded):
    complete(world["oak_worker"], fire, expires_on=days(expires_in))
    result = send_training_reminders.delay().get()
    emails = sent_to("worker@oak.example.org")
    assert bool(emails) == reminded
    assert result.get(reminders.EXPIRING, 0) == (1 if reminded else 0)
    if reminded:
        message = emails[0]
        assert message.subject == "Your Fire safety training expires soon"
        assert f"expires on {days(expires_in):%-d %B %Y}" in message.body
        html, kind = message.alternatives[0]
        assert kind == "text/html" and "<strong>Fire safety</strong>" in html
        assert "http://testserver/courses/fire-safety/" in message.body


def test_each_reminder_goes_once_however_often_the_job_runs(world, fire):
    complete(world["oak_worker"], fire, expires_on=days(12))
    complete(world["oak_bank_worker"], fire, expires_on=days(-3))
    first = reminders.reminders_send()
    count = len(mail.outbox)
    assert first == {reminders.EXPIRING: 1, reminders.EXPIRED: 1, reminders.MANAGER_OVERDUE: 1}
    assert reminders.reminders_send() == {reminders.MANAGER_OVERDUE: 0}
    assert reminders.reminders_send() == {reminders.MANAGER_OVERDUE: 0}
    assert len(mail.outbox) == count == 3


def test_a_reminder_another_worker_claimed_is_not_sent_again(world, fire):
    worker = world["oak_worker"]
    complete(worker, fire, expires_on=days(12))
    ReminderSent.objects.create(kind=reminders.EXPIRING, key=f"{worker.pk}:{fire.pk}:{days(12).isoformat()}")
    reminders.reminders_send()
    assert not mail.outbox


def test_renewed_training_is_reminded_again_when_its_new_date_comes(world, fire):
    worker = world["oak_worker"]
    complete(worker, fire, expires_on=days(12))
    reminders.reminders_send()
    complete(worker, fire, expires_on=days(20))
    reminders.reminders_send()
    assert [m.subject for m in sent_to(worker.email)] == ["Your Fire safety training expires soon"] * 2


def test_expired_training_goes_to_the_learner_and_their_manager(world, fire):
    complete(world["oak_worker"], fire, expires_on=days(-1))
    reminders.reminders_send()
    learner = sent_to("worker@oak.example.org")
    assert [m.subject for m in learner] == ["Your Fire safety training has expired"]
    manager = sent_to("manager@oak.example.org")
    assert [m.subject for m in manager] == ["1 training record needs attention at Oak House"]
    assert "Pat Oakworker: Fire safety expired on" in manager[0].body
    assert "http://testserver/organisations/" in manager[0].body
    assert not sent_to("manager@elm.example.org")


def test_a_manager_gets_one_email_for_all_their_staff(world, fire):
    for who in ("oak_worker", "oak_bank_worker", "oak_assessor"):
        complete(world[who], fire, expires_on=days(-5))
    reminders.reminders_send()
    manager = sent_to("manager@oak.example.org")
    assert len(manager) == 1
    assert manager[0].subject == "3 training records need attention at Oak House"


def test_a_managers_own_expired_training_is_not_in_their_digest(world, fire):
    complete(world["oak_manager"], fire, expires_on=days(-5))
    reminders.reminders_send()
    assert [m.subject for m in sent_to("manager@oak.example.org")] == [
        "Your Fire safety training has expired"
    ]


def test_prior_learning_expiring_is_reminded_too(world, courses):
    require(courses["tier1"], category=CARE_WORKER)
    prior_learning(world["oak_worker"], courses["tier2"], expires_on=days(7))
    reminders.reminders_send()
    assert [m.subject for m in sent_to("worker@oak.example.org")] == [
        "Your Oliver McGowan Tier 1 training expires soon"
    ]


def test_training_not_required_or_never_held_sends_nothing(world, courses, fire):
    complete(world["oak_worker"], courses["moving"], expires_on=days(5))  # not required of anyone
    reminders.reminders_send()  # fire safety is missing for everyone: nothing has expired
    assert not mail.outbox


def test_an_enrolment_past_its_due_date_goes_to_the_learner_and_manager(world, courses):
    Enrolment.objects.create(learner=world["oak_worker"], course=courses["moving"], due_on=days(-1))
    Enrolment.objects.create(
        learner=world["oak_bank_worker"], course=courses["moving"], due_on=days(0)
    )  # not yet
    reminders.reminders_send()
    assert [m.subject for m in sent_to("worker@oak.example.org")] == [
        "Your Moving and handling people training is overdue"
    ]
    assert not sent_to("bank@oak.example.org")
    manager = sent_to("manager@oak.example.org")
    assert "Pat Oakworker: Moving and handling people was due on" in manager[0].body
    reminders.reminders_send()
    assert len(mail.outbox) == 2


def test_a_withdrawn_or_completed_enrolment_is_not_overdue(world, courses):
    Enrolment.objects.create(
        learner=world["oak_worker"], course=courses["moving"], due_on=days(-3), status="withdrawn"
    )
    enrolment = complete(world["oak_bank_worker"], courses["moving"])
    Enrolment.objects.filter(pk=enrolment.pk).update(due_on=days(-3))
    reminders.reminders_send()
    assert not mail.outbox


def test_leavers_are_not_reminded(world, fire, courses):
    complete(world["elm_leaver"], fire, expires_on=days(3))
    Enrolment.objects.create(learner=world["elm_leaver"], course=courses["moving"], due_on=days(-3))
    reminders.reminders_send()
    assert not mail.outbox


def test_a_reminder_that_cannot_be_sent_is_tried_again_next_time(world, fire, settings):
    complete(world["oak_worker"], fire, expires_on=days(3))
    settings.EMAIL_BACKEND = "tests.lms.test_reminders.FailingBackend"
    assert reminders.reminders_send() == {reminders.MANAGER_OVERDUE: 0}
    assert not ReminderSent.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders.reminders_send()[reminders.EXPIRING] == 1
    assert len(mail.outbox) == 1


def test_someone_at_two_providers_hears_once_and_both_managers_hear(world, fire, job_role):
    from academy.models import ContractType, Membership

    worker = world["oak_worker"]
    Membership.objects.create(
        person=worker,
        organisation=world["elm"],
        job_role=job_role,
        pathway_category=CARE_WORKER,
        contract_type=ContractType.BANK,
        start_date=days(-100),
        accepted_at=world["elm"].created_at,
    )
    complete(worker, fire, expires_on=days(-2))
    reminders.reminders_send()
    assert len(sent_to(worker.email)) == 1
    assert len(sent_to("manager@oak.example.org")) == 1
    assert len(sent_to("manager@elm.example.org")) == 1


def test_a_managers_reminder_needs_them_to_manage_the_organisation(world):
    with pytest.raises(reminders.ReminderError):
        reminders.reminders_send_for_staff(
            organisation=world["oak"], people=[world["oak_worker"]], by=world["elm_manager"]
        )


def test_a_managers_reminder_lists_what_is_not_current(world, courses, fire):
    require(courses["tier1"], category=CARE_WORKER)
    complete(world["oak_worker"], courses["tier1"], expires_on=days(-9))
    Enrolment.objects.create(learner=world["oak_worker"], course=courses["moving"], due_on=days(5))
    outcomes = reminders.reminders_send_for_staff(
        organisation=world["oak"], people=[world["oak_worker"]], by=world["oak_manager"]
    )
    assert [(o.sent, o.message) for o in outcomes] == [(True, "Reminder sent")]
    body = mail.outbox[0].body
    assert "Pat Oakmanager at Oak House asked us to remind you" in body
    assert "Fire safety is required for your role and not yet done" in body
    assert f"Oliver McGowan Tier 1 expired on {days(-9):%-d %B %Y}" in body
    assert f"Moving and handling people is due by {days(5):%-d %B %Y}" in body
    assert mail.outbox[0].alternatives[0][1] == "text/html"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent connections")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_workers_running_at_once_send_each_reminder_once(world, courses):
    require(courses["fire"], category=CARE_WORKER)
    for who in ("oak_worker", "oak_bank_worker", "oak_assessor", "elm_worker"):
        complete(world[who], courses["fire"], expires_on=days(-1 if who == "elm_worker" else 4))
    barrier = threading.Barrier(4)
    errors = []

    def worker():
        try:
            barrier.wait()
            reminders.reminders_send()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert len(subjects) == len(set(subjects)) == 5  # four learners and the Elm manager
    assert ReminderSent.objects.count() == 5
