"""A certificate's own pages and files: the learner and those allowed; revocation; a cohort at once."""

import io
import zipfile

import pytest

from certificates import cohort_runs
from certificates.credentials.verification import verify_credential
from certificates.models import Certificate, CertificateRun
from lms.models import EnrolmentStatus
from lms.services import enrolment as enrolment_service
from tests.certificates.conftest import complete


@pytest.fixture
def certificate(completed):
    return Certificate.objects.get()


def test_the_learner_opens_the_certificate_page_and_downloads_the_pdf(client, worker, certificate):
    client.force_login(worker)
    page = client.get(f"/certificates/{certificate.uuid}/")
    assert page.status_code == 200 and certificate.serial in page.content.decode()
    pdf = client.get(f"/certificates/{certificate.uuid}/certificate.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert f"certificate-{certificate.serial}.pdf" in pdf["Content-Disposition"]


def test_the_downloaded_credential_verifies_and_a_tampered_copy_does_not(client, worker, certificate):
    client.force_login(worker)
    response = client.get(f"/certificates/{certificate.uuid}/credential.json")
    assert response.status_code == 200
    credential = response.json()
    assert verify_credential(credential).ok
    credential["credentialSubject"]["achievement"]["name"] = "Registered manager leadership"
    result = verify_credential(credential)
    assert not result.ok and result.errors


@pytest.mark.parametrize("who, sees", [("oak_manager", True), ("elm_manager", False), ("nobody", False)])
def test_others_open_a_certificate_only_if_they_may_see_the_learners_evidence(
    client, world, certificate, who, sees
):
    client.force_login(world[who])
    for suffix in ["", "certificate.pdf", "credential.json"]:
        status = client.get(f"/certificates/{certificate.uuid}/{suffix}").status_code
        assert status == (200 if sees else 404), suffix


def test_signed_out_people_are_sent_to_sign_in(client, certificate):
    response = client.get(f"/certificates/{certificate.uuid}/certificate.pdf")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_all_certificates_come_as_one_zip(client, worker, make_course, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for title in ["Fire safety", "Infection prevention"]:
            complete(worker, make_course(title))
    client.force_login(worker)
    response = client.get("/certificates/download.zip")
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == sorted(f"certificate-{c.serial}.pdf" for c in Certificate.objects.all())


def test_a_learner_with_no_certificates_is_told_so(client, worker):
    client.force_login(worker)
    response = client.get("/certificates/download.zip", follow=True)
    assert "no certificates to download yet" in response.content.decode()


def test_the_academy_team_revokes_through_the_page_with_a_reason(client, world, certificate):
    client.force_login(world["commissioner"])
    form = client.get(f"/certificates/{certificate.uuid}/revoke/")
    assert "This cannot be undone" in form.content.decode()
    empty = client.post(f"/certificates/{certificate.uuid}/revoke/", {"reason": ""})
    assert "Enter why the certificate is being revoked" in empty.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    done = client.post(
        f"/certificates/{certificate.uuid}/revoke/", {"reason": "Issued in error"}, follow=True
    )
    assert "is revoked" in done.content.decode()
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Issued in error"


@pytest.mark.parametrize("who", ["oak_manager", "oak_worker"])
def test_nobody_else_finds_the_revoke_page(client, world, certificate, who):
    client.force_login(world[who])
    assert client.get(f"/certificates/{certificate.uuid}/revoke/").status_code == 404
    assert client.post(f"/certificates/{certificate.uuid}/revoke/", {"reason": "x"}).status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def _graduate(world, make_person, cohort, count):
    people = []
    for number in range(count):
        person = make_person(f"graduate{number}@example.org")
        enrolment, _ = enrolment_service.programme_enrol(
            learner=person, programme=cohort.programme, cohort=cohort
        )
        for link in cohort.programme.programme_courses.all():
            complete(person, link.course)
        people.append(person)
    return people


def test_a_cohorts_certificates_are_made_in_one_run_with_progress(
    client, world, make_person, cohort, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(cohort_runs, "CHUNK", 2)  # two chunks, as two workers would share them
    graduates = _graduate(world, make_person, cohort, 3)
    straggler = make_person("straggler@example.org")
    enrolment_service.programme_enrol(learner=straggler, programme=cohort.programme, cohort=cohort)
    client.force_login(world["commissioner"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/certificates/cohorts/{cohort.pk}/issue/")
    run = CertificateRun.objects.get()
    assert response["Location"] == f"/certificates/runs/{run.uuid}/"
    assert (run.total, run.done, run.finished) == (3, 3, True)
    assert run.issued == 0  # each completion already issued its own
    page = client.get(f"/certificates/runs/{run.uuid}/").content.decode()
    assert "3 certificates ready" in page
    assert client.get(f"/certificates/runs/{run.uuid}/", {"format": "json"}).json()["percent"] == 100
    programme_certificates = Certificate.objects.filter(programme_enrolment__cohort=cohort)
    assert sorted(c.learner_id for c in programme_certificates) == sorted(p.pk for p in graduates)
    assert all(c.pdf and c.credential for c in programme_certificates)
    assert not Certificate.objects.filter(learner=straggler).exists()
    assert straggler.programme_enrolments.get().status != EnrolmentStatus.COMPLETED


def test_a_cohort_nobody_has_finished_gets_a_clear_message(client, world, cohort):
    client.force_login(world["commissioner"])
    response = client.post(f"/certificates/cohorts/{cohort.pk}/issue/", follow=True)
    assert "Nobody in Spring 2027 has completed" in response.content.decode()
    assert not CertificateRun.objects.exists()


@pytest.mark.parametrize("who", ["oak_manager", "oak_worker"])
def test_only_the_academy_team_issues_a_cohorts_certificates(client, world, cohort, who):
    client.force_login(world[who])
    assert client.post(f"/certificates/cohorts/{cohort.pk}/issue/").status_code == 404
    assert not CertificateRun.objects.exists()


def test_a_run_that_fails_says_where_it_stopped(
    client, world, make_person, cohort, django_capture_on_commit_callbacks, monkeypatch
):
    _graduate(world, make_person, cohort, 1)

    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(cohort_runs, "certificate_files_make", broken)
    client.force_login(world["commissioner"])
    with pytest.raises(OSError), django_capture_on_commit_callbacks(execute=True):
        client.post(f"/certificates/cohorts/{cohort.pk}/issue/")
    run = CertificateRun.objects.get()
    assert run.finished and run.failure == "disk full"
    page = client.get(f"/certificates/runs/{run.uuid}/").content.decode()
    assert "Issuing stopped after 0 of 1" in page


def test_the_cohort_page_offers_the_graduation_certificates(client, world, make_person, cohort):
    _graduate(world, make_person, cohort, 2)
    client.force_login(world["commissioner"])
    text = client.get(f"/training/cohorts/{cohort.pk}/").content.decode()
    assert "Issue certificates to the 2 who completed" in text
    assert f'action="/certificates/cohorts/{cohort.pk}/issue/"' in text


def test_the_academy_team_finds_a_certificates_record_from_its_number(client, world, certificate):
    client.force_login(world["commissioner"])
    page = client.get(f"/certificates/verify/{certificate.serial}/").content.decode()
    assert f'href="/certificates/{certificate.uuid}/"' in page
    client.force_login(world["elm_manager"])
    assert (
        f'href="/certificates/{certificate.uuid}/"'
        not in client.get(f"/certificates/verify/{certificate.serial}/").content.decode()
    )
