"""The xAPI statements the services would have recorded for the generated rows, written in stored order.

Read back from the rows just written (each kind of row in time order, the kinds merged), built as
`lrs.recording.record_statement` builds them and stored as `lrs.services.store_statements` stores them:
the academy's authority, version 1.0.0, `stored` to the millisecond, the person as an account on
SITE_URL named by their public id. A region has millions, so each is put together as JSON text from
pieces encoded once, and its columns and index rows are derived here; the first statement of every
kind is checked against `lrs.storage`'s own derivation, so the two cannot drift apart.
"""

from __future__ import annotations

import heapq
import json
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.db import connection

from academy.models import User
from cms.events.activities import SESSION_TYPE
from cms.events.models import Booking, EventPage, EventSession
from lms.activities import ASSESSMENT_TYPE, COURSE_TYPE, MODULE_TYPE, PROGRAMME_TYPE
from lms.models import Enrolment, KnowledgeCheckAttempt, ProgrammeEnrolment, UnitProgress
from lrs import storage
from lrs.models import Statement, StatementActivity, StatementAgent
from lrs.recording import Verb, academy_authority

from .catalogue import Catalogue
from .db import Ids, uses_copy, write_rows
from .learning import statement_uuid

BATCH = 5000
LEVELS = {
    # what each --statements level writes
    "completions": ("completed", "programme_completed", "attended"),
    "all": (
        "completed",
        "programme_completed",
        "attended",
        "registered",
        "programme_registered",
        "unit",
        "attempt",
    ),
}


class StatementMismatch(Exception):
    """The generator's statements would differ from what the LRS's own writer stores."""


def _dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"))


def _explicit(stored: str) -> str:
    """A statement's `timestamp` as record_statement writes it (datetime.isoformat), from the stored text.

    Every generated time is a whole second, so there is no fraction to carry over.
    """
    return stored[:19] + "+00:00"


