"""Importing training at a new employer (certificates/passport_import.py): a share link, a verification
address or a credential file, from this academy or another, verified and recorded as accepted prior
learning in one step for the importer's own staff only; anything tampered, revoked or expired refused."""

import datetime
import html
import json
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from certificates import passport_import
from certificates.credentials.did import did_document
from certificates.credentials.exceptions import ResolutionError
from certificates.credentials.keys import generate_private_key_pem
from certificates.credentials.openbadges import CredentialFacts, build_credential, new_identity_salt
from certificates.credentials.signing import sign
from certificates.credentials.status_list import status_list_credential
from certificates.models import Certificate, PassportShare
from certificates.passport import passport_share_create, passport_share_revoke
from certificates.services import certificate_revoke
from lms import wagtail_hooks as lms_actions
from lms.models import PriorLearning, PriorLearningStatus
from lms.selectors import held_course_ids
from lms.services.assessment import prior_learning_submit
from tests.certificates.conftest import complete
from tests.lms.assessment_support import upload

OTHER = "https://other-academy.example.org"


# --- Helpers -----------------------------------------------------------------------------------


def _start(client, *, link="", credential=None, raw: bytes | None = None):
    data = {"link": link}
    if credential is not None or raw is not None:
        content = raw if raw is not None else json.dumps(credential).encode()
        data["credential_file"] = SimpleUploadedFile(
            "credential.json", content, content_type="application/json"
        )
    return client.post(reverse("passport_import"), data)


def _keys(page: str) -> list[str]:
    """The items the confirmation page offers to record, by their form key."""
    return re.findall(r'name="record-([0-9a-f]{12})"', page)


def _keys_by_title(page: str) -> dict[str, str]:
    """Each recordable item's title, and its form key."""
    found = {}
    for card in page.split('<div class="govuk-summary-card">')[1:]:
        title = re.search(r'govuk-summary-card__title">([^<]+)</h3>', card)
        key = re.search(r'name="record-([0-9a-f]{12})"', card)
        if title and key:
            found[title.group(1)] = key.group(1)
    return found


def _options(page: str, name: str) -> str:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    return select.group(1) if select else ""


def _selected(page: str, name: str) -> str | None:
    chosen = re.search(r'<option value="([^"]*)" selected>', _options(page, name))
    return chosen.group(1) if chosen else None


def _record(client, *, link="", credential=None, person=None, items: dict):
    data = {"link": link, "document": json.dumps(credential) if credential is not None else ""}
    if person is not None:
        data["person"] = str(person.pk)
    for key, course in items.items():
        data[f"record-{key}"] = "on"
        data[f"course-{key}"] = str(course.pk) if course is not None else ""
    return client.post(reverse("passport_import_record"), data)


def _errors(response) -> str:
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.text, re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", summary.group(1))) if summary else ""


def _private_files(settings) -> list:
    from pathlib import Path

    return [path for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if path.is_file()]


@pytest.fixture
def joined(world, worker, make_membership):
    """The graduate has a new job at Elm Court (and is still at Oak House)."""
    make_membership(worker, world["elm"])
    return worker


@pytest.fixture
def certificate(completed):
    return Certificate.objects.get()


@pytest.fixture
def share(worker, completed):
    return passport_share_create(person=worker, label="For Elm Court", days=30)


