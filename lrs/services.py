"""Writing statements to the store: validation, ids, authority, voiding, conflicts, all or nothing."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from . import outbox, progress, storage
from .models import Credential, Statement
from .xapi.validation import XAPIValidationError, validate_statement

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
# What the LRS records as a statement's `version` when the client did not say.
STORED_VERSION = {"1.0.3": "1.0.0", "2.0.0": "2.0.0"}


class StatementError(Exception):
    """A request the LRS refuses; `status` is the HTTP status the xAPI spec asks for."""

    status = 400

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        if status is not None:
            self.status = status


@dataclass
class StoreResult:
    ids: list[str]
    created: int


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _without_lrs_fields(statement: dict) -> dict:
    """A statement as compared for 'the same statement': the LRS's own additions left out."""
    return {
        k: v for k, v in statement.items() if k not in {"stored", "authority", "version", "id", "timestamp"}
    }


def _normalise_context_activities(statement: dict) -> None:
    """The LRS returns every contextActivities property as an array, whatever the client sent."""
    for holder in (statement, statement.get("object") if isinstance(statement.get("object"), dict) else None):
        if not holder:
            continue
        context_activities = (holder.get("context") or {}).get("contextActivities")
        if isinstance(context_activities, dict):
            for kind, value in list(context_activities.items()):
                if isinstance(value, dict):
                    context_activities[kind] = [value]


def store_statements(
    statements: list[dict],
    *,
    version: str,
    credential: Credential | None = None,
    authority: dict | None = None,
    statement_id: str | None = None,
    attachments: list | None = None,
    received: datetime.datetime | None = None,
) -> StoreResult:
    """Store a batch: every statement is valid and consistent or nothing is written.

    `received` is when the request arrived; it becomes the statements' `stored` time, so that a
    client's `since`/`until` around its own request holds however long validation takes.

    Identical statements already stored are accepted without storing them twice; a different
    statement under an existing id is a conflict (409).
    """
    if not statements:
        raise StatementError("The request holds no statements.")
    prepared: list[dict] = []
    seen: dict[str, dict] = {}
    for index, statement in enumerate(statements):
        path = "statement" if len(statements) == 1 else f"statements[{index}]"
        if not isinstance(statement, dict):
            raise StatementError(f"{path}: must be a JSON object")
        try:
            validate_statement(statement, version=version, path=path)
        except XAPIValidationError as exc:
            raise StatementError(str(exc)) from None
        if _contains_nul(statement):
            raise StatementError(f"{path}: text may not contain the NUL character (\\u0000)")
        statement = dict(statement)
        if statement_id is not None:
            if "id" in statement and statement["id"].lower() != statement_id.lower():
                raise StatementError("statementId does not match the statement's id")
            statement["id"] = statement_id
        statement["id"] = str(uuid.UUID(statement["id"])) if "id" in statement else str(uuid.uuid4())
        if statement["id"] in seen:
            raise StatementError(f"{path}.id: {statement['id']} appears more than once in the batch")
        seen[statement["id"]] = statement
        prepared.append(statement)

    with transaction.atomic():
        existing = {
            str(row.statement_id): row
            for row in Statement.objects.select_for_update().filter(statement_id__in=list(seen))
        }
        # `stored` is given out to the millisecond, so it is kept to the millisecond: a client that
        # passes a statement's `stored` back as `since` must not get that statement again.
        now = received or timezone.now()
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        new: list[dict] = []
        voiding_targets: dict[str, str] = {}
        for statement in prepared:
            stored_row = existing.get(statement["id"])
            if stored_row is not None:
                if _without_lrs_fields(stored_row.data) != _without_lrs_fields(_canonical(statement)):
                    raise StatementError(
                        f"A different statement with id {statement['id']} is already stored", status=409
                    )
                continue
            if authority is not None:
                statement["authority"] = authority
            elif credential is not None:
                statement["authority"] = credential.authority()
            statement.setdefault("version", STORED_VERSION[version])
            statement["stored"] = _iso(now)
            statement.setdefault("timestamp", statement["stored"])
            _normalise_context_activities(statement)
            if statement["verb"]["id"] == VOIDED_VERB:
                voiding_targets[str(uuid.UUID(statement["object"]["id"]))] = statement["id"]
            new.append(statement)

        if voiding_targets:
            targets = Statement.objects.select_for_update().filter(statement_id__in=list(voiding_targets))
            for target in targets:
                if target.verb_id == VOIDED_VERB:
                    raise StatementError(
                        f"Statement {target.statement_id} is itself a voiding statement and cannot be voided"
                    )
            targets.update(voided=True)

        seqs = storage.statements_insert(
            statements=new, stored=now, credential_id=credential.pk if credential is not None else None
        )
        if attachments:
            type(attachments[0]).objects.bulk_create(attachments, ignore_conflicts=True)
        outbox.enqueue(seqs)
        if credential is not None:
            # Statements from outside (e-learning content) may complete what another app owns.
            progress.dispatch(new)
    return StoreResult(ids=[s["id"] for s in prepared], created=len(new))


def _contains_nul(value) -> bool:
    """PostgreSQL's jsonb cannot hold U+0000, so a statement carrying it is refused, not half-stored."""
    # A loop over a stack rather than recursion: every statement is walked, and this is twice as fast.
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str) and "\x00" in key:
                    return True
                pending.append(child)
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _canonical(statement: dict) -> dict:
    copy = dict(statement)
    _normalise_context_activities(copy)
    return copy
