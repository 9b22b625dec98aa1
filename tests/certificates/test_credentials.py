"""Tests for certificates/credentials: sign, verify, tamper, rotate keys, status lists, DIDs, the loader."""

import copy
import datetime
import gzip
import hashlib
import json
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured

from certificates.credentials import keys
from certificates.credentials import resolver as resolver_module
from certificates.credentials.did import (
    did_document,
    did_web_document_url,
    did_web_for,
    issuer_did,
    verification_method_id,
)
from certificates.credentials.exceptions import CredentialError, ResolutionError, UnknownContextError
from certificates.credentials.loader import (
    BUNDLED_CONTEXTS,
    CREDENTIALS_V1,
    CREDENTIALS_V2,
    document_loader,
    load_context,
)
from certificates.credentials.multibase import from_multibase_base58btc, multibase_base64url
from certificates.credentials.openbadges import build_credential, identity_hash, identity_matches
from certificates.credentials.resolver import Resolver, fetch_json_over_https
from certificates.credentials.signing import _hash_data, canonicalize, sign, verify
from certificates.credentials.status_list import (
    MINIMUM_LENGTH,
    decode_status_list,
    encode_status_list,
    is_set,
    set_indexes,
    status_list_credential,
)
from certificates.credentials.verification import Status, verify_credential

SITE = "https://academy.example.org"
DID = "did:web:academy.example.org"
LIST_URL = f"{SITE}/certificates/status/1.json"
CERTIFICATE_UUID = uuid.UUID("6f1c3f0e-2b47-4c43-9a57-6a3b7d2f8e11")
ISSUED = datetime.datetime(2025, 3, 4, 10, 30, tzinfo=datetime.UTC)
DURING = datetime.date(2025, 6, 1)
INDEX = 4242


def new_pem() -> str:
    return keys.generate_private_key_pem().decode()


def refuse_network(url):
    raise ResolutionError(f"the test refused a request to {url}")


@pytest.fixture
def academy(settings, monkeypatch):
    """The academy on its https address with a signing key of its own for this test.

    Documents the certificates app serves from its own tables (registered local sources) are left
    out: these tests give every document a verification may read, or none.
    """
    monkeypatch.setattr(resolver_module, "_local_sources", [])
    settings.SITE_URL = SITE
    settings.CERTIFICATE_SIGNING_KEY = new_pem()
    settings.CERTIFICATE_SIGNING_KEY_FILE = ""
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = []
    return settings


def facts(**changes) -> dict:
    values = {
        "certificate_uuid": CERTIFICATE_UUID,
        "learner_email": "sam.carer@example.org",
        "identity_salt": "5b1f0c2a9e8d7c6b",
        "learner_name": "Sam Carer",
        "achievement_url": f"{SITE}/courses/moving-and-handling/",
        "achievement_name": "Moving and handling",
        "achievement_description": "Moving people safely, with the right equipment.",
        "criteria": "Completed every part of the course Moving and handling.",
        "valid_from": ISSUED,
        "valid_until": datetime.date(2026, 3, 4),
        "status_list_url": LIST_URL,
        "status_list_index": INDEX,
    }
    values.update(changes)
    return values


def signed(**changes) -> dict:
    return sign(build_credential(**facts(**changes)), created=ISSUED)


def status_list(revoked=(), *, url=LIST_URL) -> dict:
    return status_list_credential(
        list_url=url, revoked=revoked, valid_from=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )


def resolver_with(*documents: dict, fetch=refuse_network) -> Resolver:
    return Resolver(documents={document["id"]: document for document in documents}, fetch=fetch)


# --- Building ------------------------------------------------------------------------------------


def test_credential_is_an_open_badge_with_absolute_ids(academy):
    credential = build_credential(**facts())

    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"urn:uuid:{CERTIFICATE_UUID}"
    assert credential["issuer"] == {
        "id": DID,
        "type": ["Profile"],
        "name": "Social Care Academy",
        "url": SITE + "/",
    }
    assert credential["validFrom"] == "2025-03-04T10:30:00Z"
    assert credential["validUntil"] == "2026-03-04T23:59:59Z"  # a date holds to its last second
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["achievement"]["id"] == f"{SITE}/courses/moving-and-handling/"
    assert subject["achievement"]["criteria"] == {
        "narrative": "Completed every part of the course Moving and handling."
    }
    assert credential["credentialStatus"] == {
        "id": f"{LIST_URL}#{INDEX}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(INDEX),
        "statusListCredential": LIST_URL,
    }


