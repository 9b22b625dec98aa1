"""Attachments sent with statements as multipart/mixed, returned with attachments=true, and signatures."""

import base64
import datetime
import hashlib
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from lrs.attachments import SIGNATURE_USAGE, split_multipart
from lrs.models import Credential, Statement

URL = "/xapi/statements"
BOUNDARY = "abc-boundary-123"
TEXT = b"A certificate of attendance\r\nwith two lines and binary \x00\xff bytes"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _attachment(content: bytes, usage="http://adlnet.gov/expapi/attachments/certificate", ctype="text/plain"):
    return {
        "usageType": usage,
        "display": {"en-GB": "Certificate"},
        "contentType": ctype,
        "length": len(content),
        "sha2": _sha(content),
    }


def _statement(*attachments):
    data = {
        "actor": {"mbox": "mailto:learner@example.org"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"},
        "object": {"id": "https://academy.example.org/events/7"},
    }
    if attachments:
        data["attachments"] = list(attachments)
    return data


def _multipart(statements, parts, *, cte=True, first_type="application/json", close=True):
    chunks = [
        f"--{BOUNDARY}\r\nContent-Type: {first_type}\r\n\r\n".encode(),
        json.dumps(statements).encode(),
        b"\r\n",
    ]
    for content, headers in parts:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        if cte:
            head += "Content-Transfer-Encoding: binary\r\n"
        chunks += [f"--{BOUNDARY}\r\n{head}\r\n".encode(), content, b"\r\n"]
    if close:
        chunks.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(chunks)


@pytest.fixture
def send(client, db):
    credential, secret = Credential.issue(name="content")
    auth = "Basic " + base64.b64encode(f"{credential.key}:{secret}".encode()).decode()
    headers = {"HTTP_AUTHORIZATION": auth, "HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}

    def post(body: bytes, content_type=f'multipart/mixed; boundary="{BOUNDARY}"', version="1.0.3"):
        return client.post(
            URL, body, content_type=content_type, **headers | {"HTTP_X_EXPERIENCE_API_VERSION": version}
        )

    post.get = lambda params: client.get(URL, params, **headers)
    return post


def _part(content, ctype="text/plain", sha=None):
    return content, {"Content-Type": ctype, "X-Experience-API-Hash": sha or _sha(content)}


def test_attachment_is_stored_and_returned(send):
    response = send(_multipart(_statement(_attachment(TEXT)), [_part(TEXT)]))
    assert response.status_code == 200, response.content
    (statement_id,) = response.json()

    plain = send.get({"statementId": statement_id})
    assert plain["Content-Type"] == "application/json"

    with_files = send.get({"statementId": statement_id, "attachments": "true"})
    assert with_files.status_code == 200
    parts = split_multipart(with_files.content, with_files["Content-Type"])
    assert json.loads(parts[0].body)["id"] == statement_id
    assert parts[1].body == TEXT
    assert parts[1].headers["x-experience-api-hash"] == _sha(TEXT)

    listed = send.get({"attachments": "true"})
    parts = split_multipart(listed.content, listed["Content-Type"])
    assert [p.body for p in parts[1:]] == [TEXT]


def test_attachment_by_url_needs_no_part(send):
    attachment = _attachment(TEXT) | {"fileUrl": "https://files.example.org/certificate.txt"}
    response = send(json.dumps(_statement(attachment)).encode(), content_type="application/json")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body_factory, reason",
    [
        (lambda: _multipart(_statement(_attachment(TEXT)), []), "must be sent in the request"),
        (
            lambda: _multipart(_statement(_attachment(TEXT)), [_part(TEXT, sha=_sha(b"other"))]),
            "must be sent in the request",
        ),
        (
            lambda: _multipart(_statement(_attachment(TEXT)), [(TEXT, {"Content-Type": "text/plain"})]),
            "no X-Experience-API-Hash",
        ),
        (
            lambda: _multipart(_statement(_attachment(TEXT)), [_part(TEXT)], cte=False),
            "Content-Transfer-Encoding",
        ),
        (lambda: _multipart(_statement(), [_part(TEXT)]), "belong to no attachment"),
        (
            lambda: _multipart(_statement(_attachment(TEXT)), [_part(TEXT)], first_type="text/plain"),
            "first part",
        ),
        (lambda: _multipart(_statement(_attachment(TEXT)), [_part(TEXT)], close=False), "closing boundary"),
    ],
)
def test_bad_multipart_requests_get_400_and_store_nothing(send, body_factory, reason):
    response = send(body_factory())
    assert response.status_code == 400
    assert reason in response.json()["error"]["message"]
    assert not Statement.objects.exists()


def test_a_part_is_filed_under_the_hash_it_declares_without_rehashing_its_bytes(send):
    """xAPI matches the part's X-Experience-API-Hash to the statement's sha2; it does not ask the LRS to
    hash the bytes again, and clients (the ADL suite among them) re-encode binary parts on the way."""
    re_encoded = TEXT.decode("latin-1").encode("utf-8")
    body = _multipart(_statement(_attachment(TEXT)), [_part(re_encoded, sha=_sha(TEXT))])
    response = send(body)
    assert response.status_code == 200, response.content
    with_files = send.get({"statementId": response.json()[0], "attachments": "true"})
    parts = split_multipart(with_files.content, with_files["Content-Type"])
    assert parts[1].headers["x-experience-api-hash"] == _sha(TEXT)
    assert parts[1].body == re_encoded


@pytest.mark.parametrize(
    "version, encoding, status",
    [
        ("1.0.3", "binary", 200),
        ("1.0.3", None, 400),
        ("1.0.3", "base64", 400),
        ("2.0.0", "binary", 200),
        ("2.0.0", None, 200),
        ("2.0.0", "base64", 400),
    ],
)
def test_content_transfer_encoding_is_binary_when_given_and_required_in_1_0_3(
    send, version, encoding, status
):
    content, headers = _part(TEXT)
    if encoding:
        headers["Content-Transfer-Encoding"] = encoding
    response = send(
        _multipart(_statement(_attachment(TEXT)), [(content, headers)], cte=False), version=version
    )
    assert response.status_code == status, response.content
    if status == 400:
        assert "Content-Transfer-Encoding: binary" in response.json()["error"]["message"]
        assert not Statement.objects.exists()


@pytest.mark.parametrize("content_type", ["application/json", "multipart/mixed"])
def test_an_attachment_without_url_needs_its_part_even_when_the_lrs_holds_those_bytes(send, content_type):
    assert send(_multipart(_statement(_attachment(TEXT)), [_part(TEXT)])).status_code == 200
    again = _statement(_attachment(TEXT))
    if content_type == "application/json":
        response = send(json.dumps(again).encode(), content_type="application/json")
    else:
        response = send(_multipart(again, []))
    assert response.status_code == 400
    assert "must be sent in the request" in response.json()["error"]["message"]
    assert Statement.objects.count() == 1


def test_json_request_cannot_carry_an_attachment_without_url(send):
    response = send(json.dumps(_statement(_attachment(TEXT))).encode(), content_type="application/json")
    assert response.status_code == 400
    assert "must be sent in the request" in response.json()["error"]["message"]


# --- Signed statements ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def signer():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Content supplier")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return key, base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _jws(payload: dict, key, x5c, alg="RS256", tamper=False) -> bytes:
    header = _b64url(json.dumps({"alg": alg, "x5c": [x5c]}).encode())
    body = _b64url(json.dumps(payload).encode())
    signature = key.sign(f"{header}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    if tamper:
        signature = bytes([signature[0] ^ 1]) + signature[1:]
    return f"{header}.{body}.{_b64url(signature)}".encode()


def _signed_request(signer, *, payload_change=None, alg="RS256", tamper=False):
    key, x5c = signer
    statement = _statement()
    payload = dict(statement) | (payload_change or {})
    jws = _jws(payload, key, x5c, alg=alg, tamper=tamper)
    signed = statement | {
        "attachments": [_attachment(jws, usage=SIGNATURE_USAGE, ctype="application/octet-stream")]
    }
    return _multipart(signed, [_part(jws, ctype="application/octet-stream")])


def test_a_signed_statement_is_accepted(send, signer):
    response = send(_signed_request(signer))
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"payload_change": {"verb": {"id": "http://adlnet.gov/expapi/verbs/passed"}}}, "does not match"),
        ({"alg": "HS256"}, "RS256, RS384 or RS512"),
        ({"tamper": True}, "does not verify"),
    ],
)
def test_bad_signatures_are_refused(send, signer, change, reason):
    response = send(_signed_request(signer, **change))
    assert response.status_code == 400
    assert reason in response.json()["error"]["message"]
    assert not Statement.objects.exists()
