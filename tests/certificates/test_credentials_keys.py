"""Tests for where the signing key comes from (file, environment, generated), its command and the DID page."""

import json
import os
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from certificates.credentials import keys
from certificates.credentials.did import did_document
from certificates.credentials.openbadges import build_credential
from certificates.credentials.signing import sign, verify
from tests.certificates.test_credentials import SITE, facts


@pytest.fixture
def unconfigured(settings, tmp_path):
    settings.SITE_URL = SITE
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_FILE = ""
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = []
    settings.CERTIFICATE_DEVELOPMENT_KEY_DIR = tmp_path / "keys"
    return settings


def test_key_from_a_file(unconfigured, tmp_path):
    path = tmp_path / "signing.pem"
    path.write_bytes(keys.generate_private_key_pem())
    unconfigured.CERTIFICATE_SIGNING_KEY_FILE = str(path)

    key = keys.signing_key()

    assert key.public == keys.load_private_key_pem(path.read_bytes()).public
    assert not (tmp_path / "keys").exists()  # a configured key never falls back to a generated one


def test_replacing_the_key_file_is_read_without_a_restart(unconfigured, tmp_path):
    path = tmp_path / "signing.pem"
    path.write_bytes(keys.generate_private_key_pem())
    unconfigured.CERTIFICATE_SIGNING_KEY_FILE = str(path)
    first = keys.signing_key().public
    path.write_bytes(keys.generate_private_key_pem())
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))

    assert keys.signing_key().public != first


def test_key_from_environment_text_with_escaped_newlines(unconfigured):
    pem = keys.generate_private_key_pem().decode()
    unconfigured.CERTIFICATE_SIGNING_KEY = pem.replace("\n", "\\n")

    assert keys.signing_key().public == keys.load_private_key_pem(pem).public


def test_development_key_is_generated_once_into_var_keys(unconfigured, tmp_path):
    first = keys.signing_key()
    second = keys.signing_key()

    path = tmp_path / "keys" / keys.DEVELOPMENT_KEY_NAME
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert first.public == second.public
    assert list((tmp_path / "keys").iterdir()) == [path]  # no temporary files left behind


def test_production_without_a_key_refuses_to_sign(unconfigured, monkeypatch, tmp_path):
    unconfigured.DEBUG = False
    monkeypatch.setattr(keys, "_under_test_suite", lambda: False)

    with pytest.raises(ImproperlyConfigured, match="No certificate signing key is configured"):
        sign(build_credential(**facts()))
    assert not (tmp_path / "keys").exists()
    assert did_document()["verificationMethod"] == []  # nothing made up to publish either


def test_debug_without_a_key_signs_with_the_development_key(unconfigured, monkeypatch):
    unconfigured.DEBUG = True
    monkeypatch.setattr(keys, "_under_test_suite", lambda: False)

    assert verify(sign(build_credential(**facts()))).ok


def test_retired_keys_from_the_environment_form(unconfigured):
    retired = [keys.load_private_key_pem(keys.generate_private_key_pem()).public for _ in range(2)]
    unconfigured.CERTIFICATE_RETIRED_PUBLIC_KEYS = f" {retired[0].multikey}, {retired[1].multikey} ,"

    assert keys.retired_public_keys() == retired


@pytest.mark.parametrize(
    "change, message",
    [
        ({"CERTIFICATE_SIGNING_KEY": "not a key"}, "not an unencrypted PEM private key"),
        ({"CERTIFICATE_SIGNING_KEY_FILE": "/nonexistent/signing.pem"}, "cannot be read"),
        ({"CERTIFICATE_SIGNING_KEY": "x", "CERTIFICATE_SIGNING_KEY_FILE": "/x"}, "set only one"),
        ({"CERTIFICATE_RETIRED_PUBLIC_KEYS": ["zNotAKey"]}, "CERTIFICATE_RETIRED_PUBLIC_KEYS"),
    ],
    ids=["bad-pem", "missing-file", "both", "bad-retired"],
)
def test_misconfiguration_is_explained(unconfigured, change, message):
    for name, value in change.items():
        setattr(unconfigured, name, value)

    with pytest.raises(ImproperlyConfigured, match=message):
        keys.signing_key()
        keys.retired_public_keys()


def test_a_key_that_is_not_ed25519_is_refused(unconfigured):
    other = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    unconfigured.CERTIFICATE_SIGNING_KEY = other.decode()

    with pytest.raises(ImproperlyConfigured, match="not an Ed25519 key"):
        keys.signing_key()


def test_command_generates_a_key_file_and_never_overwrites_it(unconfigured, tmp_path, capsys):
    path = tmp_path / "new.pem"

    call_command("certificate_key", "generate", str(path))

    output = capsys.readouterr().out
    key = keys.load_private_key_pem(path.read_bytes())
    assert f"Public key: {key.public.multikey}" in output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(CommandError, match="never overwritten"):
        call_command("certificate_key", "generate", str(path))
    assert keys.load_private_key_pem(path.read_bytes()).public == key.public


def test_command_shows_current_and_retired_keys(unconfigured, capsys):
    retired = keys.load_private_key_pem(keys.generate_private_key_pem()).public
    unconfigured.CERTIFICATE_SIGNING_KEY = keys.generate_private_key_pem().decode()
    unconfigured.CERTIFICATE_RETIRED_PUBLIC_KEYS = [retired.multikey]

    call_command("certificate_key", "show")

    output = capsys.readouterr().out
    assert "Issuer: did:web:academy.example.org" in output
    assert f"Signing key: {keys.signing_key().public.multikey}" in output
    assert f"Retired key: {retired.multikey}  (did:web:academy.example.org#{retired.multikey})" in output


def test_did_document_is_served_at_the_well_known_address(unconfigured, client):
    unconfigured.CERTIFICATE_SIGNING_KEY = keys.generate_private_key_pem().decode()

    response = client.get("/.well-known/did.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/did+ld+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert json.loads(response.content) == did_document()