def test_subject_is_a_salted_email_hash_never_the_email(academy):
    credential = build_credential(**facts())

    (identifier,) = credential["credentialSubject"]["identifier"]
    assert identifier == {
        "type": "IdentityObject",
        "identityHash": "sha256$"
        + __import__("hashlib").sha256(b"sam.carer@example.org5b1f0c2a9e8d7c6b").hexdigest(),
        "identityType": "emailAddress",
        "hashed": True,
        "salt": "5b1f0c2a9e8d7c6b",
    }
    assert "sam.carer@example.org" not in json.dumps(credential)
    assert identity_matches(credential["credentialSubject"], " Sam.Carer@Example.org ")
    assert not identity_matches(credential["credentialSubject"], "someone.else@example.org")
    assert identity_hash("a@example.org", "1") != identity_hash("a@example.org", "2")


@pytest.mark.parametrize(
    "change, message",
    [
        ({"achievement_url": "/courses/relative/"}, "absolute https URL"),
        ({"achievement_url": "http://academy.example.org/courses/x/"}, "https://"),
        ({"status_list_url": "ftp://academy.example.org/list"}, "absolute https URL"),
        ({"learner_email": ""}, "salted email hash"),
        ({"achievement_type": "Nonsense"}, "not an achievement type"),
        ({"status_list_index": -1}, "never negative"),
        ({"valid_from": datetime.datetime(2025, 1, 1)}, "time zone"),
    ],
    ids=["relative-achievement", "http-achievement", "ftp-list", "no-email", "type", "index", "naive-date"],
)
def test_bad_facts_are_refused_with_a_reason(academy, change, message):
    with pytest.raises(CredentialError, match=message):
        build_credential(**facts(**change))


def test_production_refuses_an_http_site_url(academy, monkeypatch):
    academy.SITE_URL = "http://academy.example.org"
    academy.DEBUG = False
    monkeypatch.setattr(keys, "_under_test_suite", lambda: False)

    with pytest.raises(ImproperlyConfigured, match="must start with https://"):
        build_credential(**facts())


def test_test_server_on_http_still_gets_absolute_ids(settings):
    settings.SITE_URL = "http://testserver"
    settings.CERTIFICATE_SIGNING_KEY = new_pem()

    credential = signed(
        achievement_url="http://testserver/courses/x/",
        status_list_url="http://testserver/certificates/status/1.json",
    )

    assert credential["issuer"]["id"] == "did:web:testserver"
    assert verify(credential).ok


# --- Signing and verifying -----------------------------------------------------------------------


def test_sign_then_verify(academy):
    credential = signed()

    proof = credential["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["created"] == "2025-03-04T10:30:00Z"
    assert proof["verificationMethod"] == f"{DID}#{keys.signing_key().public.multikey}"
    assert proof["proofValue"].startswith("z") and len(from_multibase_base58btc(proof["proofValue"])) == 64
    result = verify(credential, resolver=resolver_with())
    assert result.ok, result.errors
    assert result.issuer == DID
    assert result.verification_method == proof["verificationMethod"]


def test_signature_survives_json_round_trip_and_key_order(academy):
    credential = json.loads(json.dumps(signed(), sort_keys=True, indent=4))

    assert verify(credential).ok


def test_w3c_eddsa_rdfc_2022_test_vector():
    """The spec's own key and credential give the spec's own proofValue, byte for byte.

    From W3C VC Data Integrity EdDSA Cryptosuites v1.0, test vectors for eddsa-rdfc-2022. The vector's
    second context (credentials/examples/v2) is only `@vocab` for the example terms; it is written
    inline here because the loader refuses any URL it does not bundle.
    """
    seed = from_multibase_base58btc("z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq")[2:]
    private = Ed25519PrivateKey.from_private_bytes(seed)
    key = keys.SigningKey(private, keys.PublicKey.from_ed25519(private.public_key()))
    assert key.public.multikey == "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    issuer = "https://vc.example/issuers/5678"
    document = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            {"@vocab": "https://www.w3.org/ns/credentials/examples#"},
        ],
        "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
        "type": ["VerifiableCredential", "AlumniCredential"],
        "name": "Alumni Credential",
        "description": "A minimum viable example of an Alumni Credential.",
        "issuer": issuer,
        "validFrom": "2023-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
    }
    method = f"{issuer}#{key.public.multikey}"

    secured = sign(
        document,
        key=key,
        created=datetime.datetime(2023, 2, 24, 23, 36, 38, tzinfo=datetime.UTC),
        verification_method=method,
    )

    assert secured["proof"]["proofValue"] == (
        "z21EVs3eXERqTn4acNHT9viboqgzUaQ3kTmhPT3eA8qrVPE7CrQq78WkzctnMX5W4CrzcKnHw8V6dvy5pgWYCU5e9"
    )
    controller = {
        "id": issuer,
        "verificationMethod": [
            {
                "id": method,
                "type": "Multikey",
                "controller": issuer,
                "publicKeyMultibase": key.public.multikey,
            }
        ],
        "assertionMethod": [method],
    }
    assert verify(secured, resolver=resolver_with(controller)).ok


