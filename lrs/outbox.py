"""Forwarding statements to an external LRS: in batches, with retries, never lost, never stored twice.

Each accepted statement gets an outbox row in the same transaction. A worker claims due rows for a
short lease, sends them, and marks each one delivered only when the peer has answered for its id.
A worker killed mid-batch leaves its rows to come due again when the lease ends; the peer already
holding some of them answers 409 or 204 for those ids, which count as delivered.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from .models import OutboxEntry
from .storage import insert_rows

log = logging.getLogger(__name__)

LEASE = datetime.timedelta(minutes=5)
MAX_BACKOFF = datetime.timedelta(hours=1)
TIMEOUT_SECONDS = 30
# Answers to a batch that mean "some statement in it was refused or is already here": the batch is
# then sent one statement at a time. 422 is what Ralph uses for a statement it will not store.
REFUSED = (400, 409, 422)


def is_enabled() -> bool:
    return bool(settings.LRS_ENDPOINT and settings.LRS_KEY and settings.LRS_SECRET)


@dataclass
class ForwardReport:
    delivered: int = 0
    failed: int = 0
    retrying: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.delivered + self.failed + self.retrying


def enqueue(statement_seqs: list[int]) -> None:
    """Queue newly stored statements, by `seq` (called inside the storing transaction)."""
    if not is_enabled() or not statement_seqs:
        return
    from .tasks import forward_statements

    now = timezone.now()
    insert_rows(
        OutboxEntry,
        ("statement_id", "status", "attempts", "last_error", "next_attempt_at"),
        [(seq, OutboxEntry.Status.PENDING.value, 0, "", now) for seq in statement_seqs],
    )
    transaction.on_commit(lambda: forward_statements.delay(), robust=True)


def _claim(batch_size: int) -> list[OutboxEntry]:
    """Take up to `batch_size` due rows for this worker by pushing their next attempt past the lease."""
    now = timezone.now()
    with transaction.atomic():
        due = (
            OutboxEntry.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxEntry.Status.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")[:batch_size]
        )
        entries = list(due.select_related("statement"))
        OutboxEntry.objects.filter(pk__in=[e.pk for e in entries]).update(next_attempt_at=now + LEASE)
    return entries


def _session() -> requests.Session:
    session = requests.Session()
    session.auth = (settings.LRS_KEY, settings.LRS_SECRET)
    session.headers.update(
        {"X-Experience-API-Version": settings.LRS_VERSION, "Content-Type": "application/json"}
    )
    return session


def _statements_url() -> str:
    return settings.LRS_ENDPOINT.rstrip("/") + "/statements"


def _delivered(entries: list[OutboxEntry]) -> None:
    OutboxEntry.objects.filter(pk__in=[e.pk for e in entries]).update(
        status=OutboxEntry.Status.DELIVERED, delivered_at=timezone.now(), last_error=""
    )


def _retry_later(entries: list[OutboxEntry], error: str) -> None:
    now = timezone.now()
    for entry in entries:
        delay = min(datetime.timedelta(seconds=30 * 2**entry.attempts), MAX_BACKOFF)
        OutboxEntry.objects.filter(pk=entry.pk).update(
            attempts=entry.attempts + 1, last_error=error[:2000], next_attempt_at=now + delay
        )


def _failed(entry: OutboxEntry, error: str) -> None:
    OutboxEntry.objects.filter(pk=entry.pk).update(
        status=OutboxEntry.Status.FAILED, attempts=entry.attempts + 1, last_error=error[:2000]
    )


def _send_one_by_one(session, entries: list[OutboxEntry], report: ForwardReport) -> None:
    """Isolate the statement a peer refused, so one bad statement never blocks the rest."""
    for entry in entries:
        statement_id = str(entry.statement.statement_id)
        try:
            response = session.put(
                _statements_url(),
                params={"statementId": statement_id},
                json=entry.statement.data,
                timeout=TIMEOUT_SECONDS,
            )
        except requests.RequestException as exc:
            _retry_later([entry], f"{exc.__class__.__name__}: {exc}")
            report.retrying += 1
            continue
        if response.status_code in (200, 204, 409):
            _delivered([entry])
            report.delivered += 1
        elif response.status_code in (400, 422):
            _failed(entry, f"Refused by the external LRS ({response.status_code}): {response.text[:500]}")
            report.failed += 1
        else:
            _retry_later([entry], f"External LRS answered {response.status_code}: {response.text[:500]}")
            report.retrying += 1


def forward_batch(*, batch_size: int | None = None) -> ForwardReport:
    """Send one batch of due statements and record what became of each."""
    report = ForwardReport()
    if not is_enabled():
        return report
    entries = _claim(batch_size or settings.LRS_OUTBOX_BATCH)
    if not entries:
        return report
    session = _session()
    try:
        response = session.post(
            _statements_url(), json=[e.statement.data for e in entries], timeout=TIMEOUT_SECONDS
        )
    except requests.RequestException as exc:
        error = f"{exc.__class__.__name__}: {exc}"
        _retry_later(entries, error)
        report.retrying += len(entries)
        report.errors.append(error)
        log.warning("External LRS unreachable; %s statements will be retried: %s", len(entries), error)
        return report
    if response.status_code in (200, 204):
        # 204: some LRSs (Ralph) answer a batch whose statements they all hold already this way.
        _delivered(entries)
        report.delivered += len(entries)
    elif response.status_code in REFUSED:
        # Some statement in the batch was refused, or is already there: find out which, one by one.
        _send_one_by_one(session, entries, report)
    else:
        error = f"External LRS answered {response.status_code}: {response.text[:500]}"
        _retry_later(entries, error)
        report.retrying += len(entries)
        report.errors.append(error)
    return report


def forward_all(*, max_batches: int = 50) -> ForwardReport:
    """Forward batches until nothing is due (or the peer stops answering)."""
    total = ForwardReport()
    for _ in range(max_batches):
        report = forward_batch()
        total.delivered += report.delivered
        total.failed += report.failed
        total.retrying += report.retrying
        total.errors += report.errors
        if report.handled == 0 or report.retrying:
            break
    return total


def replay(entries) -> int:
    """Queue failed (or any) entries again, at once."""
    return OutboxEntry.objects.filter(pk__in=[e.pk for e in entries]).update(
        status=OutboxEntry.Status.PENDING, next_attempt_at=timezone.now()
    )


def summary() -> dict:
    """Counts by status and the most recent error, for the admin."""
    counts = dict(
        OutboxEntry.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    last_error = (
        OutboxEntry.objects.exclude(last_error="")
        .order_by("-next_attempt_at")
        .values_list("last_error", flat=True)
        .first()
    )
    return {
        "pending": counts.get(OutboxEntry.Status.PENDING, 0),
        "delivered": counts.get(OutboxEntry.Status.DELIVERED, 0),
        "failed": counts.get(OutboxEntry.Status.FAILED, 0),
        "last_error": last_error or "",
        "last_delivered_at": OutboxEntry.objects.aggregate(m=Max("delivered_at"))["m"],
    }
