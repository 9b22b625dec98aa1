"""The training passport in a browser: a graduate downloads a certificate and creates a share link; a
manager at another provider, where the graduate now works, pastes the link and records the training as
accepted prior learning in one step. A withdrawn link and a tampered credential are explained. Every
page is checked with axe."""

import json
from urllib.parse import urlsplit

import pytest

from certificates.models import Certificate, PassportShare
from certificates.passport import passport_share_create
from lms.models import CourseCatalogPage, CoursePage, CourseUnit, PriorLearning, PriorLearningStatus
from tests.browser.helpers import check, follow, sign_in, submit, visit_and_check
from tests.certificates.conftest import complete

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COURSE = "Fire safety awareness"
LABEL = "For my interview at Elm Court"


@pytest.fixture
def private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


def _course() -> CoursePage:
    page = CoursePage(
        title=COURSE,
        summary="Fire safety at work.",
        learning_outcomes="<ul><li>Act on an alarm</li></ul>",
        duration_minutes=30,
        refresher_months=12,
    )
    page.units.add(CourseUnit(title="What to do in a fire", kind="content"))
    CourseCatalogPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return CoursePage.objects.get(pk=page.pk)


def test_a_graduate_shares_their_passport_and_a_new_employer_imports_it(
    page, world, make_membership, private_files, tmp_path
):
    worker = world["oak_worker"]
    course = _course()
    complete(worker, course)  # committed, so the certificate's PDF and credential are made
    certificate = Certificate.objects.get()
    assert certificate.credential is not None
    make_membership(worker, world["elm"])  # their new job

    sign_in(page, worker)
    visit_and_check(page, "/learning/")
    follow(page, "Your training passport")
    assert page.get_by_role("heading", level=1).inner_text() == "Your training passport"
    row = page.locator("tr", has_text=COURSE)
    assert "Valid" in row.inner_text() and certificate.serial in row.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name=f"PDF of {COURSE}").click()
    saved = tmp_path / "certificate.pdf"
    download.value.save_as(saved)
    assert download.value.suggested_filename == f"certificate-{certificate.serial}.pdf"
    assert saved.read_bytes().startswith(b"%PDF-")

    follow(page, "Create a share link")
    submit(page, "Create link")  # no length chosen
    assert "Choose how long the link works for" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Label (optional)").fill(LABEL)
    page.get_by_label("30 days").check()
    submit(page, "Create link")
    assert "Share link created" in page.locator(".govuk-notification-banner--success").inner_text()
    link = page.get_by_label("Your link").input_value()
    share = PassportShare.objects.get()
    assert link == share.url and share.label == LABEL
    submit(page, "Sign out")

    # Anyone holding the link sees the summary, and nothing else about the person.
    visit_and_check(page, urlsplit(link).path)
    assert page.get_by_role("heading", level=1).inner_text() == worker.get_full_name()
    assert "Valid" in page.locator("tr", has_text=COURSE).inner_text()
    assert worker.email not in page.content() and "Oak House" not in page.content()

    sign_in(page, world["elm_manager"])
    visit_and_check(page, "/passport/import/")
    page.get_by_label("Passport share link or certificate address").fill(link)
    submit(page, "Check the training")
    assert page.get_by_role("heading", level=1).inner_text() == "Check the training before you record it"
    card = page.locator(".govuk-summary-card", has_text=COURSE)
    assert "Verified" in card.inner_text()
    assert page.get_by_label(f"Record {COURSE} as accepted prior learning").is_checked()
    counts_as = page.get_by_label(f"Which academy course does {COURSE} count as?")
    assert counts_as.locator("option:checked").inner_text() == COURSE
    submit(page, "Record as accepted prior learning")
    assert "Training recorded" in page.locator(".govuk-panel").inner_text()
    assert COURSE in page.locator("table").inner_text()
    check(page)

    claim = PriorLearning.objects.get()
    assert claim.person == worker and claim.status == PriorLearningStatus.ACCEPTED
    assert claim.course == course and claim.decided_by == world["elm_manager"]
    assert claim.source_credential == certificate.credential
    submit(page, "Sign out")

    # The graduate sees their link was opened (once by the visitor, twice by the import).
    sign_in(page, worker)
    visit_and_check(page, "/passport/")
    assert "Opened 3 times" in page.locator("tr", has_text=LABEL).inner_text()


def test_a_withdrawn_link_and_a_tampered_credential_are_explained(page, world, private_files, tmp_path):
    worker = world["oak_worker"]
    complete(worker, _course())
    certificate = Certificate.objects.get()
    share = passport_share_create(person=worker, label=LABEL, days=7)

    sign_in(page, worker)
    visit_and_check(page, "/passport/")
    follow(page, f"Withdraw {LABEL}")
    assert page.get_by_role("heading", level=1).inner_text() == f"Withdraw “{LABEL}”?"
    submit(page, "Withdraw link")
    assert "Link withdrawn" in page.locator(".govuk-notification-banner--success").inner_text()
    assert "Withdrawn" in page.locator("tr", has_text=LABEL).inner_text()
    submit(page, "Sign out")
    visit_and_check(page, urlsplit(share.url).path, status=410)
    assert page.get_by_role("heading", level=1).inner_text() == "This passport link has been withdrawn"

    tampered = json.loads(json.dumps(certificate.credential))
    tampered["credentialSubject"]["achievement"]["name"] = "Advanced fire safety"
    upload = tmp_path / "credential.json"
    upload.write_text(json.dumps(tampered))
    sign_in(page, world["elm_manager"])
    visit_and_check(page, "/passport/import/")
    page.get_by_label("Or upload a credential file").set_input_files(str(upload))
    submit(page, "Check the training")
    card = page.locator(".govuk-summary-card", has_text="Advanced fire safety")
    assert "Not verified" in card.inner_text() and "signature does not match" in card.inner_text()
    assert page.get_by_role("button", name="Record as accepted prior learning").count() == 0
    assert not PriorLearning.objects.exists()