def _set(path, value):
    def change(credential):
        target = credential
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


TAMPERINGS = {
    "name": _set(["name"], "Advanced moving and handling"),
    "id": _set(["id"], "urn:uuid:00000000-0000-4000-8000-000000000000"),
    "type": _set(["type"], ["VerifiableCredential", "EndorsementCredential"]),
    "valid-from": _set(["validFrom"], "2024-03-04T10:30:00Z"),
    "valid-until": _set(["validUntil"], "2036-03-04T23:59:59Z"),
    "valid-until-removed": lambda credential: credential.pop("validUntil"),
    "learner-name": _set(["credentialSubject", "name"], "Someone Else"),
    "achievement-name": _set(["credentialSubject", "achievement", "name"], "Registered manager award"),
    "achievement-id": _set(["credentialSubject", "achievement", "id"], f"{SITE}/courses/other/"),
    "achievement-type": _set(["credentialSubject", "achievement", "achievementType"], "Certification"),
    "criteria": _set(["credentialSubject", "achievement", "criteria", "narrative"], "Nothing at all."),
    "subject-hash": _set(["credentialSubject", "identifier", 0, "identityHash"], "sha256$" + "0" * 64),
    "subject-salt": _set(["credentialSubject", "identifier", 0, "salt"], "other-salt"),
    "issuer-id": _set(["issuer", "id"], "did:web:other.example"),
    "issuer-name": _set(["issuer", "name"], "Another Academy"),
    "status-index": _set(["credentialStatus", "statusListIndex"], "7"),
    "status-list": _set(["credentialStatus", "statusListCredential"], f"{SITE}/certificates/status/2.json"),
    "status-removed": lambda credential: credential.pop("credentialStatus"),
    "added-property": _set(["description"], "A new claim"),
    "added-relative-image": _set(["credentialSubject", "achievement", "image"], "badge.png"),
    "proof-value": _set(["proof", "proofValue"], "z" + "1" * 86),
    "proof-value-one-character": lambda credential: credential["proof"].update(
        proofValue=credential["proof"]["proofValue"][:-1]
        + ("2" if credential["proof"]["proofValue"][-1] != "2" else "3")
    ),
    "proof-created": _set(["proof", "created"], "2020-01-01T00:00:00Z"),
    "proof-removed": lambda credential: credential.pop("proof"),
    "cryptosuite": _set(["proof", "cryptosuite"], "eddsa-jcs-2022"),
    "context-ob-version": _set(
        ["@context"],
        [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        ],
    ),
    "context-unknown": _set(
        ["@context"], ["https://www.w3.org/ns/credentials/v2", "https://evil.example/ctx"]
    ),
    "context-redefines-name": _set(
        ["@context"],
        [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            {"name": "https://evil.example/#name"},
        ],
    ),
}


@pytest.mark.parametrize("tampering", list(TAMPERINGS), ids=list(TAMPERINGS))
def test_tampering_with_any_field_fails(academy, tampering):
    credential = signed()
    changed = copy.deepcopy(credential)
    TAMPERINGS[tampering](changed)
    resolver = resolver_with(status_list())

    assert not verify(changed, resolver=resolver).ok
    result = verify_credential(changed, resolver=resolver, today=DURING)
    assert not result.ok
    assert result.status == Status.INVALID
    assert result.errors
    assert verify_credential(credential, resolver=resolver, today=DURING).ok  # the original still holds


