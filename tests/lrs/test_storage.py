"""lrs/storage.py: the rows a stored statement is found by, written by COPY or by bulk_create.

PostgreSQL writes with COPY, other databases with bulk_create; both must leave the same rows, so
that every filter of GET /xapi/statements answers the same whichever database the LRS runs on.
"""

import base64
import json
import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from lrs import storage
from lrs.models import Credential, OutboxEntry, Statement, StatementActivity, StatementAgent
from lrs.services import store_statements

URL = "/xapi/statements"
COMPLETED = {"id": "http://adlnet.gov/expapi/verbs/completed"}
ATTENDED = {"id": "http://adlnet.gov/expapi/verbs/attended"}
VOIDED = {"id": "http://adlnet.gov/expapi/verbs/voided"}

ANN = {"objectType": "Agent", "mbox": "mailto:ann@example.org"}
BOB = {"objectType": "Agent", "account": {"homePage": "https://lms.example.org", "name": "bob"}}
CAROL = {"objectType": "Agent", "openid": "https://id.example.org/carol"}
DAN = {"objectType": "Agent", "mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"}
EVE = {"objectType": "Agent", "mbox": "mailto:eve@example.org"}
FAY = {"objectType": "Agent", "mbox": "mailto:fay@example.org"}
TEAM = {"objectType": "Group", "mbox": "mailto:team@example.org", "member": [CAROL]}
PAIR = {"objectType": "Group", "member": [ANN, EVE]}  # anonymous: found only by its members
AGENTS = [ANN, BOB, CAROL, DAN, EVE, FAY, TEAM]

COURSE = "https://academy.example.org/courses/1"
MODULE = "https://academy.example.org/courses/1/modules/2"
PROGRAMME = "https://academy.example.org/programmes/3"
SITE = "https://academy.example.org"
CATEGORY = "https://academy.example.org/categories/care"
QUIZ = "https://academy.example.org/quizzes/4"
ACTIVITIES = [COURSE, MODULE, PROGRAMME, SITE, CATEGORY, QUIZ]
REGISTRATION = "9d6bd8f4-2d5c-4c1c-a4f5-0c2e3b4a5d6e"


def sid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"test-storage/{name}"))


def activity(iri: str) -> dict:
    return {"objectType": "Activity", "id": iri}


def batches() -> list[tuple[str, list[dict]]]:
    """Statements that mention agents and activities in every place the filters look."""
    first = [
        {  # ANN is both actor and instructor: one row, not "related only"
            "id": sid("actor"),
            "timestamp": "2025-03-05T10:15:30.123+01:00",
            "actor": ANN,
            "verb": COMPLETED,
            "object": activity(MODULE),
            "context": {
                "registration": REGISTRATION,
                "instructor": ANN,
                # one Activity rather than an array: stored (and indexed) as an array of one
                "contextActivities": {"parent": activity(COURSE), "grouping": [activity(PROGRAMME)]},
            },
        },
        {
            "id": sid("team"),
            "actor": BOB,
            "verb": ATTENDED,
            "object": activity(COURSE),
            "context": {
                "instructor": FAY,
                "team": TEAM,
                "contextActivities": {"category": [activity(CATEGORY)], "other": [activity(SITE)]},
            },
        },
        {
            "id": sid("agent-object"),
            "timestamp": "2025-03-05T09:00:00Z",
            "version": "1.0.3",
            "actor": CAROL,
            "verb": ATTENDED,
            "object": DAN,
        },
        {"id": sid("group-actor"), "actor": PAIR, "verb": COMPLETED, "object": activity(QUIZ)},
        {
            "id": sid("substatement"),
            "actor": FAY,
            "verb": COMPLETED,
            "object": {
                "objectType": "SubStatement",
                "actor": EVE,
                "verb": COMPLETED,
                "object": activity(QUIZ),
                "context": {"instructor": BOB, "contextActivities": {"parent": [activity(MODULE)]}},
            },
        },
        {
            "id": sid("reference"),
            "actor": DAN,
            "verb": ATTENDED,
            "object": {"objectType": "StatementRef", "id": sid("actor")},
        },
    ]
    voiding = [
        {
            "id": sid("voiding"),
            "actor": BOB,
            "verb": VOIDED,
            "object": {"objectType": "StatementRef", "id": sid("agent-object")},
        }
    ]
    context_agents = [
        {
            "id": sid("context-agents"),
            "actor": EVE,
            "verb": ATTENDED,
            "object": activity(PROGRAMME),
            "context": {
                "contextAgents": [{"objectType": "contextAgent", "agent": CAROL}],
                "contextGroups": [{"objectType": "contextGroup", "group": TEAM}],
            },
        }
    ]
    return [("1.0.3", first), ("1.0.3", voiding), ("2.0.0", context_agents)]


