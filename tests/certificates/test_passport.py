"""The training passport (certificates/passport.py, views_passport.py): the learner's page and PDF, share
links made, listed, withdrawn and expired, and what anyone holding a link sees (only the allowed facts)."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate, PassportShare
from certificates.passport import (
    LIVE_SHARES_MAX,
    PassportError,
    passport_share_create,
    passport_share_revoke,
)
from certificates.services import certificate_revoke
from lms.models import PriorLearning
from lms.services.assessment import prior_learning_accept, prior_learning_submit
from tests.certificates.conftest import complete
from tests.lms.assessment_support import upload

LABEL = "For my interview at Oak House"


def _accepted_claim(world, person, course, *, title="Moving and handling people"):
    claim = prior_learning_submit(
        person=person,
        by=person,
        title=title,
        provider_name="Stafford College",
        completed_on=datetime.date(2025, 9, 1),
        certificate=upload(),
    )
    return prior_learning_accept(claim=claim, by=world["oak_assessor"], course=course)


@pytest.fixture
def moving(make_course):
    return make_course("Moving and handling", refresher_months=36)


@pytest.fixture
def share(worker):
    return passport_share_create(person=worker, label=LABEL, days=30)


# --- The learner's page ------------------------------------------------------------------------


def test_the_passport_lists_certificates_and_accepted_prior_learning(
    client, world, worker, completed, moving
):
    certificate = Certificate.objects.get()
    _accepted_claim(world, worker, moving)
    pending = prior_learning_submit(
        person=worker,
        by=worker,
        title="Still waiting",
        provider_name="Somewhere",
        completed_on=datetime.date(2025, 1, 1),
        certificate=upload(),
    )
    client.force_login(worker)
    page = client.get(reverse("passport"))
    assert page.status_code == 200
    text = page.text
    assert "Fire safety awareness" in text and certificate.serial in text
    for name in ("certificate_detail", "certificate_pdf", "certificate_credential"):
        assert reverse(name, args=[certificate.uuid]) in text
    assert "Valid" in text and f"{certificate.expires_on:%-d %B %Y}" in text
    assert "Moving and handling people" in text and "Stafford College" in text
    assert pending.title not in text  # only accepted prior learning is on the passport
    assert reverse("certificates_zip") in text and reverse("passport_pdf") in text
    assert "You have not shared your passport yet." in text


def test_an_academy_certificate_imported_back_as_prior_learning_is_listed_once(
    client, world, worker, completed, moving
):
    from certificates.passport import accepted_prior_learning

    certificate = Certificate.objects.get()
    imported = _accepted_claim(world, worker, moving, title="Fire safety awareness (imported)")
    PriorLearning.objects.filter(pk=imported.pk).update(source_credential=certificate.credential)
    elsewhere = _accepted_claim(world, worker, moving, title="From another academy")
    PriorLearning.objects.filter(pk=elsewhere.pk).update(
        source_credential={"id": "urn:uuid:00000000-0000-4000-8000-000000000001"}
    )
    listed = [claim.title for claim in accepted_prior_learning(person=worker)]
    assert listed == ["From another academy"] or sorted(listed) == ["From another academy"]
    client.force_login(worker)
    text = client.get(reverse("passport")).text
    assert "Fire safety awareness (imported)" not in text and "From another academy" in text


def test_an_empty_passport_says_what_will_appear(client, worker):
    client.force_login(worker)
    text = client.get(reverse("passport")).text
    assert "You have no certificates yet." in text
    assert "No training done elsewhere has been accepted yet." in text
    assert reverse("certificates_zip") not in text  # nothing to put in a ZIP


def test_my_learning_links_to_the_passport(client, worker):
    client.force_login(worker)
    assert reverse("passport") in client.get(reverse("lms_my_learning")).text


@pytest.mark.parametrize("name", ["passport", "passport_pdf", "passport_share_new", "passport_import"])
def test_passport_pages_need_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_passport_downloads_as_one_pdf(client, world, worker, completed, moving):
    _accepted_claim(world, worker, moving)
    client.force_login(worker)
    response = client.get(reverse("passport_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "training-passport.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")


def test_the_passport_page_costs_the_same_queries_however_much_it_holds(
    client, world, worker, completed, moving, make_course, django_assert_max_num_queries
):
    _accepted_claim(world, worker, moving)
    passport_share_create(person=worker, label="", days=7)
    client.force_login(worker)
    client.get(reverse("passport"))  # warm: sessions, site and permissions caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("passport"))
    for n in range(4):
        complete(worker, make_course(f"Course {n}"))
        _accepted_claim(world, worker, moving, title=f"Elsewhere {n}")
        passport_share_create(person=worker, label=f"Link {n}", days=30)
    assert Certificate.objects.filter(learner=worker).count() == 5
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("passport"))
    assert "Course 3" in page.text and "Elsewhere 3" in page.text and "Link 3" in page.text


# --- Share links -------------------------------------------------------------------------------


def test_a_learner_creates_a_share_link_and_sees_it_to_copy(client, worker):
    client.force_login(worker)
    assert client.get(reverse("passport_share_new")).status_code == 200
    before = timezone.now()
    response = client.post(reverse("passport_share_new"), {"label": LABEL, "days": "30"})
    share = PassportShare.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("passport_share", args=[share.pk])
    assert share.person == worker and share.label == LABEL
    assert len(share.token) >= 32
    assert (
        before + datetime.timedelta(days=30)
        <= share.expires_at
        <= timezone.now() + datetime.timedelta(days=30)
    )
    page = client.get(response["Location"])
    assert "Share link created" in page.text
    assert f'value="{share.url}"' in page.text and "Not opened yet" in page.text
    passport = client.get(reverse("passport")).text
    assert LABEL in passport and "Not opened yet" in passport


def test_every_link_has_its_own_token(worker):
    first = passport_share_create(person=worker, label="", days=7)
    second = passport_share_create(person=worker, label="", days=7)
    assert first.token != second.token


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"label": "", "days": "5"}, "Choose how long the link works for"),
        ({"label": ""}, "Choose how long the link works for"),
        ({"label": "x" * 101, "days": "7"}, "The label must be 100 characters or fewer"),
    ],
)
def test_a_bad_share_form_says_why_and_makes_nothing(client, worker, data, message):
    client.force_login(worker)
    response = client.post(reverse("passport_share_new"), data)
    assert response.status_code == 200
    assert message in response.text and "govuk-error-summary" in response.text
    assert not PassportShare.objects.exists()


def test_the_service_refuses_other_lengths(worker):
    with pytest.raises(PassportError, match="Choose how long"):
        passport_share_create(person=worker, label="", days=365)


def test_there_is_a_limit_to_links_that_work_at_once(worker):
    for _ in range(LIVE_SHARES_MAX):
        passport_share_create(person=worker, label="", days=7)
    with pytest.raises(PassportError, match="Withdraw one"):
        passport_share_create(person=worker, label="", days=7)
    passport_share_revoke(share=PassportShare.objects.first(), by=worker)
    passport_share_create(person=worker, label="", days=7)  # a withdrawn link frees its place


def test_a_learner_withdraws_a_link_after_confirming(client, worker, share):
    client.force_login(worker)
    confirm = client.get(reverse("passport_share_revoke", args=[share.pk]))
    assert confirm.status_code == 200 and "Withdraw link" in confirm.text
    share.refresh_from_db()
    assert share.revoked_at is None  # looking at the confirmation changes nothing
    response = client.post(reverse("passport_share_revoke", args=[share.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("passport")
    share.refresh_from_db()
    assert share.revoked_at is not None and share.revoked_by == worker
    assert "Withdrawn" in client.get(reverse("passport")).text
    assert client.get(reverse("passport_shared", args=[share.token])).status_code == 410


def test_withdrawing_twice_is_refused(worker, share):
    passport_share_revoke(share=share, by=worker)
    with pytest.raises(PassportError, match="already withdrawn"):
        passport_share_revoke(share=share, by=worker)


@pytest.mark.parametrize("who", ["elm_manager", "oak_manager", "superuser", "nobody"])
def test_nobody_else_sees_or_withdraws_a_learners_link(client, world, share, who):
    client.force_login(world[who])
    assert client.get(reverse("passport_share", args=[share.pk])).status_code == 404
    assert client.post(reverse("passport_share_revoke", args=[share.pk])).status_code == 404
    share.refresh_from_db()
    assert share.revoked_at is None


def test_only_the_owner_withdraws_through_the_service(world, share):
    with pytest.raises(PassportError, match="Only the person"):
        passport_share_revoke(share=share, by=world["oak_manager"])


# --- What the link shows -----------------------------------------------------------------------


def _forbidden(world, worker, share) -> list[str]:
    """What the shared view must never show: the person's email, employer, ids, who assessed them."""
    return [
        worker.email,
        "oak.example.org",
        "Oak House",
        str(worker.public_id),
        world["oak_assessor"].last_name,
        LABEL,
    ]


