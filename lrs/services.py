"""Writing statements to the store: validation, ids, authority, voiding, conflicts, all or nothing."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from . import outbox, progress
from .models import Credential, Statement, StatementActivity, StatementAgent
from .xapi.validation import XAPIValidationError, agent_key, parse_timestamp, validate_statement

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


def _index_rows(statement: dict) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """(agent key, related only) and (activity id, related only) pairs a statement mentions."""
    agents: dict[str, bool] = {}
    activities: dict[str, bool] = {}

    def add_agent(actor, related: bool):
        if not isinstance(actor, dict):
            return
        if any(k in actor for k in ("mbox", "mbox_sha1sum", "openid", "account")):
            key = agent_key(actor)
            agents[key] = agents.get(key, True) and related
        for member in actor.get("member") or []:
            add_agent(member, True)

    def add_activity(activity_id: str, related: bool):
        activities[activity_id] = activities.get(activity_id, True) and related

    def walk(stmt: dict, related: bool):
        add_agent(stmt.get("actor"), related)
        obj = stmt.get("object") or {}
        object_type = obj.get("objectType", "Activity")
        if object_type == "Activity":
            add_activity(obj["id"], related)
        elif object_type in ("Agent", "Group"):
            add_agent(obj, related)
        elif object_type == "SubStatement":
            walk(obj, True)
        context = stmt.get("context") or {}
        add_agent(context.get("instructor"), True)
        add_agent(context.get("team"), True)
        for activities_of_kind in (context.get("contextActivities") or {}).values():
            for activity in (
                activities_of_kind if isinstance(activities_of_kind, list) else [activities_of_kind]
            ):
                add_activity(activity["id"], True)
        for context_agent in context.get("contextAgents") or []:
            add_agent(context_agent.get("agent"), True)
        for context_group in context.get("contextGroups") or []:
            add_agent(context_group.get("group"), True)
        add_agent(stmt.get("authority"), True)

    walk(statement, False)
    return list(agents.items()), list(activities.items())


def _object_key(statement: dict) -> str:
    obj = statement["object"]
    object_type = obj.get("objectType", "Activity")
    if object_type in ("Activity", "StatementRef"):
        return obj["id"]
    if object_type in ("Agent", "Group") and any(
        k in obj for k in ("mbox", "mbox_sha1sum", "openid", "account")
    ):
        return agent_key(obj)
    return ""


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
) -> StoreResult:
    """Store a batch: every statement is valid and consistent or nothing is written.

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
        now = timezone.now()
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        new_rows: list[Statement] = []
        index_of: list[dict] = []
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
            obj = statement["object"]
            if statement["verb"]["id"] == VOIDED_VERB:
                voiding_targets[str(uuid.UUID(obj["id"]))] = statement["id"]
            registration = (statement.get("context") or {}).get("registration")
            new_rows.append(
                Statement(
                    statement_id=statement["id"],
                    data=statement,
                    stored=now,
                    timestamp=parse_timestamp(statement["timestamp"]),
                    version=statement["version"][:10],
                    verb_id=statement["verb"]["id"],
                    actor_key=agent_key(statement["actor"]) if _identified(statement["actor"]) else "",
                    object_key=_object_key(statement),
                    target_statement=obj["id"] if obj.get("objectType") == "StatementRef" else None,
                    registration=registration,
                    credential=credential,
                )
            )
            index_of.append(statement)

        if voiding_targets:
            targets = Statement.objects.select_for_update().filter(statement_id__in=list(voiding_targets))
            for target in targets:
                if target.verb_id == VOIDED_VERB:
                    raise StatementError(
                        f"Statement {target.statement_id} is itself a voiding statement and cannot be voided"
                    )
            targets.update(voided=True)

        Statement.objects.bulk_create(new_rows)
        if attachments:
            type(attachments[0]).objects.bulk_create(attachments, ignore_conflicts=True)
        agent_rows, activity_rows = [], []
        for row, statement in zip(new_rows, index_of, strict=True):
            agents, activities = _index_rows(statement)
            agent_rows += [StatementAgent(statement=row, agent_key=k, related_only=r) for k, r in agents]
            activity_rows += [
                StatementActivity(statement=row, activity_id=a, related_only=r) for a, r in activities
            ]
        StatementAgent.objects.bulk_create(agent_rows)
        StatementActivity.objects.bulk_create(activity_rows)
        outbox.enqueue(new_rows)
        if credential is not None:
            # Statements from outside (e-learning content) may complete what another app owns.
            progress.dispatch(index_of)
    return StoreResult(ids=[s["id"] for s in prepared], created=len(new_rows))


def _contains_nul(value) -> bool:
    """PostgreSQL's jsonb cannot hold U+0000, so a statement carrying it is refused, not half-stored."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_contains_nul(item) for item in value)
    return False


def _identified(actor: dict) -> bool:
    return any(k in actor for k in ("mbox", "mbox_sha1sum", "openid", "account"))


def _canonical(statement: dict) -> dict:
    copy = dict(statement)
    _normalise_context_activities(copy)
    return copy
