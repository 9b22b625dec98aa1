"""The outbox: statements reach the external LRS exactly once, through outages and refusals.

The peer here is a small real HTTP server on 127.0.0.1 that stores statements by id as an LRS
does; tests/lrs/test_ralph.py runs the same journeys against the Ralph LRS.
"""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from lrs import outbox
from lrs.models import OutboxEntry
from lrs.services import store_statements

BAD_ACTIVITY = "https://content.example.org/the-peer-refuses-this"


class Peer:
    """An LRS stand-in: stores statements by id; can be stopped, started, and made to drop replies."""

    def __init__(self):
        self.stored: dict[str, dict] = {}
        self.received = 0
        self.drop_next_reply = False
        self.refusal_status = 400
        self.server = None
        self.port = None
        self.start()

    def start(self):
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status, body=None):
                if peer.drop_next_reply:
                    peer.drop_next_reply = False
                    self.close_connection = True
                    self.connection.close()  # stored, but the sender never hears back
                    return
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self):
                return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

            def do_POST(self):
                batch = self._body()
                peer.received += len(batch)
                if any(s["object"]["id"] == BAD_ACTIVITY for s in batch):
                    return self._reply(peer.refusal_status, {"error": "refused"})
                if any(s["id"] in peer.stored for s in batch):
                    return self._reply(409, {"error": "already stored"})
                for statement in batch:
                    peer.stored[statement["id"]] = statement
                return self._reply(200, [s["id"] for s in batch])

            def do_PUT(self):
                statement = self._body()
                statement_id = parse_qs(urlsplit(self.path).query)["statementId"][0]
                peer.received += 1
                if statement["object"]["id"] == BAD_ACTIVITY:
                    return self._reply(peer.refusal_status, {"error": "refused"})
                if statement_id in peer.stored:
                    return self._reply(409, {"error": "already stored"})
                peer.stored[statement_id] = statement
                return self._reply(204)

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port or 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def peer(settings):
    peer = Peer()
    settings.LRS_ENDPOINT = f"http://127.0.0.1:{peer.port}/xapi/"
    settings.LRS_KEY = "academy"
    settings.LRS_SECRET = "secret"
    settings.LRS_OUTBOX_BATCH = 10
    yield peer
    peer.stop()


def _statements(n, activity="https://content.example.org/fire-safety"):
    return [
        {
            "actor": {"mbox": f"mailto:learner{i}@example.org"},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
            "object": {"id": activity},
        }
        for i in range(n)
    ]


def _store(statements):
    return store_statements(statements, version="1.0.3").ids


def _due_now():
    OutboxEntry.objects.filter(status=OutboxEntry.Status.PENDING).update(next_attempt_at=timezone.now())


def test_nothing_is_queued_without_an_external_lrs(db, settings):
    settings.LRS_ENDPOINT = ""
    _store(_statements(3))
    assert OutboxEntry.objects.count() == 0


def test_statements_arrive_once_in_batches(db, peer):
    ids = _store(_statements(25))
    report = outbox.forward_all()
    assert report.delivered == 25
    assert set(peer.stored) == set(ids)
    assert peer.received == 25  # three batches, nothing sent twice
    assert not OutboxEntry.objects.exclude(status=OutboxEntry.Status.DELIVERED).exists()
    assert outbox.forward_all().handled == 0


def test_an_outage_loses_nothing(db, peer):
    peer.stop()
    ids = _store(_statements(12))
    report = outbox.forward_all()
    assert report.retrying == 10 and report.delivered == 0
    entry = OutboxEntry.objects.filter(attempts=1).first()
    assert entry.status == OutboxEntry.Status.PENDING and "ConnectionError" in entry.last_error
    assert entry.next_attempt_at > timezone.now()

    peer.start()
    _due_now()
    outbox.forward_all()
    _due_now()
    outbox.forward_all()
    assert set(peer.stored) == set(ids)
    assert OutboxEntry.objects.filter(status=OutboxEntry.Status.DELIVERED).count() == 12


def test_a_lost_reply_does_not_store_twice(db, peer):
    ids = _store(_statements(5))
    peer.drop_next_reply = True  # the peer stores the batch but the worker never hears back
    report = outbox.forward_all()
    assert report.retrying == 5
    assert len(peer.stored) == 5

    _due_now()
    report = outbox.forward_all()
    assert report.delivered == 5
    assert set(peer.stored) == set(ids)  # the peer answered 409 for ids it already had


def test_a_worker_killed_mid_batch_leaves_its_rows_to_come_due_again(db, peer):
    _store(_statements(4))
    claimed = outbox._claim(10)  # a worker claims the batch, then dies before sending
    assert len(claimed) == 4
    assert outbox.forward_all().handled == 0  # leased: another worker leaves them alone
    _due_now()  # the lease runs out
    assert outbox.forward_all().delivered == 4
    assert len(peer.stored) == 4


@pytest.mark.parametrize("refusal", [400, 422])
def test_one_bad_statement_does_not_block_the_rest(db, peer, refusal):
    peer.refusal_status = refusal
    good = _store(_statements(4))
    bad = _store(_statements(1, activity=BAD_ACTIVITY))
    report = outbox.forward_all()
    assert (report.delivered, report.failed) == (4, 1)
    assert set(peer.stored) == set(good)
    failed = OutboxEntry.objects.get(status=OutboxEntry.Status.FAILED)
    assert str(failed.statement.statement_id) == bad[0]
    assert str(refusal) in failed.last_error

    assert outbox.summary()["failed"] == 1
    outbox.replay([failed])
    assert OutboxEntry.objects.get(pk=failed.pk).status == OutboxEntry.Status.PENDING


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_task_forwards_after_the_statements_commit(peer, settings):
    _store(_statements(3))  # autocommit: the on-commit hook queues the (eager) task at once
    assert len(peer.stored) == 3


def test_admin_shows_counts_and_replays(client, world, peer):
    _store(_statements(2))
    outbox.forward_all()
    client.force_login(world["superuser"])
    response = client.get("/django-admin/lrs/outboxentry/", follow=True)
    assert response.status_code == 200
    assert "Pending 0, delivered 2, failed 0." in response.text
    entry = OutboxEntry.objects.first()
    response = client.post(
        "/django-admin/lrs/outboxentry/",
        {"action": "replay", "_selected_action": [entry.pk]},
        follow=True,
    )
    assert "1 statement(s) queued to send again." in response.text
    # Sent again, the peer already has it: still exactly one copy there.
    entry.refresh_from_db()
    assert entry.status == OutboxEntry.Status.DELIVERED
    assert len(peer.stored) == 2


def test_statement_ids_are_the_idempotency_key(db, peer):
    statement = _statements(1)[0] | {"id": str(uuid.uuid4())}
    _store([statement])
    _store([statement])  # the same statement again is not queued twice
    assert OutboxEntry.objects.count() == 1