class OtherAcademy:
    """Another academy running this software at OTHER, with its own signing key: it issues credentials
    and serves its DID document, status list and passports as the real one would over HTTPS."""

    def __init__(self):
        self.pem = generate_private_key_pem().decode()
        self.revoked: set[int] = set()
        self.documents: dict[str, dict] = {}
        self.requested: list[str] = []
        self._next = 1

    def _as_issuer(self):
        return override_settings(
            SITE_URL=OTHER, CERTIFICATE_SIGNING_KEY=self.pem, WAGTAIL_SITE_NAME="Other Academy"
        )

    def issue(self, *, email, name, title, valid_until=None, days_ago=10) -> dict:
        index, self._next = self._next, self._next + 1
        with self._as_issuer():
            facts = CredentialFacts(
                certificate_uuid=uuid.uuid4(),
                learner_email=email,
                identity_salt=new_identity_salt(),
                learner_name=name,
                achievement_url=f"{OTHER}/xapi/activities/courses/{900 + index}",
                achievement_name=title,
                achievement_description=title,
                criteria=f"Completed {title}.",
                valid_from=timezone.now() - datetime.timedelta(days=days_ago),
                valid_until=valid_until,
                status_list_url=f"{OTHER}/certificates/status/1.json",
                status_list_index=index,
                issuer_name="Other Academy",
            )
            return sign(build_credential(facts))

    def fetch(self, url: str) -> dict:
        self.requested.append(url)
        with self._as_issuer():
            if url == f"{OTHER}/.well-known/did.json":
                return did_document()
            if url == f"{OTHER}/certificates/status/1.json":
                return status_list_credential(list_url=url, revoked=sorted(self.revoked))
        if url in self.documents:
            return self.documents[url]
        raise ResolutionError(f"{url} answered 404.")

    def share(self, token: str, *, name: str, credentials: list[dict]) -> str:
        self.documents[f"{OTHER}/passport/shared/{token}.json"] = {
            "type": "TrainingPassport",
            "learner_name": name,
            "issuer": {"name": "Other Academy", "url": OTHER},
            "certificates": [
                {
                    "achievement": {"name": c["credentialSubject"]["achievement"]["name"]},
                    "status": "valid",
                    "status_label": "Valid",
                    "credential": c,
                }
                for c in credentials
            ],
            "prior_learning": [{"title": "Dementia awareness", "provider_name": "A college"}],
        }
        return f"{OTHER}/passport/shared/{token}/"


@pytest.fixture
def other_academy(monkeypatch):
    academy = OtherAcademy()
    monkeypatch.setattr(passport_import, "fetch_json", academy.fetch)
    return academy


# --- From this academy -------------------------------------------------------------------------


def test_a_local_share_becomes_accepted_prior_learning_in_one_step(
    client, world, joined, fire_safety, certificate, share, settings
):
    manager = world["elm_manager"]
    client.force_login(manager)
    confirm = _start(client, link=share.url)
    assert confirm.status_code == 200
    text = confirm.text
    assert "Fire safety awareness" in text and "Verified" in text
    assert f"{joined.get_full_name()}, one of your staff" in text
    [key] = _keys(text)
    assert _selected(text, f"course-{key}") == str(fire_safety.pk)  # the course its id names
    assert not PriorLearning.objects.exists()  # nothing is recorded by looking

    response = _record(client, link=share.url, items={key: fire_safety})
    assert response.status_code == 302
    claim = PriorLearning.objects.get()
    assert response["Location"] == f"{reverse('passport_import_recorded')}?claim={claim.pk}"
    assert claim.person == joined and claim.status == PriorLearningStatus.ACCEPTED
    assert claim.course == fire_safety and claim.title == "Fire safety awareness"
    assert claim.provider_name == settings.WAGTAIL_SITE_NAME
    assert claim.completed_on == certificate.completed_on and claim.expires_on == certificate.expires_on
    assert claim.submitted_by == manager and claim.decided_by == manager
    # The original credential is kept as the evidence, as it came and as the file.
    assert claim.source_credential == certificate.credential
    assert claim.certificate.name.endswith(".json")
    with claim.certificate.open("rb") as handle:
        assert json.loads(handle.read()) == certificate.credential
    actions = set(ModelLogEntry.objects.filter(object_id=str(claim.pk)).values_list("action", flat=True))
    assert {lms_actions.PRIOR_LEARNING_SUBMITTED, lms_actions.PRIOR_LEARNING_ACCEPTED} <= actions
    share.refresh_from_db()
    assert share.times_opened == 2  # read for the confirmation, and again to record

    done = client.get(response["Location"])
    assert (
        done.status_code == 200 and "Training recorded" in done.text and "Fire safety awareness" in done.text
    )