@pytest.fixture
def credential(db):
    credential, secret = Credential.issue(name="Storage test content")
    credential.secret = secret
    return credential


@pytest.fixture
def outbox_on(settings):
    settings.LRS_ENDPOINT = "http://127.0.0.1:9/xapi/"  # nothing listens: rows stay pending
    settings.LRS_KEY = "academy"
    settings.LRS_SECRET = "secret"


@pytest.fixture
def writer(request, monkeypatch):
    """Force one of the two writers, whatever the database."""
    if request.param == "copy" and connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    monkeypatch.setattr(storage, "_uses_copy", lambda: request.param == "copy")
    return request.param


def store_all(credential):
    for version, batch in batches():
        store_statements(batch, version=version, credential=credential)


def answers(client, credential) -> dict:
    """What GET /xapi/statements answers, by id, for every filter and every value stored."""
    token = base64.b64encode(f"{credential.key}:{credential.secret}".encode()).decode()
    headers = {"HTTP_AUTHORIZATION": f"Basic {token}", "HTTP_X_EXPERIENCE_API_VERSION": "2.0.0"}
    queries = [{}]
    for agent in [*AGENTS, credential.authority()]:
        identifier = {k: v for k, v in agent.items() if k != "member"}
        for related in ("false", "true"):
            queries.append({"agent": json.dumps(identifier), "related_agents": related})
    for iri in ACTIVITIES:
        for related in ("false", "true"):
            queries.append({"activity": iri, "related_activities": related})
    queries += [{"verb": verb["id"]} for verb in (COMPLETED, ATTENDED, VOIDED)]
    queries += [{"registration": REGISTRATION}, {"ascending": "true"}]
    result = {}
    for query in queries:
        response = client.get(URL, query, **headers)
        assert response.status_code == 200, response.content
        result[tuple(sorted(query.items()))] = [s["id"] for s in response.json()["statements"]]
    return result


def rows() -> dict:
    """Every row the statements left, keyed by statement id rather than by `seq`."""

    def when(statement: Statement, moment):
        # `stored` is the moment of writing, different on each run: compare whether it was used.
        return "stored" if moment in (statement.stored, statement.data["stored"]) else moment

    return {
        "statements": sorted(
            (
                str(s.statement_id),
                {k: when(s, v) if k in ("stored", "timestamp") else v for k, v in s.data.items()},
                when(s, s.timestamp),
                s.version,
                s.verb_id,
                s.actor_key,
                s.object_key,
                str(s.registration),
                str(s.target_statement),
                s.voided,
                s.credential_id,
            )
            for s in Statement.objects.all()
        ),
        "agents": sorted(
            StatementAgent.objects.values_list("statement__statement_id", "agent_key", "related_only")
        ),
        "activities": sorted(
            StatementActivity.objects.values_list("statement__statement_id", "activity_id", "related_only")
        ),
        "outbox": sorted(
            OutboxEntry.objects.values_list("statement__statement_id", "status", "attempts", "last_error")
        ),
    }


