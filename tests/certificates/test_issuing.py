"""Issuing: a certificate follows a completion once, with an `earned` statement; revocation is audited."""

import pytest
from wagtail.models import ModelLogEntry

from certificates import actions
from certificates.models import Certificate, CertificateStatus
from certificates.services import (
    CertificateError,
    certificate_issue_for_enrolment,
    certificate_issue_for_programme,
    certificate_revoke,
)
from lms.models import EnrolmentStatus, ProgrammeEnrolment
from lms.services import enrolment as enrolment_service
from lms.services import progress
from lrs.models import Statement
from tests.certificates.conftest import complete

EARNED = "http://id.tincanapi.com/verb/earned"


def test_completing_a_course_issues_its_certificate_with_the_facts_of_the_day(worker, completed, fire_safety):
    certificate = Certificate.objects.get()
    assert certificate.learner == worker
    assert certificate.enrolment == completed
    assert certificate.course == fire_safety
    assert certificate.learner_name == worker.get_full_name()
    assert certificate.achievement_name == "Fire safety awareness"
    assert certificate.completed_on == completed.completed_at.date()
    assert certificate.expires_on == completed.expires_on is not None
    assert certificate.status == CertificateStatus.VALID
    assert certificate.serial.startswith("SCA-") and len(certificate.serial) == 13
    # Made in the background once the completion committed: the PDF and the signed credential.
    assert certificate.pdf.name.endswith(".pdf")
    assert certificate.credential["id"] == f"urn:uuid:{certificate.uuid}"
    assert certificate.credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"


def test_issuing_records_an_earned_statement_about_the_learner(worker, completed):
    certificate = Certificate.objects.get()
    statement = Statement.objects.get(verb_id=EARNED)
    assert str(statement.statement_id) == str(certificate.earned_statement_id)
    assert statement.object_key.endswith(f"/certificates/{certificate.uuid}")
    assert statement.data["actor"]["account"]["name"] == str(worker.public_id)


def test_issuing_twice_gives_one_live_certificate(completed):
    again = certificate_issue_for_enrolment(enrolment_id=completed.pk)
    assert not again.created
    assert Certificate.objects.count() == 1
    assert Statement.objects.filter(verb_id=EARNED).count() == 1


def test_an_unfinished_course_has_no_certificate(worker, fire_safety):
    enrolment = enrolment_service.enrolment_create(learner=worker, course=fire_safety, by=None)[0]
    with pytest.raises(CertificateError, match="not complete yet"):
        certificate_issue_for_enrolment(enrolment_id=enrolment.pk)
    assert not Certificate.objects.exists()


def test_completing_a_programme_issues_a_programme_certificate(worker, leadership):
    enrolment, _ = enrolment_service.programme_enrol(learner=worker, programme=leadership)
    for link in leadership.programme_courses.all():
        complete(worker, link.course)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    programme_certificate = Certificate.objects.get(programme_enrolment=enrolment)
    assert programme_certificate.achievement_name == "Leadership programme"
    assert programme_certificate.expires_on is None
    assert Certificate.objects.filter(course__isnull=False).count() == 2  # one per course as well
    assert not certificate_issue_for_programme(programme_enrolment_id=enrolment.pk).created


def test_revoking_is_audited_voids_the_statement_and_shows_as_revoked(world, completed):
    certificate = Certificate.objects.get()
    certificate_revoke(certificate=certificate, by=world["commissioner"], reason="Issued in error")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.revoked_by == world["commissioner"]
    entry = ModelLogEntry.objects.get(action=actions.REVOKED)
    assert entry.user == world["commissioner"] and entry.data["reason"] == "Issued in error"
    assert Statement.objects.get(verb_id=EARNED).voided
    # What it certified is no longer complete, so nothing issues it again until the learner redoes it.
    with pytest.raises(CertificateError, match="not complete yet"):
        certificate_issue_for_enrolment(enrolment_id=completed.pk, render=False)


@pytest.mark.parametrize("who", ["oak_manager", "oak_worker", "oak_assessor", "editor"])
def test_only_the_academy_team_revokes(world, completed, who):
    certificate = Certificate.objects.get()
    with pytest.raises(CertificateError, match="Only the academy team"):
        certificate_revoke(certificate=certificate, by=world[who], reason="No")
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_a_revocation_needs_a_reason_of_sensible_length(world, completed, reason):
    certificate = Certificate.objects.get()
    with pytest.raises(CertificateError):
        certificate_revoke(certificate=certificate, by=world["commissioner"], reason=reason)
    assert Certificate.objects.live().count() == 1


def test_revoking_twice_is_refused(world, completed):
    certificate = Certificate.objects.get()
    certificate_revoke(certificate=certificate, by=world["commissioner"], reason="Issued in error")
    with pytest.raises(CertificateError, match="already revoked"):
        certificate_revoke(certificate=certificate, by=world["commissioner"], reason="Again")


def test_a_withdrawn_sign_off_revokes_the_certificate_it_earned(world, worker, make_course):
    course = make_course("Moving and handling", units=["content", "observation"])
    enrolment = enrolment_service.enrolment_create(learner=worker, course=course, by=None)[0]
    for unit in course.units.all():
        progress.unit_met(enrolment=enrolment, unit=unit, how="viewed")
    certificate = Certificate.objects.get(enrolment=enrolment)
    observation = course.units.get(kind="observation")
    progress.unit_unmet(enrolment=enrolment, unit_key=observation.key, reason="Signed off by mistake")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert "Signed off by mistake" in certificate.revocation_reason


def test_an_expired_certificate_says_so(completed):
    import datetime

    certificate = Certificate.objects.get()
    assert certificate.status_on(certificate.expires_on) == CertificateStatus.VALID
    assert (
        certificate.status_on(certificate.expires_on + datetime.timedelta(days=1))
        == CertificateStatus.EXPIRED
    )


def test_programme_certificates_wait_for_the_programme(worker, leadership):
    enrolment_service.programme_enrol(learner=worker, programme=leadership)
    complete(worker, leadership.programme_courses.first().course)
    assert not Certificate.objects.filter(programme_enrolment__isnull=False).exists()
    assert ProgrammeEnrolment.objects.get().status == EnrolmentStatus.IN_PROGRESS


def test_a_revoked_certificates_training_no_longer_counts(world, worker, completed, fire_safety):
    from lms.selectors import held_course_ids

    assert fire_safety.pk in held_course_ids(learner=worker)
    certificate = Certificate.objects.get()
    certificate_revoke(certificate=certificate, by=world["commissioner"], reason="Issued in error")
    completed.refresh_from_db()
    assert completed.status == EnrolmentStatus.WITHDRAWN
    assert fire_safety.pk not in held_course_ids(learner=worker)
    course_completions = Statement.objects.filter(
        verb_id="http://adlnet.gov/expapi/verbs/completed", object_key__endswith=f"/courses/{fire_safety.pk}"
    )
    assert course_completions.exists() and not course_completions.filter(voided=False).exists()
    # The learner may take it again, and a new completion gives a new certificate.
    again = complete(worker, fire_safety)
    assert again.status == EnrolmentStatus.COMPLETED
    assert Certificate.objects.live().get().enrolment == again
