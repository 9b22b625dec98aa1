"""Assessment pages (lms/views_assessor.py): the queue, signing off and withdrawing, prior learning sent
and decided, a learner's own lists, and private files: who may open what, bad input, query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.models import EnrolmentStatus, ObservationSignOff, PriorLearning, PriorLearningStatus
from lms.services.assessment import observation_sign_off, observation_withdraw, prior_learning_submit
from tests.lms import assessment_support as support
from tests.lms.assessment_support import BAD_FILES, enrol, stored_files, unit_of, upload

private_root = support.private_root
observed_course = support.observed_course
pytestmark = pytest.mark.usefixtures("private_root")

TODAY = timezone.localdate


def _today() -> str:
    return f"{TODAY():%d/%m/%Y}"


def _sign_off_url(enrolment, unit=None) -> str:
    unit = unit or unit_of(enrolment.course, "observation")
    return reverse("observation_sign_off", args=[enrolment.registration, unit.key])


def _claim(person, *, by=None, title="Moving and handling people", **fields):
    return prior_learning_submit(
        person=person,
        by=by or person,
        title=title,
        provider_name="Stafford College",
        completed_on=fields.pop("completed_on", datetime.date(2025, 9, 1)),
        certificate=fields.pop("certificate", upload()),
        **fields,
    )


def _signed(enrolment, assessor):
    return observation_sign_off(
        enrolment=enrolment,
        unit=unit_of(enrolment.course, "observation"),
        assessor=assessor,
        observed_on=TODAY(),
        notes="Followed the care plan.",
    )


def _errors(response) -> list[str]:
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.text, re.S)
    return re.findall(r"<(?:a|li)[^>]*>([^<]+)</", summary.group(1)) if summary else []


# --- The queue ----------------------------------------------------------------------------


def test_the_queue_lists_own_learners_waiting_observations_and_claims(client, world, observed_course):
    enrol(world["oak_worker"], observed_course)
    enrol(world["elm_worker"], observed_course)
    _claim(world["oak_bank_worker"])
    _claim(world["elm_worker"], title="Elm's secret training")
    client.force_login(world["oak_assessor"])

    response = client.get(reverse("assessment_queue"))

    assert response.status_code == 200
    page = response.text
    assert "Pat Oakworker" in page and _sign_off_url(world["oak_worker"].enrolments.get()) in page
    assert "Pat Oakbank" in page and "Moving and handling people" in page
    assert "Elmworker" not in page and "Elm&#x27;s secret training" not in page
    assert response.context["observations"].paginator.count == 1
    assert response.context["claims"].paginator.count == 1


def test_met_observations_leave_the_queue(client, world, observed_course):
    _signed(enrol(world["oak_worker"], observed_course), world["oak_assessor"])
    client.force_login(world["oak_assessor"])
    response = client.get(reverse("assessment_queue"))
    assert response.context["observations"].paginator.count == 0
    assert "No workplace observations are waiting." in response.text


@pytest.mark.parametrize("who", ["oak_worker", "commissioner", "editor", "nobody"])
def test_people_who_assess_nobody_have_no_queue(client, world, who):
    client.force_login(world[who])
    assert client.get(reverse("assessment_queue")).status_code == 404


def test_the_queue_asks_signing_in_first(client):
    response = client.get(reverse("assessment_queue"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _fill_queue(world, make_course, make_person, make_membership, *, learners: int, courses: int):
    course_list = [
        make_course(f"Care Certificate standard {n}", units=["content", "observation", "observation"])
        for n in range(courses)
    ]
    for n in range(learners):
        person = make_person(last_name=f"Learner{n}")
        make_membership(person, world["oak"])
        for course in course_list:
            enrol(person, course)
        _claim(person, title=f"Training {n}")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_queue_takes_the_same_queries_however_long_it_is(
    client, world, make_course, make_person, make_membership, django_assert_max_num_queries
):
    client.force_login(world["oak_assessor"])
    _fill_queue(world, make_course, make_person, make_membership, learners=1, courses=1)
    small = _queries(client, reverse("assessment_queue"))
    _fill_queue(world, make_course, make_person, make_membership, learners=25, courses=3)
    with django_assert_max_num_queries(small):
        response = client.get(reverse("assessment_queue"))
    assert response.context["observations"].paginator.count == 2 + 25 * 6
    assert len(response.context["observations"].object_list) == 20
    assert response.context["claims"].paginator.count == 26
    assert "Page 1 of 8" in response.text
    second = client.get(reverse("assessment_queue"), {"observations_page": 2, "claims_page": 2})
    assert second.context["observations"].number == 2 and second.context["claims"].number == 2


def test_a_learners_assessment_page_takes_the_same_queries_however_much_they_have(
    client, world, make_course, django_assert_max_num_queries
):
    client.force_login(world["oak_assessor"])
    url = reverse("assessment_person", args=[world["oak_worker"].public_id])
    _signed(
        enrol(world["oak_worker"], make_course("Standard 1", units=["observation"])), world["oak_assessor"]
    )
    _claim(world["oak_worker"], title="First")
    small = _queries(client, url)
    for n in range(2, 8):
        enrolment = enrol(world["oak_worker"], make_course(f"Standard {n}", units=["observation"]))
        _signed(enrolment, world["oak_assessor"])
        _claim(world["oak_worker"], title=f"Training {n}")
    with django_assert_max_num_queries(small):
        client.get(url)


# --- Signing off --------------------------------------------------------------------------


@pytest.fixture
def enrolment(world, observed_course):
    return enrol(world["oak_worker"], observed_course)


def test_an_assessor_signs_off_an_observation(client, world, enrolment):
    client.force_login(world["oak_assessor"])
    url = _sign_off_url(enrolment)
    page = client.get(url)
    assert page.status_code == 200 and "Sign off: Observation unit" in page.text

    response = client.post(
        url,
        {
            "observed_on": _today(),
            "notes": "Helped Mr A choose his clothes.",
            "evidence": upload("p.png", support.PNG),
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse(
        "assessment_person", args=[world["oak_worker"].public_id]
    )
    assert "Observation unit signed off for Pat Oakworker" in response.text
    sign_off = ObservationSignOff.objects.get()
    assert sign_off.assessor == world["oak_assessor"] and sign_off.evidence
    assert reverse("observation_evidence", args=[sign_off.pk]) in response.text


def test_signing_off_twice_shows_who_signed_it_off(client, world, enrolment):
    _signed(enrolment, world["oak_manager"])
    client.force_login(world["oak_assessor"])
    url = _sign_off_url(enrolment)
    assert "Already signed off by Pat Oakmanager" in client.get(url).text

    response = client.post(url, {"observed_on": _today(), "notes": "Again."})

    assert response.status_code == 200
    (error,) = _errors(response)
    assert "already signed off by Pat Oakmanager" in error
    assert ObservationSignOff.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"observed_on": "", "notes": "Fine."}, "Enter the date you observed them"),
        ({"observed_on": "31/02/2026", "notes": "Fine."}, "as day/month/year"),
        ({"observed_on": "tomorrow", "notes": "Fine."}, "as day/month/year"),
        ({"observed_on": "01/01/2999", "notes": "Fine."}, "must be today or in the past"),
        ({"observed_on": "01/01/2000", "notes": "Fine."}, "on or after"),
        ({"observed_on": _today(), "notes": ""}, "Enter what you observed"),
        ({"observed_on": _today(), "notes": "x" * 4001}, "4,000 characters or fewer"),
    ],
    ids=["no-date", "no-such-day", "words", "future", "before-enrolling", "no-notes", "long-notes"],
)
def test_bad_sign_offs_get_a_form_error_and_nothing_is_saved(client, world, enrolment, data, message):
    client.force_login(world["oak_assessor"])
    response = client.post(_sign_off_url(enrolment), data)
    assert response.status_code == 200
    assert any(message in error for error in _errors(response)), _errors(response)
    assert response.context["form"].errors
    assert "Error: Sign off" in response.text  # the title says so too
    assert not ObservationSignOff.objects.exists()


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_bad_evidence_gets_a_form_error_and_nothing_is_saved(
    client, world, enrolment, private_root, name, content, message
):
    client.force_login(world["oak_assessor"])
    data = {"observed_on": _today(), "notes": "Fine.", "evidence": upload(name, content)}
    response = client.post(_sign_off_url(enrolment), data)
    assert response.status_code == 200
    assert _errors(response) == [message]
    assert not ObservationSignOff.objects.exists() and stored_files(private_root) == []


def test_another_providers_staff_answer_404_without_their_name(client, world, observed_course):
    elm = enrol(world["elm_worker"], observed_course)
    claim = _claim(world["elm_worker"])
    client.force_login(world["oak_assessor"])
    for url in [
        _sign_off_url(elm),
        reverse("assessment_person", args=[world["elm_worker"].public_id]),
        reverse("prior_learning_decide", args=[claim.pk]),
        reverse("prior_learning_new_for", args=[world["elm_worker"].public_id]),
        reverse("prior_learning_certificate", args=[claim.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Elmworker" not in response.text
    assert client.post(_sign_off_url(elm), {"observed_on": _today(), "notes": "x"}).status_code == 404
    assert not ObservationSignOff.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/assessment/observations/not-a-uuid/also-not/",
        "/assessment/observations/00000000-0000-0000-0000-000000000000/00000000-0000-0000-0000-000000000000/",
        "/assessment/people/00000000-0000-0000-0000-000000000000/",
        "/assessment/sign-offs/99999/withdraw/",
        "/assessment/prior-learning/99999/",
        "/files/observations/99999/",
        "/files/prior-learning/99999/",
    ],
)
def test_made_up_addresses_answer_404(client, world, path):
    client.force_login(world["oak_assessor"])
    assert client.get(path).status_code == 404


def test_a_content_unit_cannot_be_signed_off_by_its_address(client, world, enrolment):
    client.force_login(world["oak_assessor"])
    assert client.get(_sign_off_url(enrolment, unit_of(enrolment.course, "content"))).status_code == 404


# --- Withdrawing, and what the learner sees -----------------------------------------------


def test_withdrawing_reopens_the_course_and_the_learner_sees_why(client, world, enrolment):
    from lms.services.progress import content_viewed

    content_viewed(enrolment=enrolment, unit=unit_of(enrolment.course, "content"))
    sign_off = _signed(enrolment, world["oak_assessor"])
    client.force_login(world["oak_manager"])
    url = reverse("observation_withdraw", args=[sign_off.pk])

    empty = client.post(url, {"reason": "  "})
    assert _errors(empty) == ["Enter why you are withdrawing the sign-off"]

    response = client.post(url, {"reason": "Observed with the wrong person's plan."}, follow=True)
    assert "Sign-off withdrawn" in response.text
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.IN_PROGRESS and enrolment.expires_on is None

    again = client.post(url, {"reason": "Twice"})
    assert any("already withdrawn" in error for error in _errors(again))

    client.force_login(world["oak_worker"])
    mine = client.get(reverse("my_observations"))
    assert "Sign-off withdrawn" in mine.text
    assert "Observed with the wrong person&#x27;s plan." in mine.text


def test_a_learner_sees_their_signed_off_observations(client, world, enrolment):
    _signed(enrolment, world["oak_assessor"])
    client.force_login(world["oak_worker"])
    page = client.get(reverse("my_observations")).text
    assert "Signed off" in page and "Pat Oakassessor" in page and "Followed the care plan." in page


# --- Prior learning: sending --------------------------------------------------------------


def _claim_form(**overrides):
    data = {
        "title": "Safeguarding adults level 2",
        "provider_name": "Riverside Nursing Home",
        "completed_on": "14/03/2025",
        "course": "",
        "certificate": upload(),
    }
    data.update(overrides)
    return data


def test_a_learner_adds_training_done_elsewhere_and_sees_it_waiting(client, world):
    client.force_login(world["oak_worker"])
    assert client.get(reverse("prior_learning_new")).status_code == 200

    response = client.post(reverse("prior_learning_new"), _claim_form(), follow=True)

    assert response.redirect_chain[-1][0] == reverse("prior_learning_list")
    assert "Safeguarding adults level 2 was sent to an assessor" in response.text
    assert "Waiting for a decision" in response.text
    claim = PriorLearning.objects.get()
    assert claim.person == world["oak_worker"] and claim.submitted_by == world["oak_worker"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Enter the name of the training"),
        ({"provider_name": ""}, "Enter who delivered the training"),
        ({"completed_on": "01/13/2025"}, "Enter the date you completed it as day/month/year"),
        ({"completed_on": "01/01/2999"}, "must be today or in the past"),
        ({"course": "not-a-number"}, "Choose a course from the list"),
        ({"course": "999999"}, "Choose a course from the list"),
        ({"certificate": ""}, "Select the certificate"),
        *[({"certificate": upload(name, content)}, message) for name, content, message in BAD_FILES],
    ],
)
def test_bad_claims_get_a_form_error_and_nothing_is_saved(client, world, private_root, overrides, message):
    client.force_login(world["oak_worker"])
    response = client.post(reverse("prior_learning_new"), _claim_form(**overrides))
    assert response.status_code == 200
    assert any(message in error for error in _errors(response)), _errors(response)
    assert not PriorLearning.objects.exists() and stored_files(private_root) == []


def test_a_manager_adds_it_for_one_of_their_staff(client, world):
    client.force_login(world["oak_manager"])
    url = reverse("prior_learning_new_for", args=[world["oak_worker"].public_id])
    assert "Add training they have done elsewhere" in client.get(url).text
    client.post(url, _claim_form())
    claim = PriorLearning.objects.get()
    assert claim.person == world["oak_worker"] and claim.submitted_by == world["oak_manager"]


def test_an_assessor_who_is_not_their_manager_does_not_add_it(client, world):
    client.force_login(world["oak_assessor"])
    url = reverse("prior_learning_new_for", args=[world["oak_worker"].public_id])
    assert client.get(url).status_code == 404


def test_the_learner_sees_why_a_claim_was_not_accepted(client, world):
    from lms.services.assessment import prior_learning_reject

    prior_learning_reject(
        claim=_claim(world["oak_worker"]), by=world["oak_assessor"], reason="It was in 2009."
    )
    client.force_login(world["oak_worker"])
    page = client.get(reverse("prior_learning_list")).text
    assert "Not accepted" in page and "It was in 2009." in page


def test_a_learner_sees_only_their_own_claims(client, world):
    _claim(world["oak_bank_worker"], title="Bank worker's training")
    client.force_login(world["oak_worker"])
    assert "Bank worker" not in client.get(reverse("prior_learning_list")).text


# --- Prior learning: deciding -------------------------------------------------------------


def test_an_assessor_accepts_a_claim_as_a_course(client, world, make_course):
    course = make_course("Moving and handling people", units=["content"], refresher_months=36)
    claim = _claim(world["oak_worker"], course=course)
    client.force_login(world["oak_assessor"])
    url = reverse("prior_learning_decide", args=[claim.pk])
    page = client.get(url)
    assert page.status_code == 200 and f'value="{course.pk}" selected' in page.text

    response = client.post(url, {"decision": "accept", "course": course.pk, "expires_on": ""}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("assessment_queue")
    assert "accepted as Moving and handling people" in response.text
    claim.refresh_from_db()
    assert claim.status == PriorLearningStatus.ACCEPTED
    assert claim.expires_on == datetime.date(2028, 9, 1)
    assert "Decided by Pat Oakassessor" in client.get(url).text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose whether to accept the training"),
        ({"decision": "maybe"}, "Choose whether to accept the training"),
        ({"decision": "accept"}, "Choose the course it counts as"),
        ({"decision": "accept", "course": "999999"}, "Choose a course from the list"),
        ({"decision": "accept", "course": "COURSE", "expires_on": "soon"}, "as day/month/year"),
        (
            {"decision": "accept", "course": "COURSE", "expires_on": "01/01/2025"},
            "must be after 1 September 2025",
        ),
        ({"decision": "reject", "reason": " "}, "Enter why the training is not accepted"),
    ],
    ids=["nothing", "bad-choice", "no-course", "no-such-course", "bad-expiry", "early-expiry", "no-reason"],
)
def test_bad_decisions_get_a_form_error_and_nothing_changes(client, world, make_course, data, message):
    course = make_course("Fire safety", units=["content"], refresher_months=12)
    claim = _claim(world["oak_worker"])
    client.force_login(world["oak_assessor"])
    data = {key: str(course.pk) if value == "COURSE" else value for key, value in data.items()}
    response = client.post(reverse("prior_learning_decide", args=[claim.pk]), data)
    assert response.status_code == 200
    assert any(message in error for error in _errors(response)), _errors(response)
    claim.refresh_from_db()
    assert claim.status == PriorLearningStatus.PENDING


def test_an_assessor_rejects_a_claim_with_a_reason(client, world):
    claim = _claim(world["oak_worker"])
    client.force_login(world["oak_manager"])
    response = client.post(
        reverse("prior_learning_decide", args=[claim.pk]),
        {"decision": "reject", "reason": "Please send the full certificate, both pages."},
        follow=True,
    )
    assert "not accepted. Pat Oakworker sees your reason" in response.text
    claim.refresh_from_db()
    assert claim.status == PriorLearningStatus.REJECTED


def test_a_decided_claim_cannot_be_decided_again(client, world):
    from lms.services.assessment import prior_learning_reject

    claim = _claim(world["oak_worker"])
    prior_learning_reject(claim=claim, by=world["oak_manager"], reason="Out of date.")
    client.force_login(world["oak_assessor"])
    response = client.post(
        reverse("prior_learning_decide", args=[claim.pk]), {"decision": "reject", "reason": "x"}
    )
    assert any("already decided" in error for error in _errors(response))


# --- Private files ------------------------------------------------------------------------


@pytest.fixture
def files(world, enrolment):
    sign_off = observation_sign_off(
        enrolment=enrolment,
        unit=unit_of(enrolment.course, "observation"),
        assessor=world["oak_assessor"],
        observed_on=TODAY(),
        notes="Seen.",
        evidence=upload("photo.jpg", support.JPEG),
    )
    claim = _claim(world["oak_worker"])
    return {
        reverse("observation_evidence", args=[sign_off.pk]): ("image/jpeg", support.JPEG, ".jpg"),
        reverse("prior_learning_certificate", args=[claim.pk]): ("application/pdf", support.PDF, ".pdf"),
    }


@pytest.mark.parametrize("who", ["oak_worker", "oak_manager", "oak_assessor", "superuser"])
def test_files_are_served_to_the_learner_their_managers_assessors_and_superusers(client, world, files, who):
    client.force_login(world[who])
    for url, (content_type, content, extension) in files.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Disposition"].endswith(f'{extension}"')
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize(
    "who", ["elm_manager", "oak_bank_worker", "commissioner", "bank_coordinator", "editor"]
)
def test_files_answer_404_to_everyone_else(client, world, files, who):
    client.force_login(world[who])
    for url in files:
        assert client.get(url).status_code == 404, url


def test_files_need_signing_in(client, files):
    for url in files:
        assert client.get(url).status_code == 302


def test_files_are_not_under_media_url(settings, world, files, private_root):
    kept = stored_files(private_root)
    assert len(kept) == 2
    assert not any(str(path).startswith(str(settings.MEDIA_ROOT)) for path in kept)
    assert all(not url.startswith(settings.MEDIA_URL) for url in files)


def test_a_withdrawn_sign_offs_evidence_stays_with_the_learner(client, world, files):
    observation_withdraw(
        sign_off=ObservationSignOff.objects.get(), by=world["oak_assessor"], reason="Wrong date"
    )
    client.force_login(world["oak_worker"])
    url = next(iter(files))
    assert client.get(url).status_code == 200


def test_an_empty_post_gets_errors_not_a_blank_form(client, world, enrolment):
    sign_off = _signed(enrolment, world["oak_assessor"])
    claim = _claim(world["oak_worker"])
    client.force_login(world["oak_manager"])
    for url in [
        reverse("observation_withdraw", args=[sign_off.pk]),
        reverse("prior_learning_decide", args=[claim.pk]),
        reverse("prior_learning_new"),
        reverse("prior_learning_new_for", args=[world["oak_worker"].public_id]),
    ]:
        response = client.post(url, {})
        assert response.status_code == 200, url
        assert _errors(response), url
    enrol(world["oak_bank_worker"], enrolment.course)
    response = client.post(_sign_off_url(world["oak_bank_worker"].enrolments.get()), {})
    assert _errors(response) == ["Enter the date you observed them", "Enter what you observed"]


def test_a_courses_upload_link_starts_the_claim_as_that_course(client, world, make_course):
    course = make_course("Oliver McGowan Part 1", units=["external"], refresher_months=36)
    client.force_login(world["oak_worker"])
    page = client.get(reverse("prior_learning_new"), {"course": course.pk}).text
    assert f'value="{course.pk}" selected' in page
    assert client.get(reverse("prior_learning_new"), {"course": "junk"}).status_code == 200


@pytest.mark.parametrize(
    "course", ["²", "9" * 5000, "١٢", "-1", " 1"], ids=["superscript", "huge", "arabic", "neg", "space"]
)
def test_a_bad_course_in_the_upload_link_is_ignored(client, world, course):
    client.force_login(world["oak_worker"])
    response = client.get(reverse("prior_learning_new"), {"course": course})
    assert response.status_code == 200
    assert " selected" not in response.text.split('name="course"', 1)[1].split("</select>", 1)[0]


# --- A worker at two providers: names, withdrawing and evidence stay with the provider -----------


@pytest.fixture
def elm_sign_off(world, make_membership, observed_course):
    """Elm's manager signed off the Elm worker, who now also works at Oak."""
    make_membership(world["elm_worker"], world["oak"])
    enrolment = enrol(world["elm_worker"], observed_course)
    return observation_sign_off(
        enrolment=enrolment,
        unit=unit_of(observed_course, "observation"),
        assessor=world["elm_manager"],
        observed_on=TODAY(),
        notes="Seen at Elm.",
        evidence=upload("photo.jpg", support.JPEG),
    )