class Builder:
    """JSON text, columns and index rows of each kind of statement, from a few facts."""

    def __init__(self, catalogue: Catalogue, events: dict[int, str], sessions: dict):
        site = settings.SITE_URL
        self.site = site
        self.site_json = _dumps(site)
        authority = academy_authority()
        self.authority_json = _dumps(authority)
        self.authority_key = f"account:{authority['account']['homePage']}|{authority['account']['name']}"
        self.verbs = {verb: _dumps({"id": str(verb), "display": {"en-GB": verb.display}}) for verb in Verb}
        self.courses = {}
        for course in catalogue.courses.values():
            iri = self.iri(course.activity_path)
            self.courses[course.pk] = (iri, self._activity(iri, course.title, COURSE_TYPE))
        self.units = {}
        for course in catalogue.courses.values():
            for unit in course.units:
                iri = self.iri(f"{course.activity_path}/units/{unit.key}")
                kind = ASSESSMENT_TYPE if unit.kind == "knowledge_check" else MODULE_TYPE
                self.units[unit.key] = (
                    iri,
                    self._activity(iri, unit.title, kind),
                    course.pk,
                    unit.sort_order,
                )
        self.programmes = {}
        for programme in catalogue.programmes.values():
            iri = self.iri(f"programmes/{programme.pk}")
            self.programmes[programme.pk] = (
                iri,
                self._activity(iri, programme.title, PROGRAMME_TYPE),
                programme.slug,
            )
        self.sessions = {}
        for pk, (page_id, starts, ends) in sessions.items():
            iri = self.iri(f"events/{page_id}/sessions/{pk}")
            name = f"{events[page_id]} ({starts:%Y-%m-%d})"
            seconds = (ends - starts).total_seconds()
            duration = f"PT{seconds:.2f}S".replace(".00S", "S")
            self.sessions[pk] = (
                iri,
                self._activity(iri, name, SESSION_TYPE),
                self.iri(f"events/{page_id}"),
                ends.isoformat(),
                duration,
            )
        self.checked: set[str] = set()

    def iri(self, path: str) -> str:
        return f"{self.site}/xapi/activities/{path}"

    @staticmethod
    def _activity(iri: str, name: str, activity_type: str) -> str:
        return _dumps(
            {
                "objectType": "Activity",
                "id": iri,
                "definition": {"name": {"en-GB": name[:500]}, "type": activity_type},
            }
        )

    def build(
        self,
        kind: str,
        *,
        statement_id: str,
        person: str,
        verb: Verb,
        object_iri: str,
        object_json: str,
        stored: str,
        timestamp: str | None = None,
        result: str | None = None,
        registration: str | None = None,
        parent_iri: str | None = None,
    ) -> tuple[tuple, list[tuple[str, bool]], list[tuple[str, bool]]]:
        """(statement columns, agent index rows, activity index rows); `stored` is UTC text to the ms."""
        context = '{"platform":"Social Care Academy","language":"en-GB"'
        if registration is not None:
            context += f',"registration":"{registration}"'
        if parent_iri is not None:
            context += (
                f',"contextActivities":{{"parent":[{{"id":{_dumps(parent_iri)},"objectType":"Activity"}}]}}'
            )
        context += "}"
        text = (
            f'{{"actor":{{"objectType":"Agent","account":{{"homePage":{self.site_json},"name":"{person}"}}}},'
            f'"verb":{self.verbs[verb]},"object":{object_json},'
            + (f'"result":{result},' if result is not None else "")
            + f'"context":{context},"timestamp":"{timestamp or stored}","id":"{statement_id}",'
            f'"authority":{self.authority_json},"version":"1.0.0","stored":"{stored}"}}'
        )
        actor_key = f"account:{self.site}|{person}"
        columns = (
            statement_id,
            text,
            stored,
            timestamp or stored,
            "1.0.0",
            str(verb),
            actor_key,
            object_iri,
            registration,
            None,
            False,
            None,
        )
        agents = [(actor_key, False), (self.authority_key, True)]
        activities = [(object_iri, False)] + ([(parent_iri, True)] if parent_iri else [])
        if kind not in self.checked:
            self._check(columns, agents, activities)
            self.checked.add(kind)
        return columns, agents, activities

    @staticmethod
    def _check(columns, agents, activities) -> None:
        from lrs.xapi.validation import parse_timestamp

        statement = json.loads(columns[1])
        stored = parse_timestamp(columns[2])
        expected = storage.statement_columns(statement, stored=stored, credential_id=None)
        mine = (columns[0], statement, stored, parse_timestamp(columns[3]), *columns[4:])
        expected_agents, expected_activities = storage.index_rows(statement)
        if mine != expected or sorted(agents) != sorted(expected_agents) or activities != expected_activities:
            raise StatementMismatch(
                f"A generated statement differs from what lrs.storage derives: {columns[0]}"
            )


def _uuid(value) -> str:
    # PostgreSQL gives UUIDs as text with hyphens, SQLite as 32 hex digits.
    return value if len(value) == 36 else str(uuid.UUID(value))