def test_tampering_says_why(academy):
    credential = signed()
    credential["name"] = "Something else"

    result = verify(credential)

    assert result.errors == [
        "The signature does not match the credential: it has been changed since it was issued, "
        "or it was not signed with the key it names."
    ]


def test_another_issuer_named_on_the_academys_signature_fails(academy):
    credential = signed()
    credential["issuer"]["id"] = "did:web:other.example"

    result = verify(credential)

    assert "not of the issuer did:web:other.example" in result.errors[0]


def test_unpublished_key_fails(academy):
    stranger = keys.load_private_key_pem(new_pem())
    credential = sign(build_credential(**facts()), key=stranger, created=ISSUED)

    result = verify(credential, resolver=resolver_with())

    assert not result.ok
    assert "does not publish the key" in result.errors[0]


def test_wrong_key_claiming_the_academys_key_id_fails(academy):
    stranger = keys.load_private_key_pem(new_pem())
    real_id = verification_method_id(keys.signing_key().public)
    credential = sign(build_credential(**facts()), key=stranger, created=ISSUED, verification_method=real_id)

    result = verify(credential, resolver=resolver_with())

    assert not result.ok
    assert "signature does not match" in result.errors[0]


def test_retired_key_still_verifies_old_credentials_after_rotation(academy):
    old_key = keys.signing_key().public
    old = signed()

    academy.CERTIFICATE_SIGNING_KEY = new_pem()
    academy.CERTIFICATE_RETIRED_PUBLIC_KEYS = [old_key.multikey]
    new = signed()

    assert new["proof"]["verificationMethod"] != old["proof"]["verificationMethod"]
    assert verify(old).ok
    assert verify(new).ok
    methods = [method["id"] for method in did_document()["verificationMethod"]]
    assert methods == [new["proof"]["verificationMethod"], old["proof"]["verificationMethod"]]

    academy.CERTIFICATE_RETIRED_PUBLIC_KEYS = []  # the old key withdrawn, say after a compromise
    assert not verify(old).ok
    assert verify(new).ok


def test_other_did_web_issuer_is_resolved_through_the_resolver(academy):
    academy.SITE_URL = "https://other-academy.example:8443/care"
    academy.CERTIFICATE_SIGNING_KEY = new_pem()
    theirs = sign(
        build_credential(
            **facts(
                achievement_url="https://other-academy.example:8443/care/courses/x/",
                status_list_url="https://other-academy.example:8443/care/certificates/status/1.json",
            )
        ),
        created=ISSUED,
    )
    their_did_document = did_document()
    academy.SITE_URL = SITE
    academy.CERTIFICATE_SIGNING_KEY = new_pem()
    fetched = []

    def fetch(url):
        fetched.append(url)
        return copy.deepcopy(their_did_document)

    assert theirs["issuer"]["id"] == "did:web:other-academy.example%3A8443:care"
    assert verify(theirs, resolver=Resolver(fetch=fetch)).ok
    assert fetched == ["https://other-academy.example:8443/care/did.json"]
    assert not verify(theirs, resolver=Resolver(fetch=refuse_network)).ok


def test_did_key_issuer_verifies_offline(academy):
    key = keys.load_private_key_pem(new_pem())
    did = f"did:key:{key.public.multikey}"
    credential = build_credential(**facts())
    credential["issuer"]["id"] = did

    secured = sign(credential, key=key, created=ISSUED, verification_method=f"{did}#{key.public.multikey}")

    assert verify(secured, resolver=Resolver(fetch=refuse_network)).ok


def test_key_published_but_not_for_assertion_fails(academy):
    document = did_document()
    document["id"] = "did:web:other.example"
    method = document["verificationMethod"][0]
    method["id"] = "did:web:other.example#" + method["publicKeyMultibase"]
    method["controller"] = "did:web:other.example"
    document["assertionMethod"] = []
    credential = build_credential(**facts())
    credential["issuer"]["id"] = "did:web:other.example"
    secured = sign(credential, created=ISSUED, verification_method=method["id"])

    result = verify(secured, resolver=resolver_with(document))

    assert "not for assertionMethod" in result.errors[0]