def test_another_providers_assessor_is_not_named_on_the_learners_page(client, world, elm_sign_off):
    client.force_login(world["oak_assessor"])
    page = client.get(reverse("assessment_person", args=[world["elm_worker"].public_id])).text
    assert "Elmmanager" not in page
    assert "by someone at another provider" in page
    client.force_login(world["elm_manager"])
    page = client.get(reverse("assessment_person", args=[world["elm_worker"].public_id])).text
    assert "by Pat Elmmanager" in page


def test_a_withdrawn_sign_off_names_only_people_the_viewer_may_see(client, world, elm_sign_off):
    observation_withdraw(sign_off=elm_sign_off, by=world["elm_manager"], reason="Wrong date")
    client.force_login(world["oak_manager"])
    page = client.get(reverse("assessment_person", args=[world["elm_worker"].public_id])).text
    assert "Elmmanager" not in page
    assert "Signed off by someone at another provider" in page
    assert "withdrawn by someone at another provider: Wrong date" in page


def test_a_colleagues_sign_off_names_them(client, world, enrolment):
    _signed(enrolment, world["oak_manager"])
    client.force_login(world["oak_assessor"])
    page = client.get(reverse("assessment_person", args=[world["oak_worker"].public_id])).text
    assert "by Pat Oakmanager" in page and "another provider" not in page