def test_the_shared_page_shows_a_verified_summary_and_nothing_else(
    client, world, worker, completed, moving, share
):
    certificate = Certificate.objects.get()
    _accepted_claim(world, worker, moving)
    page = client.get(reverse("passport_shared", args=[share.token]))  # nobody signed in
    assert page.status_code == 200
    text = page.text
    assert worker.get_full_name() in text
    assert "Fire safety awareness" in text and certificate.serial in text and "Valid" in text
    assert "Moving and handling people" in text and "Accepted by the academy" in text
    assert "Checked by" in text
    for secret in _forbidden(world, worker, share):
        assert secret not in text, secret
    assert page["Cache-Control"].startswith("no-store") and "noindex" in page["X-Robots-Tag"]


def test_the_shared_json_carries_each_valid_certificates_signed_credential(
    client, world, worker, completed, moving, share
):
    certificate = Certificate.objects.get()
    _accepted_claim(world, worker, moving)
    response = client.get(reverse("passport_shared_json", args=[share.token]))
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "TrainingPassport" and body["learner_name"] == worker.get_full_name()
    [entry] = body["certificates"]
    assert entry["status"] == "valid" and entry["serial"] == certificate.serial
    assert entry["completed_on"] == certificate.completed_on.isoformat()
    assert entry["credential"] == certificate.credential
    [claim] = body["prior_learning"]
    assert claim["title"] == "Moving and handling people" and claim["status"] == "accepted"
    assert claim["counts_as"] == "Moving and handling"
    text = json.dumps(body)
    for secret in _forbidden(world, worker, share):
        assert secret not in text, secret


