"""The academy's credentials checked by an independent verifier: Digital Bazaar's libraries, offline."""

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from certificates.credentials import keys
from certificates.credentials.did import did_document, issuer_did
from certificates.credentials.openbadges import build_credential
from certificates.credentials.signing import sign
from tests.certificates.test_credentials import (  # noqa: F401 (academy is a fixture)
    INDEX,
    ISSUED,
    LIST_URL,
    TAMPERINGS,
    academy,
    facts,
    signed,
    status_list,
)

JS = Path(__file__).resolve().parent / "js"
NOW = "2025-06-01T00:00:00Z"  # inside the credentials' validity, whatever today's date is

pytestmark = pytest.mark.usefixtures("academy")


def node(script: str, payload=None) -> dict | list:
    executable = shutil.which("node")
    assert executable, (
        "Node.js is needed for the independent verifier (CI has it; `make install` sets it up)."
    )
    completed = subprocess.run(
        [executable, str(JS / script)],
        input=json.dumps(payload) if payload is not None else "",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def case(credential, *, revoked=(), did=None, now=NOW) -> dict:
    return {
        "credential": credential,
        "documents": {issuer_did(): did or did_document(), LIST_URL: status_list(revoked)},
        "now": now,
    }


def test_bundled_contexts_are_the_published_ones():
    assert node("check_contexts.mjs") == {"mismatched": [], "missing": []}


def test_independent_verifier_accepts_the_academys_credential():
    result = node("verify.mjs", case(signed()))

    assert result == {"verified": True, "revoked": False, "errors": []}


def test_independent_verifier_sees_a_revocation():
    result = node("verify.mjs", case(signed(), revoked=[INDEX]))

    assert result["verified"] is False
    assert result["revoked"] is True


def test_independent_verifier_checks_dates():
    credential = signed()

    before, after = node(
        "verify.mjs",
        [case(credential, now="2025-01-01T00:00:00Z"), case(credential, now="2026-04-01T00:00:00Z")],
    )

    assert before["verified"] is False and "validFrom" in " ".join(before["errors"])
    assert after["verified"] is False and "validUntil" in " ".join(after["errors"])


def test_independent_verifier_rejects_every_tampering():
    credential = signed()
    tampered = []
    for name in TAMPERINGS:
        changed = copy.deepcopy(credential)
        TAMPERINGS[name](changed)
        tampered.append(changed)

    results = node("verify.mjs", [case(changed) for changed in tampered])

    accepted = [name for name, result in zip(TAMPERINGS, results, strict=True) if result["verified"]]
    assert accepted == []


def test_independent_verifier_accepts_a_retired_keys_credential_after_rotation(settings):
    old_key = keys.signing_key().public
    old = signed()
    settings.CERTIFICATE_SIGNING_KEY = keys.generate_private_key_pem().decode()
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = [old_key.multikey]

    rotated, withdrawn = node(
        "verify.mjs",
        [
            case(old),
            case(old, did={**did_document(), "verificationMethod": did_document()["verificationMethod"][:1]}),
        ],
    )

    assert rotated["verified"] is True, rotated["errors"]
    assert withdrawn["verified"] is False


def test_independent_verifier_refuses_a_key_not_in_the_did_document():
    stranger = keys.load_private_key_pem(keys.generate_private_key_pem())
    credential = sign(build_credential(**facts()), key=stranger, created=ISSUED)

    assert node("verify.mjs", case(credential))["verified"] is False


@pytest.mark.parametrize("field", ["issuer", "proof"])
def test_independent_verifier_names_what_is_wrong(field):
    credential = signed()
    if field == "issuer":
        credential["issuer"]["id"] = "did:web:other.example"
    else:
        credential["proof"]["proofValue"] = "z" + "1" * 86

    result = node("verify.mjs", case(credential))

    assert result["verified"] is False
    assert result["errors"]