@pytest.mark.parametrize("who", ["oak_assessor", "oak_manager"])
def test_another_providers_sign_off_cannot_be_withdrawn(client, world, elm_sign_off, who):
    client.force_login(world[who])
    url = reverse("observation_withdraw", args=[elm_sign_off.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Not ours"}).status_code == 404
    elm_sign_off.refresh_from_db()
    assert elm_sign_off.withdrawn_at is None


@pytest.mark.parametrize("who", ["elm_manager", "superuser"])
def test_the_signing_provider_and_superusers_withdraw_it(client, world, elm_sign_off, who):
    client.force_login(world[who])
    response = client.post(reverse("observation_withdraw", args=[elm_sign_off.pk]), {"reason": "Wrong date"})
    assert response.status_code == 302
    elm_sign_off.refresh_from_db()
    assert elm_sign_off.withdrawn_at is not None


def test_a_colleague_withdraws_a_sign_off_made_at_their_provider(client, world, enrolment):
    sign_off = _signed(enrolment, world["oak_manager"])
    client.force_login(world["oak_assessor"])
    response = client.post(reverse("observation_withdraw", args=[sign_off.pk]), {"reason": "Wrong date"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("oak_manager", 404),
        ("oak_assessor", 404),
        ("elm_manager", 200),
        ("elm_worker", 200),
        ("superuser", 200),
    ],
)
def test_evidence_from_another_provider_stays_there(client, world, elm_sign_off, who, status):
    client.force_login(world[who])
    assert client.get(reverse("observation_evidence", args=[elm_sign_off.pk])).status_code == status