def test_an_uploaded_credential_is_matched_to_its_holder_and_recorded(
    client, world, joined, fire_safety, certificate
):
    client.force_login(world["elm_manager"])
    confirm = _start(client, credential=certificate.credential)
    assert confirm.status_code == 200 and "Verified" in confirm.text
    assert _selected(confirm.text, "person") == str(joined.pk)  # its hashed email is theirs
    [key] = _keys(confirm.text)
    response = _record(client, credential=certificate.credential, person=joined, items={key: fire_safety})
    assert response.status_code == 302
    claim = PriorLearning.objects.get()
    assert claim.person == joined and claim.status == PriorLearningStatus.ACCEPTED
    assert claim.source_credential == certificate.credential
    # The kept credential downloads as what it is.
    evidence = client.get(f"/files/prior-learning/{claim.pk}/")
    assert evidence["Content-Type"] == "application/json"
    assert evidence["Content-Disposition"].endswith('.json"')
    assert json.loads(b"".join(evidence.streaming_content)) == certificate.credential


def test_a_verification_address_of_this_academy_is_read_locally(
    client, world, joined, fire_safety, certificate, monkeypatch
):
    monkeypatch.setattr(passport_import, "fetch_json", lambda url: pytest.fail(f"fetched {url}"))
    client.force_login(world["elm_manager"])
    confirm = _start(client, link=certificate.verify_url)
    assert "Verified" in confirm.text and _selected(confirm.text, "person") == str(joined.pk)
    [key] = _keys(confirm.text)
    assert (
        _record(client, link=certificate.verify_url, person=joined, items={key: fire_safety}).status_code
        == 302
    )
    assert PriorLearning.objects.get().person == joined


def test_an_assessor_who_is_not_a_manager_may_import_too(client, world, worker, fire_safety, certificate):
    client.force_login(world["oak_assessor"])
    confirm = _start(client, credential=certificate.credential)
    [key] = _keys(confirm.text)
    assert (
        _record(
            client, credential=certificate.credential, person=worker, items={key: fire_safety}
        ).status_code
        == 302
    )
    assert PriorLearning.objects.get().decided_by == world["oak_assessor"]


def test_importing_the_same_credential_twice_is_refused(
    client, world, joined, fire_safety, certificate, share
):
    client.force_login(world["elm_manager"])
    [key] = _keys(_start(client, link=share.url).text)
    _record(client, link=share.url, items={key: fire_safety})
    again = _start(client, link=share.url)
    assert "Already recorded for them" in again.text and not _keys(again.text)
    response = _record(client, link=share.url, items={key: fire_safety})
    assert "cannot be recorded" in _errors(response)
    assert PriorLearning.objects.count() == 1


def test_a_course_must_be_chosen_for_each_item(client, world, joined, certificate, share):
    client.force_login(world["elm_manager"])
    [key] = _keys(_start(client, link=share.url).text)
    response = _record(client, link=share.url, items={key: None})
    assert "Choose which course Fire safety awareness counts as" in _errors(response)
    assert not PriorLearning.objects.exists()


def test_recording_is_all_or_nothing(client, world, joined, fire_safety, make_course, share, settings):
    moving = make_course("Moving and handling")
    complete(joined, moving)
    Certificate.objects.filter(course=moving).update(credential=None)  # made when read, as the task would
    # They had also sent it themselves: the second item is refused by the LMS, so the first is not kept.
    prior_learning_submit(
        person=joined,
        by=joined,
        title="Moving and handling",
        provider_name="Somewhere",
        completed_on=timezone.localdate(),
        certificate=upload(),
    )
    client.force_login(world["elm_manager"])
    keys = _keys_by_title(_start(client, link=share.url).text)
    assert set(keys) == {"Fire safety awareness", "Moving and handling"}
    files_before = _private_files(settings)
    response = _record(
        client,
        link=share.url,
        items={keys["Fire safety awareness"]: fire_safety, keys["Moving and handling"]: moving},
    )
    assert response.status_code == 200
    assert "already waiting for a decision" in _errors(response)
    assert not PriorLearning.objects.filter(status=PriorLearningStatus.ACCEPTED).exists()
    assert PriorLearning.objects.count() == 1
    assert _private_files(settings) == files_before  # no evidence file left behind