def _sql_time(column: str) -> str:
    if uses_copy():
        return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"""
    return f"strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', {column})"


def _sql_uuid(column: str) -> str:
    return f"{column}::text" if uses_copy() else column


def _stream(sql: str, params: list, name: str) -> Iterator[tuple]:
    """Rows of a query in order, without holding them all (a server-side cursor on PostgreSQL)."""
    if uses_copy():
        with connection.connection.cursor(name=name) as cursor:
            cursor.itersize = 20000
            cursor.execute(sql, params)
            yield from cursor
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            yield from cursor.fetchall()


def _tagged(kind: str, sql: str, params: list) -> Iterator[tuple]:
    for row in _stream(sql, params, f"generated_{kind}"):
        yield row[0], kind, row


def _queries(people: list[int]) -> dict[str, tuple[str, list]]:
    """For each kind of statement: a query of (stored time as text, public id, ...) in time order."""
    u, e, up, a, pe, b = (
        connection.ops.quote_name(m._meta.db_table)
        for m in (User, Enrolment, UnitProgress, KnowledgeCheckAttempt, ProgrammeEnrolment, Booking)
    )
    pid = _sql_uuid("u.public_id")
    reg = _sql_uuid("e.registration")
    return {
        "completed": (
            f"SELECT {_sql_time('e.completed_at')}, {pid}, e.course_id, {reg} FROM {e} e "
            f"JOIN {u} u ON u.id = e.learner_id WHERE e.learner_id BETWEEN %s AND %s AND e.status = %s "
            "ORDER BY e.completed_at",
            [*people, "completed"],
        ),
        "programme_completed": (
            f"SELECT {_sql_time('p.completed_at')}, {pid}, p.programme_id FROM {pe} p "
            f"JOIN {u} u ON u.id = p.learner_id WHERE p.learner_id BETWEEN %s AND %s AND p.status = %s "
            "ORDER BY p.completed_at",
            [*people, "completed"],
        ),
        "attended": (
            f"SELECT {_sql_time('b.attendance_marked_at')}, {pid}, b.session_id, b.statement_id, "
            f"b.attendance FROM {b} b JOIN {u} u ON u.id = b.person_id WHERE b.person_id BETWEEN %s AND %s "
            "AND b.attendance IN (%s, %s) ORDER BY b.attendance_marked_at",
            [*people, "attended", "partly_attended"],
        ),
        "registered": (
            f"SELECT {_sql_time('e.enrolled_at')}, {pid}, e.course_id, {reg} FROM {e} e "
            f"JOIN {u} u ON u.id = e.learner_id WHERE e.learner_id BETWEEN %s AND %s ORDER BY e.enrolled_at",
            people,
        ),
        "programme_registered": (
            f"SELECT {_sql_time('p.enrolled_at')}, {pid}, p.programme_id FROM {pe} p "
            f"JOIN {u} u ON u.id = p.learner_id WHERE p.learner_id BETWEEN %s AND %s ORDER BY p.enrolled_at",
            people,
        ),
        # Steps met other than by a knowledge check (whose statement is the attempt's) or by attendance.
        "unit": (
            f"SELECT {_sql_time('up.completed_at')}, {pid}, {_sql_uuid('up.unit_key')}, "
            f"{_sql_uuid('up.statement_id')}, {reg} FROM {up} up JOIN {e} e ON e.id = up.enrolment_id "
            f"JOIN {u} u ON u.id = e.learner_id WHERE e.learner_id BETWEEN %s AND %s AND up.status = %s "
            "AND up.how NOT IN (%s, %s) AND up.statement_id IS NOT NULL ORDER BY up.completed_at",
            [*people, "completed", "attended", "passed"],
        ),
        "attempt": (
            f"SELECT {_sql_time('a.submitted_at')}, {pid}, {_sql_uuid('a.unit_key')}, a.passed, a.correct, "
            f"a.questions, a.score_percent, {reg} FROM {a} a JOIN {e} e ON e.id = a.enrolment_id "
            f"JOIN {u} u ON u.id = e.learner_id WHERE e.learner_id BETWEEN %s AND %s ORDER BY a.submitted_at",
            people,
        ),
    }


COURSE_DONE = '{"success":true,"completion":true}'
STEP_DONE = '{"completion":true}'


def _build(builder: Builder, kind: str, row: tuple):
    stored, person = row[0], _uuid(row[1])
    if kind in ("completed", "registered"):
        iri, activity = builder.courses[row[2]]
        registration = _uuid(row[3])
        completed = kind == "completed"
        return builder.build(
            kind,
            statement_id=statement_uuid(registration, kind),
            person=person,
            verb=Verb.COMPLETED if completed else Verb.REGISTERED,
            object_iri=iri,
            object_json=activity,
            stored=stored,
            timestamp=_explicit(stored) if completed else None,
            result=COURSE_DONE if completed else None,
            registration=registration,
        )
    if kind in ("programme_completed", "programme_registered"):
        iri, activity, slug = builder.programmes[row[2]]
        completed = kind == "programme_completed"
        return builder.build(
            kind,
            statement_id=statement_uuid(person, slug, stored, kind),
            person=person,
            verb=Verb.COMPLETED if completed else Verb.REGISTERED,
            object_iri=iri,
            object_json=activity,
            stored=stored,
            timestamp=_explicit(stored) if completed else None,
            result=COURSE_DONE if completed else None,
        )
    if kind == "attended":
        iri, activity, parent, ends, duration = builder.sessions[row[2]]
        in_full = row[4] == "attended"
        return builder.build(
            kind,
            statement_id=row[3],
            person=person,
            verb=Verb.ATTENDED,
            object_iri=iri,
            object_json=activity,
            stored=stored,
            # min(the session's end, when the register was taken): registers are taken after the end.
            timestamp=ends,
            result=f'{{"completion":true,"duration":"{duration}"}}' if in_full else '{"completion":false}',
            parent_iri=parent,
        )
    if kind == "unit":
        iri, activity, course_pk, _ = builder.units[_uuid(row[2])]
        return builder.build(
            kind,
            statement_id=_uuid(row[3]),
            person=person,
            verb=Verb.COMPLETED,
            object_iri=iri,
            object_json=activity,
            stored=stored,
            timestamp=_explicit(stored),
            result=STEP_DONE,
            registration=_uuid(row[4]),
            parent_iri=builder.courses[course_pk][0],
        )
    if kind == "attempt":
        iri, activity, course_pk, sort_order = builder.units[_uuid(row[2])]
        passed, correct, questions, percent = bool(row[3]), row[4], row[5], row[6]
        registration = _uuid(row[7])
        flag = "true" if passed else "false"
        # As lrs.recording.Score dumps its numbers: floats.
        score = (
            f'{{"scaled":{percent / 100!r},"raw":{float(correct)!r},"min":0.0,"max":{float(questions)!r}}}'
        )
        return builder.build(
            kind,
            statement_id=statement_uuid(registration, "unit", sort_order, *(() if passed else ("failed",))),
            person=person,
            verb=Verb.PASSED if passed else Verb.FAILED,
            object_iri=iri,
            object_json=activity,
            stored=stored,
            result=f'{{"success":{flag},"completion":{flag},"score":{score}}}',
            registration=registration,
            parent_iri=builder.courses[course_pk][0],
        )
    raise ValueError(kind)


def write_statements(*, catalogue: Catalogue, first_user: int, last_user: int, level: str) -> int:
    """Write the statements of the generated people (user ids first_user..last_user); returns how many."""
    event_titles = dict(EventPage.objects.values_list("pk", "title"))
    sessions = {
        pk: (page_id, starts, ends)
        for pk, page_id, starts, ends in EventSession.objects.values_list(
            "pk", "page_id", "starts_at", "ends_at"
        )
    }
    builder = Builder(catalogue, event_titles, sessions)
    queries = _queries([first_user, last_user])
    streams = [_tagged(kind, *queries[kind]) for kind in LEVELS[level]]
    ids = Ids(Statement)
    ids.BLOCK = BATCH
    rows, agent_rows, activity_rows = [], [], []
    written = 0

    def flush():
        nonlocal written
        write_rows(Statement, ("seq", *storage.COLUMNS), rows)
        write_rows(StatementAgent, ("statement", "agent_key", "related_only"), agent_rows)
        write_rows(StatementActivity, ("statement", "activity_id", "related_only"), activity_rows)
        written += len(rows)
        rows.clear()
        agent_rows.clear()
        activity_rows.clear()

    # Seq numbers go up with `stored`, as when the statements arrived one after another.
    for _stored, kind, row in heapq.merge(*streams, key=lambda item: item[0]):
        columns, agents, activities = _build(builder, kind, row)
        seq = ids.take()
        rows.append((seq, *columns))
        agent_rows.extend((seq, key, related) for key, related in agents)
        activity_rows.extend((seq, activity, related) for activity, related in activities)
        if len(rows) >= BATCH:
            flush()
    if rows:
        flush()
    return written