def test_a_revoked_certificate_shows_as_revoked_and_without_its_credential(client, world, completed, share):
    certificate_revoke(
        certificate=Certificate.objects.get(), by=world["commissioner"], reason="Issued in error"
    )
    assert "Revoked" in client.get(reverse("passport_shared", args=[share.token])).text
    [entry] = client.get(reverse("passport_shared_json", args=[share.token])).json()["certificates"]
    assert entry["status"] == "revoked" and entry["credential"] is None
    assert "Issued in error" not in json.dumps(entry)  # the reason is the learner's, not the public's


def test_opening_the_link_counts_with_one_update(client, share):
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("passport_shared", args=[share.token]))
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert len(writes) == 1 and "passportshare" in writes[0].lower()
    client.get(reverse("passport_shared_json", args=[share.token]))
    client.head(reverse("passport_shared", args=[share.token]))  # a HEAD is not someone reading it
    share.refresh_from_db()
    assert share.times_opened == 2
    assert timezone.now() - share.last_opened_at < datetime.timedelta(minutes=1)


def test_the_learner_sees_when_their_link_was_last_opened(client, worker, share):
    client.get(reverse("passport_shared", args=[share.token]))
    client.force_login(worker)
    client.get(reverse("passport_shared", args=[share.token]))  # looking at their own link is not counted
    text = client.get(reverse("passport")).text
    assert "Opened 1 time" in text and "Not opened yet" not in text


@pytest.mark.parametrize("gone", ["expired", "revoked"])
def test_an_expired_or_withdrawn_link_gets_a_clear_410(client, worker, share, gone):
    if gone == "expired":
        PassportShare.objects.filter(pk=share.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=31),
            expires_at=timezone.now() - datetime.timedelta(days=1),
        )
    else:
        passport_share_revoke(share=share, by=worker)
    page = client.get(reverse("passport_shared", args=[share.token]))
    assert page.status_code == 410
    assert ("has expired" if gone == "expired" else "has been withdrawn") in page.text
    assert worker.get_full_name() not in page.text
    response = client.get(reverse("passport_shared_json", args=[share.token]))
    assert response.status_code == 410 and response.json()["state"] == gone
    share.refresh_from_db()
    assert share.times_opened == 0


@pytest.mark.parametrize("token", ["A" * 32, "short", "x" * 80, "not-a-token-at-all-but-long-enough"])
def test_an_unknown_link_gets_a_clear_404(client, db, token):
    page = client.get(f"/passport/shared/{token}/")
    assert page.status_code == 404 and "We cannot find a passport at this link" in page.text
    response = client.get(f"/passport/shared/{token}.json")
    assert response.status_code == 404 and response.json()["state"] == "unknown"


def test_the_shared_view_is_rate_limited(client, settings, share):
    settings.CERTIFICATE_VERIFY_RATE = "2/m"
    url = reverse("passport_shared", args=[share.token])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(reverse("passport_shared_json", args=[share.token])).status_code == 429