# --- Refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tamper",
    [
        lambda c: c["credentialSubject"]["achievement"].__setitem__("name", "Advanced fire safety"),
        lambda c: c["credentialSubject"].__setitem__("name", "Somebody Else"),
        lambda c: c.__setitem__("validUntil", "2099-12-31T23:59:59Z"),
        lambda c: c["issuer"].__setitem__("name", "A Better Academy"),
    ],
    ids=["achievement", "name", "expiry", "issuer"],
)
def test_a_tampered_credential_is_shown_with_why_and_cannot_be_recorded(
    client, world, joined, fire_safety, certificate, tamper
):
    credential = json.loads(json.dumps(certificate.credential))
    tamper(credential)
    client.force_login(world["elm_manager"])
    confirm = _start(client, credential=credential)
    assert confirm.status_code == 200
    assert "Not verified" in confirm.text and "signature does not match" in confirm.text
    assert not _keys(confirm.text) and "Record as accepted prior learning" not in confirm.text
    # Sending the form anyway (with the item's key) records nothing.
    key = passport_import._key(credential["id"])
    response = _record(client, credential=credential, person=joined, items={key: fire_safety})
    assert response.status_code == 200 and "cannot be recorded" in _errors(response)
    assert not PriorLearning.objects.exists()


def test_a_revoked_certificate_cannot_be_recorded(client, world, joined, fire_safety, certificate, share):
    client.force_login(world["elm_manager"])
    [key] = _keys(_start(client, link=share.url).text)
    # Revoked between the confirmation page and the press of the button.
    certificate_revoke(certificate=certificate, by=world["commissioner"], reason="Issued in error")
    response = _record(client, link=share.url, items={key: fire_safety})
    assert "revoked" in _errors(response)
    assert not PriorLearning.objects.exists()
    confirm = _start(client, credential=certificate.credential)
    assert "The issuer has revoked this credential." in confirm.text and not _keys(confirm.text)


def test_a_manager_elsewhere_cannot_import_someone_not_on_their_staff(
    client, world, worker, certificate, share
):
    client.force_login(world["elm_manager"])  # the worker is at Oak House only
    response = _start(client, link=share.url)
    assert response.status_code == 200
    assert "not one of your staff" in _errors(response)
    assert worker.get_full_name() not in response.text
    assert "Fire safety awareness" not in response.text
    assert PassportShare.objects.get().times_opened == 0


def test_people_offered_are_the_importers_own_staff_only(client, world, worker, fire_safety, certificate):
    client.force_login(world["elm_manager"])
    confirm = _start(client, credential=certificate.credential)
    people = _options(confirm.text, "person")
    assert world["elm_worker"].email in people and world["elm_manager"].email not in people
    assert worker.email not in people and world["oak_manager"].email not in people
    assert _selected(confirm.text, "person") is None  # nobody on their staff holds it
    [key] = _keys(confirm.text)
    response = _record(client, credential=certificate.credential, person=worker, items={key: fire_safety})
    assert "Choose the member of staff it is for" in _errors(response)
    assert not PriorLearning.objects.exists()


def test_with_too_many_people_to_list_the_importer_types_the_email(
    client, world, joined, fire_safety, certificate, monkeypatch
):
    monkeypatch.setattr(passport_import, "PEOPLE_LISTED_MAX", 1)  # a superuser sees everyone
    client.force_login(world["elm_manager"])
    confirm = _start(client, credential=certificate.credential)
    assert 'name="person_email"' in confirm.text and 'name="person"' not in confirm.text
    [key] = _keys(confirm.text)
    data = {
        "document": json.dumps(certificate.credential),
        f"record-{key}": "on",
        f"course-{key}": fire_safety.pk,
    }
    stranger = client.post(
        reverse("passport_import_record"), {**data, "person_email": world["oak_manager"].email}
    )
    assert "Nobody on your staff has that email address" in _errors(stranger)
    assert not PriorLearning.objects.exists()
    response = client.post(reverse("passport_import_record"), {**data, "person_email": joined.email.upper()})
    assert response.status_code == 302 and PriorLearning.objects.get().person == joined