def test_sign_refuses_a_signed_credential(academy):
    with pytest.raises(CredentialError, match="already has a proof"):
        sign(signed())


def test_undefined_property_cannot_be_signed():
    # VC 1.1 has no @vocab, so a property it does not define would silently fall out of the signature.
    document = {
        "@context": [CREDENTIALS_V1],
        "type": ["VerifiableCredential"],
        "issuer": DID,
        "favouriteColour": "blue",
    }

    with pytest.raises(CredentialError, match="favouriteColour|cannot be signed"):
        canonicalize(document)


def test_relative_iri_cannot_be_signed(academy):
    credential = build_credential(**facts())
    credential["credentialSubject"]["achievement"]["image"] = {"id": "badge.png", "type": "Image"}

    with pytest.raises(CredentialError, match="not absolute IRIs.*badge.png"):
        sign(credential)


# --- The loader ----------------------------------------------------------------------------------


def test_loader_serves_every_bundled_context_by_exact_url():
    for url in BUNDLED_CONTEXTS:
        remote = document_loader(url, {})
        assert remote["documentUrl"] == url
        assert "@context" in remote["document"]


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/context.json",
        "http://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/v2/",
        "https://www.w3.org/ns/credentials/v2?x=1",
        "file:///etc/passwd",
    ],
)
def test_loader_refuses_any_other_url(url):
    with pytest.raises(UnknownContextError, match="not one the academy knows"):
        document_loader(url, {})


def test_a_document_with_an_unknown_context_is_refused_not_fetched(academy):
    credential = build_credential(**facts())
    credential["@context"].append("https://evil.example/context.json")

    with pytest.raises(UnknownContextError) as raised:
        sign(credential)

    assert raised.value.url == "https://evil.example/context.json"


def test_loaded_contexts_are_copies():
    load_context(CREDENTIALS_V1)["@context"]["id"] = "changed"

    assert load_context(CREDENTIALS_V1)["@context"]["id"] == "@id"


# --- did:web -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "site, did, document_url",
    [
        ("https://academy.example.org", "did:web:academy.example.org", "https://academy.example.org/.well-known/did.json"),
        ("https://Academy.Example.org/", "did:web:academy.example.org", "https://academy.example.org/.well-known/did.json"),
        ("https://localhost:8443", "did:web:localhost%3A8443", "https://localhost:8443/.well-known/did.json"),
        ("https://council.example/academy/north", "did:web:council.example:academy:north", "https://council.example/academy/north/did.json"),
    ],
)  # fmt: skip
def test_did_web_for_site_url(site, did, document_url):
    assert did_web_for(site) == did
    assert did_web_document_url(did) == document_url


def test_did_document_lists_current_and_retired_keys_for_assertion(academy):
    retired = keys.load_private_key_pem(new_pem()).public
    academy.CERTIFICATE_RETIRED_PUBLIC_KEYS = [retired.multikey]
    current = keys.signing_key().public

    document = did_document()

    assert document == {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": DID,
        "verificationMethod": [
            {
                "id": f"{DID}#{key.multikey}",
                "type": "Multikey",
                "controller": DID,
                "publicKeyMultibase": key.multikey,
            }
            for key in (current, retired)
        ],
        "assertionMethod": [f"{DID}#{current.multikey}", f"{DID}#{retired.multikey}"],
    }
    assert current.multikey.startswith("z6Mk")
    assert issuer_did() == DID


# --- Status lists --------------------------------------------------------------------------------


def test_status_list_round_trip():
    encoded = encode_status_list({0, 7, 8, INDEX, MINIMUM_LENGTH - 1})

    bits = decode_status_list(encoded)

    assert encoded.startswith("u")
    assert len(bits) == MINIMUM_LENGTH // 8
    assert set_indexes(bits) == [0, 7, 8, INDEX, MINIMUM_LENGTH - 1]
    assert bits[0] == 0b1000_0001  # index 0 is the left-most bit, as the spec says
    assert is_set(bits, INDEX) and not is_set(bits, INDEX + 1)


def test_status_list_empty_matches_the_spec_example():
    # The Bitstring Status List v1.0 example: 131,072 entries, none set.
    bits = decode_status_list("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA")

    assert len(bits) * 8 == MINIMUM_LENGTH
    assert set_indexes(bits) == []
    assert decode_status_list(encode_status_list([])) == bits


