"""The outbox against a real external LRS: Ralph 5.1.0, run from its own virtual environment.

The same journeys as tests/lrs/test_outbox.py (which uses a stand-in peer), against the real thing:
statements arrive exactly once, an outage loses nothing, a batch sent again is not stored twice, and
a statement the peer refuses does not hold back the rest. Ralph is installed into var/ralph-venv on
first use (see tests/lrs/ralph.py); in CI a failure to install it fails these tests.
"""

import base64
import json
import os

import pytest
from django.utils import timezone

from lrs import outbox
from lrs.models import Credential, OutboxEntry
from lrs.services import store_statements

from . import ralph

# One Ralph, installed once: every test here runs in the same test process.
pytestmark = [pytest.mark.ralph, pytest.mark.xdist_group("ralph")]

COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
# Ours accepts an mbox_sha1sum in upper-case hex (the spec does not fix the case, and agent filters
# compare it lower-cased); Ralph's model insists on lower case and answers 422.
UPPER_CASE_SHA1 = "4D6A2B1F0C9E8D7A6B5C4D3E2F1A0B9C8D7E6F5A"


@pytest.fixture(scope="session")
def ralph_server(tmp_path_factory):
    try:
        python = ralph.ensure_installed()
    except ralph.RalphUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Ralph could not be installed into {ralph.VENV}: {exc}", pytrace=False)
        pytest.skip(f"Ralph could not be installed into {ralph.VENV} (is PyPI reachable?): {exc}")
    server = ralph.RalphServer(tmp_path_factory.mktemp("ralph"), python=python)
    try:
        server.start()
    except ralph.RalphUnavailable as exc:
        pytest.fail(f"Ralph would not start: {exc}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def ralph_lrs(ralph_server, settings):
    """Ralph running (again, if an earlier test stopped it) and the academy forwarding to it."""
    ralph_server.start()
    settings.LRS_ENDPOINT = ralph_server.endpoint
    settings.LRS_KEY = ralph_server.username
    settings.LRS_SECRET = ralph_server.password
    settings.LRS_OUTBOX_BATCH = 10
    return ralph_server


def _statements(n, tag, **actor):
    return [
        {
            "actor": actor or {"objectType": "Agent", "mbox": f"mailto:{tag}-{i}@example.org"},
            "verb": {"id": COMPLETED, "display": {"en-GB": "completed"}},
            "object": {"id": f"https://content.example.org/{tag}", "objectType": "Activity"},
            "result": {"completion": True, "score": {"scaled": 0.8}},
        }
        for i in range(n)
    ]


def _store(statements):
    return store_statements(statements, version="1.0.3").ids


def _due_now():
    OutboxEntry.objects.filter(status=OutboxEntry.Status.PENDING).update(next_attempt_at=timezone.now())


def _send_again():
    """As if the replies had been lost: every row pending and due again."""
    OutboxEntry.objects.update(status=OutboxEntry.Status.PENDING, next_attempt_at=timezone.now())


def _assert_once(server, ids):
    counts = server.statement_ids()
    wrong = {i: counts[i] for i in ids if counts[i] != 1}
    assert not wrong, f"ids Ralph holds other than exactly once: {wrong}"


def _post(client, credential_and_secret, batch):
    credential, secret = credential_and_secret
    token = base64.b64encode(f"{credential.key}:{secret}".encode()).decode()
    response = client.post(
        "/xapi/statements",
        json.dumps(batch),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {token}",
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_statements_stored_by_the_service_and_over_http_arrive_once(db, client, ralph_lrs):
    ids = _store(_statements(25, "service"))
    credential = Credential.issue(name="E-learning supplier")
    ids += _post(client, credential, _statements(10, "http-a"))
    ids += _post(client, credential, _statements(5, "http-b"))
    assert OutboxEntry.objects.filter(status=OutboxEntry.Status.PENDING).count() == 40

    report = outbox.forward_all()

    assert (report.delivered, report.failed, report.retrying) == (40, 0, 0), report.errors
    assert not OutboxEntry.objects.exclude(status=OutboxEntry.Status.DELIVERED).exists()
    _assert_once(ralph_lrs, ids)
    assert outbox.forward_all().handled == 0
    # What Ralph holds is the statement as the academy stored it, authority included.
    response = ralph_lrs.session().get(ralph_lrs.statements_url, params={"statementId": ids[-1]}, timeout=10)
    body = response.json()
    [theirs] = body.get("statements", [body])  # Ralph answers a statementId GET with a list
    ours = OutboxEntry.objects.get(statement__statement_id=ids[-1]).statement.data
    for key in ("id", "actor", "verb", "object", "result", "timestamp", "authority"):
        assert theirs[key] == ours[key], key


def test_an_outage_loses_nothing(db, ralph_lrs):
    before = _store(_statements(3, "before-outage"))
    assert outbox.forward_all().delivered == 3

    ralph_lrs.stop()
    during = _store(_statements(12, "during-outage"))
    report = outbox.forward_all()
    assert (report.delivered, report.retrying) == (0, 10)
    assert "ConnectionError" in report.errors[0]
    _due_now()
    report = outbox.forward_all()  # still down: retried again, still kept
    assert report.delivered == 0 and report.retrying == 10
    pending = OutboxEntry.objects.filter(status=OutboxEntry.Status.PENDING)
    assert pending.count() == 12
    assert pending.filter(attempts=2).count() == 10
    assert all("ConnectionError" in e.last_error for e in pending.filter(attempts__gt=0))

    ralph_lrs.start()  # same port, same data
    for _ in range(3):
        _due_now()
        outbox.forward_all()
    assert OutboxEntry.objects.filter(status=OutboxEntry.Status.DELIVERED).count() == 15
    _assert_once(ralph_lrs, before + during)


def test_a_batch_sent_again_after_a_lost_reply_is_stored_once(db, ralph_lrs):
    ids = _store(_statements(5, "lost-reply"))
    assert outbox.forward_all().delivered == 5

    _send_again()  # Ralph stored them, but the worker never heard back
    outbox.forward_all()
    _assert_once(ralph_lrs, ids)

    # Sent again together with new statements: Ralph stores the new ones and skips the rest.
    ids += _store(_statements(3, "after-lost-reply"))
    _send_again()
    report = outbox.forward_all()
    assert report.delivered == 8, report.errors
    assert not OutboxEntry.objects.exclude(status=OutboxEntry.Status.DELIVERED).exists()
    _assert_once(ralph_lrs, ids)


def test_a_batch_ralph_already_holds_counts_as_delivered(db, ralph_lrs):
    ids = _store(_statements(5, "already-held"))
    assert outbox.forward_all().delivered == 5
    _send_again()
    report = outbox.forward_all()
    _assert_once(ralph_lrs, ids)
    assert report.delivered == 5, report.errors


def test_ralph_refuses_a_statement_the_academy_accepts(db, ralph_lrs):
    """The premise of the next test: a statement valid here that Ralph's validation rejects."""
    [statement_id] = _store(_statements(1, "upper-sha1", mbox_sha1sum=UPPER_CASE_SHA1))
    entry = OutboxEntry.objects.get(statement__statement_id=statement_id)
    response = ralph_lrs.session().put(
        ralph_lrs.statements_url, params={"statementId": statement_id}, json=entry.statement.data, timeout=10
    )
    assert response.status_code == 422, response.text
    assert "mbox_sha1sum" in response.text


def test_a_statement_ralph_refuses_fails_alone(db, ralph_lrs):
    good = _store(_statements(4, "good-neighbour"))
    [bad] = _store(_statements(1, "refused", mbox_sha1sum=UPPER_CASE_SHA1))
    report = outbox.forward_all()
    assert (report.delivered, report.failed) == (4, 1), report.errors
    _assert_once(ralph_lrs, good)
    failed = OutboxEntry.objects.get(status=OutboxEntry.Status.FAILED)
    assert str(failed.statement.statement_id) == bad