@pytest.mark.parametrize("who", ["oak_worker", "editor", "commissioner", "recruiter"])
def test_the_import_is_404_for_people_who_assess_nobody(client, world, who):
    client.force_login(world[who])
    assert client.get(reverse("passport_import")).status_code == 404
    assert client.post(reverse("passport_import_record"), {"link": "x"}).status_code == 404
    assert client.get(reverse("passport_import_recorded"), {"claim": "1"}).status_code == 404


def test_the_recorded_page_shows_only_the_importers_own_records(
    client, world, joined, fire_safety, share, make_person, make_membership, make_organisation
):
    client.force_login(world["elm_manager"])
    [key] = _keys(_start(client, link=share.url).text)
    _record(client, link=share.url, items={key: fire_safety})
    claim = PriorLearning.objects.get()
    client.force_login(world["oak_manager"])  # assesses the worker at Oak House too, so may see it
    assert client.get(reverse("passport_import_recorded"), {"claim": claim.pk}).status_code == 200
    elsewhere = make_person("manager@ash.example.org")
    make_membership(elsewhere, make_organisation("Ash Lodge"), manager=True)
    client.force_login(elsewhere)
    assert client.get(reverse("passport_import_recorded"), {"claim": claim.pk}).status_code == 404


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "The selected file is empty"),
        (b"{not json", "is not valid JSON (line 1, column 2"),
        (b"[1, 2]", "JSON but not a credential"),
        (b"\xff\xfe\x00binary", "it is not text"),
        (b"{" + b" " * (1024 * 1024 + 10) + b"}", "must be smaller than 1MB"),
        (b'{"hello": "world"}', "not a W3C Verifiable Credential"),
    ],
    ids=["empty", "bad-json", "array", "binary", "huge", "not-a-credential"],
)
def test_a_bad_upload_gets_a_clear_message(client, world, raw, message):
    client.force_login(world["elm_manager"])
    response = _start(client, raw=raw)
    assert response.status_code == 200
    assert message in response.text
    assert not PriorLearning.objects.exists()


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("", "Paste a passport share link or a certificate's address, or upload a file"),
        ("https://example.org/some/page/", "is not a passport share link"),
        (
            "http://other-academy.example.org/passport/shared/abcdefghijklmnopqrstuvwxyz123456/",
            "must start with https://",
        ),
        (
            "http://testserver/passport/shared/abcdefghijklmnopqrstuvwxyz123456/",
            "No passport is shared at that link",
        ),
        ("http://testserver/certificates/verify/SCA-AAAA-AAAA/", "no certificate with that address"),
    ],
)
def test_a_bad_link_gets_a_clear_message(client, world, link, message):
    client.force_login(world["elm_manager"])
    response = _start(client, link=link)
    assert response.status_code == 200 and message in _errors(response)


@pytest.mark.parametrize("gone", ["expired", "revoked"])
def test_an_expired_or_withdrawn_share_says_so(client, world, joined, share, gone):
    if gone == "revoked":
        passport_share_revoke(share=share, by=joined)
    else:
        PassportShare.objects.filter(pk=share.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=40),
            expires_at=timezone.now() - datetime.timedelta(days=10),
        )
    client.force_login(world["elm_manager"])
    expected = "been withdrawn" if gone == "revoked" else "expired"
    assert expected in _errors(_start(client, link=share.url))


def test_both_a_link_and_a_file_is_one_too_many(client, world, certificate, share):
    client.force_login(world["elm_manager"])
    response = _start(client, link=share.url, credential=certificate.credential)
    assert "not both" in _errors(response)


# --- From another academy ----------------------------------------------------------------------