@pytest.mark.parametrize(
    "encoded, message",
    [
        ("zabc", "base64url"),
        (multibase_base64url(b"not gzip"), "gzip"),
        (multibase_base64url(gzip.compress(b"\0" * 100)), "fewer than"),
        (multibase_base64url(gzip.compress(b"\0" * (17 * 1024 * 1024))), "larger than any real list"),
        (multibase_base64url(gzip.compress(b"\0" * 20000)[:-8]), "cut short"),
    ],
    ids=["not-base64url", "not-gzip", "too-short", "gzip-bomb", "truncated"],
)
def test_status_list_decode_refuses_bad_lists(encoded, message):
    with pytest.raises(CredentialError, match=message):
        decode_status_list(encoded)


def test_status_list_encode_refuses_out_of_range():
    with pytest.raises(CredentialError, match="outside"):
        encode_status_list([MINIMUM_LENGTH])
    with pytest.raises(CredentialError, match="at least"):
        encode_status_list([], length=1024)


def test_status_list_credential_is_signed_by_the_academy(academy):
    document = status_list([INDEX])

    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["id"] == LIST_URL
    assert document["issuer"] == DID
    assert document["credentialSubject"]["id"] == f"{LIST_URL}#list"
    assert document["credentialSubject"]["statusPurpose"] == "revocation"
    assert set_indexes(decode_status_list(document["credentialSubject"]["encodedList"])) == [INDEX]
    assert verify(document).ok


# --- The full check ------------------------------------------------------------------------------


def test_full_check_of_a_valid_credential_gives_its_facts(academy):
    result = verify_credential(
        json.dumps(signed()), resolver=resolver_with(status_list([1, 2, 3])), today=DURING
    )

    assert result.ok, result.errors
    assert result.status == Status.VALID
    assert result.errors == []
    assert result.revoked is False
    assert result.learner_name == "Sam Carer"
    assert result.achievement_name == "Moving and handling"
    assert result.achievement_id == f"{SITE}/courses/moving-and-handling/"
    assert result.issuer_id == DID
    assert result.issuer_name == "Social Care Academy"
    assert result.valid_from == ISSUED
    assert result.valid_until == datetime.datetime(2026, 3, 4, 23, 59, 59, tzinfo=datetime.UTC)
    assert result.credential_id == f"urn:uuid:{CERTIFICATE_UUID}"


def test_revoked_credential_fails(academy):
    result = verify_credential(signed(), resolver=resolver_with(status_list([INDEX])), today=DURING)

    assert not result.ok
    assert result.status == Status.REVOKED
    assert result.revoked is True
    assert result.errors == ["The issuer has revoked this credential."]


@pytest.mark.parametrize(
    "today, status",
    [
        (datetime.date(2025, 3, 3), Status.NOT_YET_VALID),
        (datetime.date(2025, 3, 4), Status.VALID),
        (datetime.date(2026, 3, 4), Status.VALID),  # the expiry date itself still counts
        (datetime.date(2026, 3, 5), Status.EXPIRED),
        (datetime.datetime(2026, 3, 5, 0, 0, 0, tzinfo=datetime.UTC), Status.EXPIRED),
        (datetime.datetime(2025, 3, 4, 10, 29, tzinfo=datetime.UTC), Status.NOT_YET_VALID),
    ],
    ids=["day-before", "first-day", "last-day", "day-after", "instant-after", "instant-before"],
)
def test_dates_are_checked(academy, today, status):
    result = verify_credential(signed(), resolver=resolver_with(status_list()), today=today)

    assert result.status == status
    assert result.ok is (status == Status.VALID)


def test_expired_says_when(academy):
    result = verify_credential(
        signed(), resolver=resolver_with(status_list()), today=datetime.date(2027, 1, 1)
    )

    assert result.errors == ["The credential expired on 4 March 2026."]


