"""Public verification: the page and JSON say only what anyone may know; bad references get clear pages."""

import json
import subprocess

import pytest

from certificates.models import Certificate
from certificates.pdf import render_certificate
from certificates.services import certificate_revoke


@pytest.fixture
def certificate(completed):
    return Certificate.objects.get()


def test_the_verification_page_says_valid_with_the_facts(client, certificate, worker):
    response = client.get(f"/certificates/verify/{certificate.uuid}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "This certificate is valid" in text
    assert worker.get_full_name() in text
    assert "Fire safety awareness" in text
    assert certificate.serial in text
    # Nothing else about the person: no email, no employer.
    assert worker.email not in text
    assert "Oak House" not in text


def test_the_json_has_status_name_achievement_dates_and_issuer_only(client, certificate, worker):
    response = client.get(f"/certificates/verify/{certificate.uuid}.json")
    assert response.status_code == 200
    facts = response.json()
    assert facts["status"] == "valid"
    assert facts["learner_name"] == worker.get_full_name()
    assert facts["achievement"]["name"] == "Fire safety awareness"
    assert facts["completed_on"] == certificate.completed_on.isoformat()
    assert facts["expires_on"] == certificate.expires_on.isoformat()
    assert facts["issuer"]["id"].startswith("did:web:")
    body = json.dumps(facts)
    assert worker.email not in body and str(worker.public_id) not in body and "Oak House" not in body


def test_a_serial_finds_the_certificate_however_it_is_typed(client, certificate):
    typed = certificate.serial.lower().replace("-", " ")
    response = client.get("/certificates/verify/", {"reference": typed})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_a_pasted_verification_address_is_understood(client, certificate):
    response = client.get("/certificates/verify/", {"reference": certificate.verify_url})
    assert response.status_code == 302 and str(certificate.uuid) in response["Location"]


@pytest.mark.parametrize(
    "reference, message",
    [("", "Enter the certificate number"), ("not-a-number", "Enter the certificate number as it is printed")],
)
def test_the_check_form_explains_a_bad_number(client, db, reference, message):
    response = client.get("/certificates/verify/", {"reference": reference})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Error: Check a certificate" in text  # the page title says there is an error
    assert message in text


def test_a_revoked_certificate_says_so_without_the_reason(client, world, certificate):
    certificate_revoke(certificate=certificate, by=world["commissioner"], reason="Private matter of conduct")
    text = client.get(f"/certificates/verify/{certificate.uuid}/").content.decode()
    assert "This certificate has been revoked" in text
    assert "Private matter" not in text
    assert client.get(f"/certificates/verify/{certificate.uuid}.json").json()["status"] == "revoked"


@pytest.mark.parametrize(
    "reference, words",
    [
        ("6b0f3d4e-8a51-4c1e-9d2b-0c7a1e5f9a31", "We have no certificate with that number"),
        ("SCA-0000-0000", "We have no certificate with that number"),
        ("<script>alert(1)<script>", "That is not a certificate number"),
        ("x" * 500, "That is not a certificate number"),
    ],
)
def test_unknown_and_malformed_references_get_a_clear_page(client, db, reference, words):
    response = client.get(f"/certificates/verify/{reference}/")
    assert response.status_code == 404
    text = response.content.decode()
    assert words in text
    assert "<script>alert(1)<script>" not in text
    json_response = client.get(f"/certificates/verify/{reference}.json")
    assert json_response.status_code == 404 and json_response.json()["error"]


def test_verification_is_rate_limited_per_address(client, settings, certificate):
    settings.CERTIFICATE_VERIFY_RATE = "3/m"
    codes = [client.get(f"/certificates/verify/{certificate.uuid}/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get(f"/certificates/verify/{certificate.uuid}.json")
    assert limited.status_code == 429 and limited["Retry-After"] == "60"


def _qr_codes_on_first_page(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    image = next(tmp_path.glob("page*.png"))
    found = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True, check=True
    )
    return found.stdout.split()


def test_the_pdfs_qr_code_opens_the_verification_page_saying_valid(client, certificate, tmp_path):
    with certificate.pdf.open("rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    [url] = _qr_codes_on_first_page(pdf, tmp_path)
    assert url == certificate.verify_url
    response = client.get(url.removeprefix("http://testserver"))
    assert "This certificate is valid" in response.content.decode()


def test_the_pdf_carries_every_fact_in_the_learners_own_letters(certificate, tmp_path):
    from io import BytesIO

    from pypdf import PdfReader

    certificate.learner_name = "Łucja Wójcik-Ștefănescu"
    text = PdfReader(BytesIO(render_certificate(certificate))).pages[0].extract_text()
    for fact in [
        "Łucja Wójcik-Ștefănescu",
        "Fire safety awareness",
        certificate.serial,
        f"{certificate.completed_on.day} {certificate.completed_on:%B %Y}",
        f"{certificate.expires_on.day} {certificate.expires_on:%B %Y}",
        "Social Care Academy",
    ]:
        assert fact in text


def test_the_status_list_marks_a_revoked_certificate(client, world, certificate):
    from certificates.credentials.status_list import decode_status_list, is_set
    from certificates.models import status_position

    number, index = status_position(certificate.pk)
    url = f"/certificates/status/{number}.json"
    before = client.get(url).json()
    assert not is_set(decode_status_list(before["credentialSubject"]["encodedList"]), index)
    certificate_revoke(certificate=certificate, by=world["commissioner"], reason="Issued in error")
    after = client.get(url).json()
    assert is_set(decode_status_list(after["credentialSubject"]["encodedList"]), index)
    assert certificate.credential["credentialStatus"]["statusListCredential"].endswith(url)


def test_behind_a_proxy_each_visitor_has_their_own_limit(client, settings, certificate):
    settings.CERTIFICATE_VERIFY_RATE = "2/m"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    url = f"/certificates/verify/{certificate.uuid}/"
    first = [client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code for _ in range(3)]
    other = client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.9").status_code
    assert first == [200, 200, 429] and other == 200