def test_a_passport_from_another_academy_is_verified_and_counts_toward_requirements(
    client, world, fire_safety, other_academy
):
    learner = world["elm_worker"]
    credential = other_academy.issue(
        email=learner.email,
        name=learner.get_full_name(),
        title="Fire Safety Awareness",
        valid_until=timezone.localdate() + datetime.timedelta(days=200),
    )
    link = other_academy.share("T" * 32, name=learner.get_full_name(), credentials=[credential])
    client.force_login(world["elm_manager"])
    confirm = _start(client, link=link)
    assert f"{OTHER}/passport/shared/{'T' * 32}.json" in other_academy.requested
    assert "A passport shared by Other Academy" in confirm.text
    assert "Verified" in confirm.text and "Dementia awareness" in confirm.text  # shown, not recordable
    assert _selected(confirm.text, "person") == str(learner.pk)
    [key] = _keys(confirm.text)
    assert _selected(confirm.text, f"course-{key}") == str(fire_safety.pk)  # matched by its name
    assert fire_safety.pk not in held_course_ids(learner=learner)

    response = _record(client, link=link, person=learner, items={key: fire_safety})
    assert response.status_code == 302
    claim = PriorLearning.objects.get()
    assert claim.person == learner and claim.status == PriorLearningStatus.ACCEPTED
    assert claim.provider_name == "Other Academy" and claim.title == "Fire Safety Awareness"
    assert claim.expires_on == timezone.localdate() + datetime.timedelta(days=200)
    assert claim.completed_on == timezone.now().date() - datetime.timedelta(days=10)
    assert claim.source_credential == credential
    assert fire_safety.pk in held_course_ids(learner=learner)  # compliance counts it now


def test_a_credential_revoked_by_another_academy_is_refused(client, world, fire_safety, other_academy):
    learner = world["elm_worker"]
    credential = other_academy.issue(email=learner.email, name="Pat Elmworker", title="Fire safety awareness")
    other_academy.revoked.add(int(credential["credentialStatus"]["statusListIndex"]))
    client.force_login(world["elm_manager"])
    confirm = _start(client, credential=credential)
    assert "The issuer has revoked this credential." in confirm.text and not _keys(confirm.text)


def test_an_expired_credential_from_another_academy_is_refused(client, world, other_academy):
    learner = world["elm_worker"]
    credential = other_academy.issue(
        email=learner.email,
        name="Pat Elmworker",
        title="Fire safety awareness",
        valid_until=timezone.localdate() - datetime.timedelta(days=2),
        days_ago=400,
    )
    client.force_login(world["elm_manager"])
    confirm = _start(client, credential=credential)
    assert "The credential expired on" in confirm.text and not _keys(confirm.text)


def test_a_credential_whose_issuer_cannot_be_found_is_refused(client, world, other_academy, monkeypatch):
    credential = other_academy.issue(email="x@example.org", name="X", title="Fire safety awareness")

    def unreachable(url):
        raise ResolutionError(f"{url} could not be found.")

    monkeypatch.setattr(passport_import, "fetch_json", unreachable)
    client.force_login(world["elm_manager"])
    confirm = _start(client, credential=credential)
    assert "The issuer's key could not be confirmed" in html.unescape(confirm.text)
    assert not _keys(confirm.text)


def test_another_academys_verification_address_without_a_credential_is_shown_not_recorded(
    client, world, other_academy
):
    reference = str(uuid.uuid4())
    other_academy.documents[f"{OTHER}/certificates/verify/{reference}.json"] = {
        "status": "valid",
        "status_label": "Valid",
        "learner_name": "Pat Elmworker",
        "achievement": {"name": "Fire safety awareness"},
        "issuer": {"name": "Other Academy"},
    }
    client.force_login(world["elm_manager"])
    confirm = _start(client, link=f"{OTHER}/certificates/verify/{reference}/")
    assert "sent no signed credential" in confirm.text and not _keys(confirm.text)


def test_another_academy_that_cannot_be_reached_gets_a_clear_message(client, world, other_academy):
    client.force_login(world["elm_manager"])
    response = _start(client, link=f"{OTHER}/passport/shared/{'U' * 32}/")
    assert "could not be read from the other academy" in _errors(response)
    assert "answered 404" in _errors(response)


def test_a_link_withdrawn_between_the_two_pages_records_nothing(client, world, joined, fire_safety, share):
    client.force_login(world["elm_manager"])
    [key] = _keys(_start(client, link=share.url).text)
    passport_share_revoke(share=share, by=joined)
    response = _record(client, link=share.url, items={key: fire_safety})
    assert response.status_code == 200 and "been withdrawn" in _errors(response)
    assert not PriorLearning.objects.exists()