@pytest.mark.parametrize(
    "document, message",
    [
        ("{not json", "not valid JSON (line 1, column 2"),
        ("[1, 2]", "not a credential"),
        (b"\xff\xfe\x00binary", "not text"),
        (b" " * (1024 * 1024 + 1), "far larger than any credential"),
        ("{}", "not a W3C Verifiable Credential"),
        (json.dumps({"@context": [CREDENTIALS_V2], "type": ["VerifiableCredential"]}), "Open Badges"),
    ],
    ids=["not-json", "array", "binary", "huge", "empty-object", "not-a-badge"],
)  # fmt: skip
def test_unreadable_documents_get_a_clear_reason(document, message):
    result = verify_credential(document, resolver=Resolver(fetch=refuse_network), today=DURING)

    assert not result.ok
    assert result.status == Status.INVALID
    assert any(message in error for error in result.errors), result.errors


def test_unreachable_status_list_means_revocation_is_unknown(academy):
    result = verify_credential(signed(), resolver=Resolver(fetch=refuse_network), today=DURING)

    assert not result.ok
    assert "revocation is unknown" in result.errors[0]


def test_registered_local_source_serves_the_academys_own_lists(academy):
    served = []

    def own_lists(url):
        served.append(url)
        return status_list([INDEX]) if url == LIST_URL else None

    resolver_module.register_local_source(own_lists)
    try:
        result = verify_credential(signed(), resolver=Resolver(fetch=refuse_network), today=DURING)
    finally:
        resolver_module.unregister_local_source(own_lists)

    assert result.status == Status.REVOKED
    assert served == [LIST_URL]


def test_forged_status_list_is_not_believed(academy):
    forged = status_list()
    forged["credentialSubject"]["encodedList"] = encode_status_list([])
    forged["credentialSubject"]["statusPurpose"] = "revocation"
    genuine_revoked = status_list([INDEX])
    genuine_revoked["credentialSubject"]["encodedList"] = forged["credentialSubject"]["encodedList"]

    result = verify_credential(signed(), resolver=resolver_with(genuine_revoked), today=DURING)

    assert not result.ok
    assert "not signed by its issuer" in result.errors[0]


def test_status_list_from_another_issuer_is_not_believed(academy):
    credential = signed()
    ours = academy.CERTIFICATE_SIGNING_KEY
    academy.SITE_URL = "https://other.example"
    academy.CERTIFICATE_SIGNING_KEY = new_pem()
    theirs = status_list(url=LIST_URL)
    their_did_document = did_document()
    academy.SITE_URL = SITE
    academy.CERTIFICATE_SIGNING_KEY = ours

    result = verify_credential(credential, resolver=resolver_with(theirs, their_did_document), today=DURING)

    assert not result.ok
    assert "someone other than the credential's issuer" in result.errors[0]


def test_status_list_at_another_url_is_not_believed(academy):
    elsewhere = status_list(url=f"{SITE}/certificates/status/9.json")
    resolver = Resolver(documents={LIST_URL: elsewhere}, fetch=refuse_network)

    result = verify_credential(signed(), resolver=resolver, today=DURING)

    assert not result.ok
    assert "not the Bitstring Status List" in result.errors[0]


def test_forged_credential_never_makes_a_request(academy):
    credential = signed()
    credential["name"] = "Forged"
    fetched = []

    verify_credential(credential, resolver=Resolver(fetch=fetched.append), today=DURING)

    assert fetched == []


# --- Fetching other issuers' documents -----------------------------------------------------------


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://academy.example.org/.well-known/did.json", "only over https"),
        ("https://127.0.0.1/.well-known/did.json", "not a public address"),
        ("https://localhost/.well-known/did.json", "not a public address"),
        ("https://[::1]/.well-known/did.json", "not a public address"),
        ("https://10.1.2.3/.well-known/did.json", "not a public address"),
    ],
)
def test_fetching_refuses_plain_http_and_private_addresses(url, message):
    with pytest.raises(ResolutionError, match=message):
        fetch_json_over_https(url)


def test_hash_data_is_proof_hash_then_document_hash(academy):
    credential = build_credential(**facts())
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2025-03-04T10:30:00Z",
        "verificationMethod": verification_method_id(keys.signing_key().public),
        "proofPurpose": "assertionMethod",
    }

    data = _hash_data(credential, proof)

    config = {**proof, "@context": credential["@context"]}
    assert data[:32] == hashlib.sha256(canonicalize(config).encode()).digest()
    assert data[32:] == hashlib.sha256(canonicalize(credential).encode()).digest()
