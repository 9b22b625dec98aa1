"""Statements from e-learning content reach the app that owns the activity, without the LRS importing it."""

import base64
import json

import pytest

from lrs import progress
from lrs.models import Credential
from lrs.recording import Activity, Verb, actor_for_person, record_statement

COURSE = "https://academy.example.org/xapi/activities/courses/"


@pytest.fixture
def events():
    seen = []

    def handler(event):
        seen.append(event)

    progress.register(COURSE, handler)
    yield seen
    progress.unregister(COURSE, handler)


def _post(client, body):
    credential, secret = Credential.issue(name="content")
    token = base64.b64encode(f"{credential.key}:{secret}".encode()).decode()
    return client.post(
        "/xapi/statements",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {token}",
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )


def _statement(actor, verb="http://adlnet.gov/expapi/verbs/completed", activity=COURSE + "3"):
    return {"actor": actor, "verb": {"id": verb}, "object": {"id": activity}}


def test_completion_from_content_reaches_the_owner(client, world, events, settings):
    settings.SITE_URL = "https://academy.example.org"
    person = world["oak_worker"]
    assert _post(client, _statement(actor_for_person(person))).status_code == 200
    assert [(e.person, e.activity_id) for e in events] == [(person, COURSE + "3")]


def test_content_that_identifies_the_learner_by_email_is_matched(client, world, events):
    _post(
        client,
        _statement({"mbox": "mailto:Worker@Oak.example.org"}, verb="http://adlnet.gov/expapi/verbs/passed"),
    )
    assert [e.person for e in events] == [world["oak_worker"]]


@pytest.mark.parametrize(
    "statement",
    [
        _statement({"mbox": "mailto:stranger@example.org"}),
        _statement({"mbox": "mailto:worker@oak.example.org"}, verb="http://adlnet.gov/expapi/verbs/launched"),
        _statement({"mbox": "mailto:worker@oak.example.org"}, activity="https://elsewhere.example.org/x"),
    ],
)
def test_other_statements_reach_nobody(client, world, events, statement):
    assert _post(client, statement).status_code == 200
    assert events == []


def test_the_academys_own_records_are_not_echoed_back(world, events, settings):
    settings.SITE_URL = "https://academy.example.org"
    record_statement(
        person=world["oak_worker"], verb=Verb.COMPLETED, activity=Activity(path="courses/3", name="C")
    )
    assert events == []


def test_a_failing_handler_never_costs_the_learner_their_statement(client, world, events, caplog):
    from lrs.models import Statement

    def broken(event):
        Statement.objects.all().delete()  # whatever it half-did is rolled back
        raise RuntimeError("the owner could not record progress")

    progress.register(COURSE, broken)
    try:
        response = _post(client, _statement({"mbox": "mailto:worker@oak.example.org"}))
    finally:
        progress.unregister(COURSE, broken)
    assert response.status_code == 200
    assert Statement.objects.count() == 1
    assert len(events) == 1  # the other handler still ran
    assert "Progress handler" in caplog.text


def test_a_batch_finds_its_learners_in_two_queries_however_many_statements(
    client, world, events, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    people = [world["oak_worker"], world["elm_worker"]]
    batch = [_statement(actor_for_person(people[n % 2])) for n in range(40)]
    batch += [_statement({"mbox": f"mailto:someone{n}@example.org"}) for n in range(40)]
    with CaptureQueriesContext(connection) as queries:
        assert _post(client, batch).status_code == 200
    user_lookups = [q for q in queries.captured_queries if 'FROM "academy_user"' in q["sql"]]
    assert len(user_lookups) <= 2
    assert [e.person for e in events] == [people[n % 2] for n in range(40)]


def test_stored_is_when_the_request_arrived(db):
    import datetime

    from django.utils import timezone

    from lrs.models import Statement
    from lrs.services import store_statements

    arrived = timezone.now() - datetime.timedelta(seconds=3)
    statement = _statement({"mbox": "mailto:learner@example.org"})
    [statement_id] = store_statements([statement], version="1.0.3", received=arrived).ids
    stored = Statement.objects.get(statement_id=statement_id).stored
    assert stored == arrived.replace(microsecond=arrived.microsecond // 1000 * 1000)