@pytest.mark.parametrize("writer", ["copy", "bulk_create"], indirect=True)
def test_every_filter_finds_statements_by_what_they_mention(client, credential, writer):
    store_all(credential)
    found = answers(client, credential)

    def ids(**query):
        return set(found[tuple(sorted(query.items()))])

    def agent(who, related="false"):
        return ids(agent=json.dumps({k: v for k, v in who.items() if k != "member"}), related_agents=related)

    # As actor (or object) only, unless related_agents; the voided statement is gone; a statement
    # that refers to a match matches too (the StatementRef to "actor").
    assert agent(ANN) == {sid("actor"), sid("reference")}
    assert agent(ANN, "true") == {sid("actor"), sid("reference"), sid("group-actor")}
    # DAN's statement as object is voided: not returned, but the voiding statement refers to it.
    assert agent(DAN) == {sid("reference"), sid("voiding")}
    assert agent(CAROL) == {sid("voiding")}
    assert agent(CAROL, "true") == {
        sid("voiding"),
        sid("team"),
        sid("context-agents"),
    }  # member, contextAgent
    assert agent(TEAM, "true") == {sid("team"), sid("context-agents")}
    assert agent(EVE) == {sid("context-agents")}
    assert agent(EVE, "true") == {sid("context-agents"), sid("group-actor"), sid("substatement")}
    assert agent(credential.authority()) == set()
    assert len(agent(credential.authority(), "true")) == 7  # every statement but the voided one

    def activity_ids(iri, related="false"):
        return ids(activity=iri, related_activities=related)

    assert activity_ids(COURSE) == {sid("team")}
    assert activity_ids(COURSE, "true") == {sid("team"), sid("actor"), sid("reference")}
    assert activity_ids(QUIZ) == {sid("group-actor")}
    assert activity_ids(QUIZ, "true") == {sid("group-actor"), sid("substatement")}
    assert activity_ids(MODULE, "true") == {sid("actor"), sid("substatement"), sid("reference")}
    assert activity_ids(SITE, "true") == activity_ids(CATEGORY, "true") == {sid("team")}
    assert ids(registration=REGISTRATION) == {sid("actor"), sid("reference")}
    assert ids(verb=VOIDED["id"]) == {sid("voiding")}

    # Newest first, in the order the statements were sent.
    sent = [s["id"] for _version, batch in batches() for s in batch if s["id"] != sid("agent-object")]
    assert found[(("ascending", "true"),)] == sent


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_writes_exactly_the_rows_bulk_create_writes(client, credential, outbox_on, monkeypatch):
    results = {}
    for name, copy in (("bulk_create", False), ("copy", True)):
        monkeypatch.setattr(storage, "_uses_copy", lambda copy=copy: copy)
        try:
            with transaction.atomic():
                store_all(credential)
                results[name] = (rows(), answers(client, credential))
                raise _Undo
        except _Undo:
            pass
    (bulk_rows, bulk_answers), (copy_rows, copy_answers) = results["bulk_create"], results["copy"]
    assert len(bulk_rows["statements"]) == 8 and len(bulk_rows["agents"]) > 20
    assert len(bulk_rows["outbox"]) == 8 and {row[1] for row in bulk_rows["outbox"]} == {"pending"}
    assert copy_rows == bulk_rows
    assert copy_answers == bulk_answers


class _Undo(Exception):
    pass


@pytest.mark.parametrize("writer", ["copy", "bulk_create"], indirect=True)
def test_each_new_statement_gets_one_outbox_row_and_a_resend_none(credential, outbox_on, writer):
    ids = store_statements(batches()[0][1], version="1.0.3", credential=credential).ids
    assert store_statements(batches()[0][1], version="1.0.3", credential=credential).created == 0
    queued = OutboxEntry.objects.filter(
        status=OutboxEntry.Status.PENDING, next_attempt_at__lte=timezone.now()
    )
    assert sorted(str(i) for i in queued.values_list("statement__statement_id", flat=True)) == sorted(ids)


@pytest.mark.parametrize("writer", ["copy", "bulk_create"], indirect=True)
def test_an_id_stored_meanwhile_is_an_integrity_error_and_writes_nothing(credential, writer):
    store_statements(batches()[0][1][:1], version="1.0.3", credential=credential)
    first = batches()[0][1][0]
    stored = timezone.now()
    fresh = {**first, "id": sid("fresh"), "stored": "2024-01-01T00:00:00.000Z", "version": "1.0.0"}
    clash = {**first, "stored": "2024-01-01T00:00:00.000Z", "version": "1.0.0"}
    for statement in (fresh, clash):
        statement["timestamp"] = statement["stored"]
    with pytest.raises(IntegrityError), transaction.atomic():
        storage.statements_insert(statements=[fresh, clash], stored=stored, credential_id=credential.pk)
    assert list(Statement.objects.values_list("statement_id", flat=True)) == [uuid.UUID(first["id"])]
    assert StatementAgent.objects.filter(statement__statement_id=sid("fresh")).count() == 0
