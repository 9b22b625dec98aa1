"""Writing new statements in bulk: their rows, and the agent and activity rows they are found by.

The filters of `GET /xapi/statements` read columns and index rows derived from each statement; this
module derives them and writes a batch of them in one go, inside the caller's transaction. On
PostgreSQL the rows go in with COPY: building a model instance and quoting a JSON array element per
value cost several times what the database spends storing them. Other databases (SQLite in
development and tests) get the same rows through `bulk_create`.
"""

from __future__ import annotations

import datetime
import json

from django.db import connection

from .models import Statement, StatementActivity, StatementAgent
from .xapi.validation import agent_key, parse_timestamp

_IFIS = frozenset({"mbox", "mbox_sha1sum", "openid", "account"})

# The Statement columns a new statement fills, in the order `statement_columns` gives them.
COLUMNS = (
    "statement_id",
    "data",
    "stored",
    "timestamp",
    "version",
    "verb_id",
    "actor_key",
    "object_key",
    "registration",
    "target_statement",
    "voided",
    "credential_id",
)


def identified(actor: dict) -> bool:
    """Whether an Agent or Group carries an inverse functional identifier (an anonymous Group does not)."""
    return not _IFIS.isdisjoint(actor)


def object_key(statement: dict) -> str:
    """What the `object_key` column holds: the activity or statement id, or the agent's key."""
    obj = statement["object"]
    object_type = obj.get("objectType", "Activity")
    if object_type in ("Activity", "StatementRef"):
        return obj["id"]
    if object_type in ("Agent", "Group") and identified(obj):
        return agent_key(obj)
    return ""


def statement_columns(statement: dict, *, stored: datetime.datetime, credential_id: int | None) -> tuple:
    """The values of COLUMNS for a statement in its stored form (id, stored, version filled in)."""
    obj = statement["object"]
    return (
        statement["id"],
        statement,
        stored,
        parse_timestamp(statement["timestamp"]),
        statement["version"][:10],
        statement["verb"]["id"],
        agent_key(statement["actor"]) if identified(statement["actor"]) else "",
        object_key(statement),
        (statement.get("context") or {}).get("registration"),
        obj["id"] if obj.get("objectType") == "StatementRef" else None,
        False,
        credential_id,
    )


def index_rows(statement: dict) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """(agent key, related only) and (activity id, related only) pairs a statement mentions.

    `related only` is true when the agent or activity appears only outside the actor and object, so
    that the `agent` and `activity` filters can leave those out unless `related_*` is asked for.
    """
    agents: dict[str, bool] = {}
    activities: dict[str, bool] = {}

    def add_agent(actor, related: bool):
        if not isinstance(actor, dict):
            return
        if identified(actor):
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


def statements_insert(
    *, statements: list[dict], stored: datetime.datetime, credential_id: int | None
) -> list[int]:
    """Write new statements (in their stored form) and their index rows; returns their `seq`s in order.

    Runs in the caller's transaction. The ids must not be stored yet (the caller has checked, under
    lock); a clash with a concurrent writer raises IntegrityError, as an INSERT would.
    """
    if not statements:
        return []
    rows = [statement_columns(s, stored=stored, credential_id=credential_id) for s in statements]
    if _uses_copy():
        seqs = _next_seqs(len(rows))
        copy_rows(
            Statement,
            ("seq", *COLUMNS),
            [(seq, row[0], json.dumps(row[1]), *row[2:]) for seq, row in zip(seqs, rows, strict=True)],
        )
    else:
        instances = [Statement(**dict(zip(COLUMNS, row, strict=True))) for row in rows]
        Statement.objects.bulk_create(instances)
        seqs = [instance.seq for instance in instances]
    agent_rows, activity_rows = [], []
    for seq, statement in zip(seqs, statements, strict=True):
        agents, activities = index_rows(statement)
        agent_rows += [(seq, key, related) for key, related in agents]
        activity_rows += [(seq, activity_id, related) for activity_id, related in activities]
    insert_rows(StatementAgent, ("statement_id", "agent_key", "related_only"), agent_rows)
    insert_rows(StatementActivity, ("statement_id", "activity_id", "related_only"), activity_rows)
    return seqs


def insert_rows(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert plain rows of `model` (values for every column but an automatic primary key)."""
    if not rows:
        return
    if _uses_copy():
        copy_rows(model, columns, rows)
    else:
        model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows])


def _uses_copy() -> bool:
    return connection.vendor == "postgresql"


def copy_rows(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """PostgreSQL: COPY rows into `model`'s table; database errors come out as Django's own."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _next_seqs(count: int) -> list[int]:
    """Take `count` values of the statement sequence, in order, as the INSERT would have."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [_sequence(), count])
        return sorted(seq for (seq,) in cursor.fetchall())


_sequences: dict[str, str] = {}


def _sequence() -> str:
    """The name of the sequence behind Statement.seq (looked up once: per row it costs more than nextval)."""
    key = connection.settings_dict["NAME"]
    if key not in _sequences:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'seq')", [Statement._meta.db_table])
            _sequences[key] = cursor.fetchone()[0]
    return _sequences[key]
