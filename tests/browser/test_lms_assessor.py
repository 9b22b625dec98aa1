"""Assessment in a browser: an assessor signs off a worker's observation from the queue and the worker's
course shows it met; a worker sends a certificate and the assessor accepts it; a sign-off is withdrawn
and the worker sees why. Every page, error states included, is checked with axe."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from lms.models import CourseCatalogPage, CoursePage, CourseUnit, ObservationSignOff, PriorLearning
from lms.services.assessment import observation_sign_off
from lms.services.enrolment import enrolment_create
from lms.services.progress import content_viewed
from tests.browser.helpers import check, follow, sign_in, submit, visit_and_check
from tests.lms.assessment_support import PDF, PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COURSE = "Care Certificate standard 7: Privacy and dignity"


def _course(title=COURSE, *, kinds=("content", "observation"), refresher_months=None) -> CoursePage:
    page = CoursePage(
        title=title,
        summary=f"{title}: learn it, then show it at work.",
        learning_outcomes="<ul><li>Respect people's privacy and dignity</li></ul>",
        duration_minutes=90,
        refresher_months=refresher_months,
    )
    for kind in kinds:
        page.units.add(
            CourseUnit(
                title={"content": "What you will learn", "observation": "Observed at work"}.get(kind, kind),
                kind=kind,
                launch_url="https://elearning.example.org/" if kind == "external" else "",
                accepts_evidence=kind == "external",
            )
        )
    CourseCatalogPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return CoursePage.objects.get(pk=page.pk)


def _ready_for_observation(learner, course):
    enrolment, _ = enrolment_create(learner=learner, course=course)
    content_viewed(enrolment=enrolment, unit=course.units.get(kind="content"))
    return enrolment


def _sign_out(page):
    submit(page, "Sign out")


@pytest.fixture
def private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    return tmp_path


def test_an_assessor_signs_off_an_observation_and_the_course_shows_it_met(
    page, world, private_files, tmp_path
):
    course = _course()
    _ready_for_observation(world["oak_worker"], course)
    _ready_for_observation(world["elm_worker"], course)  # another provider's: never shown
    evidence = tmp_path / "signed-record.png"
    evidence.write_bytes(PNG)

    sign_in(page, world["oak_assessor"])
    visit_and_check(page, "/assessment/")
    assert page.get_by_role("heading", level=1).inner_text() == "Assessments"
    assert "Elmworker" not in page.content()
    follow(page, f"Sign off Pat Oakworker: {COURSE}")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign off: Observed at work"

    # A date in the future is refused, with the error summary and the field both saying so.
    page.get_by_label("Date you observed them").fill("01/01/2999")
    page.get_by_label("What you observed").fill("Closed the door and curtains, and asked before helping.")
    submit(page, "Sign off")
    assert "must be today or in the past" in page.locator(".govuk-error-summary").inner_text()
    assert not ObservationSignOff.objects.exists()

    page.get_by_label("Date you observed them").fill(f"{timezone.localdate():%d/%m/%Y}")
    page.get_by_label("Evidence (optional)").set_input_files(str(evidence))
    submit(page, "Sign off")
    banner = page.locator(".govuk-notification-banner--success")
    assert "Observed at work signed off for Pat Oakworker" in banner.inner_text()
    assert page.get_by_role("link", name=f"Download the evidence for {COURSE}").is_visible()
    sign_off = ObservationSignOff.objects.get()
    assert sign_off.assessor == world["oak_assessor"] and sign_off.evidence

    visit_and_check(page, "/assessment/")
    assert "No workplace observations are waiting." in page.content()

    _sign_out(page)
    sign_in(page, world["oak_worker"])
    visit_and_check(page, course.url)
    assert "Completed" in page.locator(".govuk-panel").inner_text()
    visit_and_check(page, "/learning/observations/")
    card = page.locator(".govuk-summary-card", has_text=COURSE)
    assert "Signed off" in card.inner_text() and "Pat Oakassessor" in card.inner_text()


def test_a_worker_sends_a_certificate_and_the_assessor_accepts_it(page, world, private_files, tmp_path):
    part_1 = _course(
        "Oliver McGowan Mandatory Training: Part 1", kinds=("content", "external"), refresher_months=36
    )
    enrolment_create(learner=world["oak_worker"], course=part_1)
    wrong = tmp_path / "certificate.pdf"
    wrong.write_bytes(b"this is not a PDF at all")
    certificate = tmp_path / "oliver-mcgowan.pdf"
    certificate.write_bytes(PDF)

    sign_in(page, world["oak_worker"])
    visit_and_check(page, "/learning/prior-learning/")
    follow(page, "Add training you have done elsewhere")
    page.get_by_label("Name of the training").fill("Oliver McGowan Part 1 e-learning")
    page.get_by_label("Who delivered it").fill("NHS England e-learning for healthcare")
    completed = timezone.localdate() - datetime.timedelta(days=20)
    page.get_by_label("Date completed").fill(f"{completed:%d/%m/%Y}")
    page.get_by_label("Certificate", exact=True).set_input_files(str(wrong))
    submit(page, "Send for a decision")
    assert "must be a PDF, PNG or JPG" in page.locator(".govuk-error-summary").inner_text()
    assert not PriorLearning.objects.exists()

    page.get_by_label("Certificate", exact=True).set_input_files(str(certificate))
    submit(page, "Send for a decision")
    assert "was sent to an assessor" in page.locator(".govuk-notification-banner--success").inner_text()
    assert "Waiting for a decision" in page.locator("table").inner_text()

    _sign_out(page)
    sign_in(page, world["oak_assessor"])
    visit_and_check(page, "/assessment/")
    follow(page, "Decide Pat Oakworker: Oliver McGowan Part 1 e-learning")
    submit(page, "Save decision")  # no decision chosen
    assert "Choose whether to accept the training" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Accept it", exact=True).check()
    page.get_by_label("Which course does it count as?").select_option(label=part_1.title)
    check(page)  # with a decision chosen
    submit(page, "Save decision")
    assert "accepted as Oliver McGowan" in page.locator(".govuk-notification-banner--success").inner_text()

    _sign_out(page)
    sign_in(page, world["oak_worker"])
    visit_and_check(page, "/learning/prior-learning/")
    row = page.locator("tr", has_text="Oliver McGowan Part 1 e-learning")
    expires = completed + relativedelta(months=36)
    assert "Accepted" in row.inner_text() and f"{expires:%-d %B %Y}" in row.inner_text()
    visit_and_check(page, part_1.url)
    assert "Completed" in page.locator(".govuk-panel").inner_text()


def test_a_withdrawn_sign_off_tells_the_worker_why(page, world, private_files):
    course = _course()
    enrolment = _ready_for_observation(world["oak_worker"], course)
    sign_off = observation_sign_off(
        enrolment=enrolment,
        unit=course.units.get(kind="observation"),
        assessor=world["oak_assessor"],
        observed_on=timezone.localdate(),
        notes="Knocked and waited before going in.",
    )

    sign_in(page, world["oak_manager"])
    visit_and_check(page, f"/assessment/people/{world['oak_worker'].public_id}/")
    follow(page, f"Withdraw sign-off of {COURSE}")
    submit(page, "Withdraw sign-off")
    assert "Enter why you are withdrawing" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Why are you withdrawing the sign-off?").fill("Observed on the wrong shift's record.")
    submit(page, "Withdraw sign-off")
    assert "Sign-off withdrawn" in page.locator(".govuk-notification-banner--success").inner_text()
    sign_off.refresh_from_db()
    assert sign_off.withdrawn_at is not None

    _sign_out(page)
    sign_in(page, world["oak_worker"])
    visit_and_check(page, "/learning/observations/")
    card = page.locator(".govuk-summary-card", has_text=COURSE)
    assert "Sign-off withdrawn" in card.inner_text()
    assert "Observed on the wrong shift's record." in card.inner_text()
