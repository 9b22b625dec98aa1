"""The xAPI Statements and About resources at /xapi/: writing, reading, filtering, voiding, refusing."""

import base64
import datetime
import io
import json
import uuid
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse

from lrs.models import Credential, Statement
from lrs.recording import Activity, Result, Score, Verb, actor_for_person, record_statement

URL = "/xapi/statements"
FORM = "application/x-www-form-urlencoded"
ACTOR = {"objectType": "Agent", "mbox": "mailto:learner@example.org", "name": "Lee Learner"}
OTHER = {"objectType": "Agent", "account": {"homePage": "https://lms.example.org", "name": "u-42"}}
COMPLETED = {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}}
ATTEMPTED = {"id": "http://adlnet.gov/expapi/verbs/attempted"}
ACTIVITY = {"objectType": "Activity", "id": "https://content.example.org/moving-and-handling"}


def statement(**overrides):
    data = {"actor": ACTOR, "verb": COMPLETED, "object": ACTIVITY}
    data.update(overrides)
    return data


@pytest.fixture
def credential(db):
    credential, secret = Credential.issue(name="Test content")
    credential.secret = secret
    return credential


@pytest.fixture
def xapi(client, credential):
    """A client that speaks xAPI 1.0.3 with a valid credential."""
    token = base64.b64encode(f"{credential.key}:{credential.secret}".encode()).decode()

    class XAPI:
        def __init__(self, version="1.0.3"):
            self.headers = {"HTTP_AUTHORIZATION": f"Basic {token}", "HTTP_X_EXPERIENCE_API_VERSION": version}

        def post(self, body, **extra):
            return client.post(
                URL, json.dumps(body), content_type="application/json", **self.headers, **extra
            )

        def put(self, body, statement_id, **extra):
            return client.put(
                f"{URL}?statementId={statement_id}",
                json.dumps(body),
                content_type="application/json",
                **self.headers,
                **extra,
            )

        def get(self, params=None, **extra):
            return client.get(URL, params or {}, **self.headers, **extra)

    return XAPI


VERSIONS_1_0 = ["1.0.0", "1.0.1", "1.0.2", "1.0.3"]


@pytest.mark.parametrize(
    "header, versions, answered",
    [
        (None, [*VERSIONS_1_0, "2.0.0"], "1.0.3"),
        ("1.0.3", VERSIONS_1_0, "1.0.3"),
        ("1.0.1", VERSIONS_1_0, "1.0.3"),
        ("2.0.0", [*VERSIONS_1_0, "2.0.0"], "2.0.0"),
    ],
)
def test_about_needs_no_credential_and_lists_the_versions_a_client_can_use(
    client, db, header, versions, answered
):
    """A 1.0.x client is shown only 1.0.x versions: xAPI 1.0.3 allows no others in the list."""
    extra = {"HTTP_X_EXPERIENCE_API_VERSION": header} if header else {}
    response = client.get("/xapi/about", **extra)
    assert response.status_code == 200
    assert response.json()["version"] == versions
    assert response["X-Experience-API-Version"] == answered


def _is_consistent_through(value: str) -> bool:
    return datetime.datetime.fromisoformat(value).tzinfo is not None


@pytest.mark.parametrize(
    "method, query, send_version, send_auth, status",
    [
        ("get", "", True, True, 200),
        ("get", "statementId=2f1c6a8e-5b7d-4c3e-9a10-6d2b8e4f7a01", True, True, 404),
        ("get", "statementId=2f1c6a8e-5b7d-4c3e-9a10-6d2b8e4f7a01&agent=%7B%7D", True, True, 400),
        ("get", "", False, True, 400),
        ("get", "", True, False, 401),
        ("post", "", True, True, 400),
        ("delete", "", True, False, 405),
    ],
)
def test_every_statement_resource_answer_carries_consistent_through(
    client, credential, method, query, send_version, send_auth, status
):
    """Communication 2.1.3.s2.b5: 'regardless of the code returned'."""
    extra = {}
    if send_version:
        extra["HTTP_X_EXPERIENCE_API_VERSION"] = "1.0.3"
    if send_auth:
        token = base64.b64encode(f"{credential.key}:{credential.secret}".encode()).decode()
        extra["HTTP_AUTHORIZATION"] = f"Basic {token}"
    response = getattr(client, method)(f"{URL}?{query}", **extra)
    assert response.status_code == status
    assert _is_consistent_through(response["X-Experience-API-Consistent-Through"])


@pytest.mark.parametrize("authenticated", [True, False])
@pytest.mark.parametrize("method", ["DELETE", "PATCH"])
def test_methods_statements_lack_are_405_before_authentication(client, credential, method, authenticated):
    extra = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
    if authenticated:
        token = base64.b64encode(f"{credential.key}:{credential.secret}".encode()).decode()
        extra["HTTP_AUTHORIZATION"] = f"Basic {token}"
    response = client.generic(method, URL, **extra)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, PUT, POST"
    assert "not allowed" in response.json()["error"]["message"]


@pytest.mark.parametrize("path", ["/xapi/statementsverb=x", "/xapi/nothing/here", "/xapi/"])
def test_unknown_xapi_paths_are_a_json_404_with_consistent_through(client, db, path):
    response = client.get(path, HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "There is no xAPI resource" in response.json()["error"]["message"]
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert _is_consistent_through(response["X-Experience-API-Consistent-Through"])


@pytest.mark.parametrize(
    "header, status", [(None, 400), ("0.95", 400), ("3.0.0", 400), ("1.0", 200), ("1.0.3", 200)]
)
def test_version_header_is_required_and_checked(client, credential, header, status):
    token = base64.b64encode(f"{credential.key}:{credential.secret}".encode()).decode()
    extra = {"HTTP_AUTHORIZATION": f"Basic {token}"}
    if header:
        extra["HTTP_X_EXPERIENCE_API_VERSION"] = header
    response = client.get(URL, **extra)
    assert response.status_code == status
    assert "X-Experience-API-Version" in response


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer abc", "Basic !!!", "Basic " + base64.b64encode(b"nokey:nosecret").decode()],
)
def test_requests_without_a_valid_credential_get_401(client, credential, authorization):
    extra = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
    if authorization:
        extra["HTTP_AUTHORIZATION"] = authorization
    response = client.get(URL, **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


def test_disabled_and_rotated_credentials_stop_working(xapi, credential):
    assert xapi().get().status_code == 200
    credential.rotate()
    assert xapi().get().status_code == 401


def test_post_stores_and_returns_ids_with_authority_and_stored(xapi, credential):
    response = xapi().post(statement())
    assert response.status_code == 200
    (statement_id,) = response.json()
    fetched = xapi().get({"statementId": statement_id})
    assert fetched.status_code == 200
    assert "X-Experience-API-Consistent-Through" in fetched
    data = fetched.json()
    assert data["id"] == statement_id
    assert data["authority"] == credential.authority()
    assert data["version"] == "1.0.0"
    assert data["stored"] and data["timestamp"]


def test_put_is_idempotent_and_conflicts_are_409(xapi):
    statement_id = str(uuid.uuid4())
    assert xapi().put(statement(), statement_id).status_code == 204
    assert xapi().put(statement(), statement_id).status_code == 204
    assert xapi().put(statement(verb=ATTEMPTED), statement_id).status_code == 409
    assert Statement.objects.count() == 1
    assert xapi().put(statement(), "not-a-uuid").status_code == 400


@pytest.mark.parametrize("first", ["post", "put"])
@pytest.mark.parametrize("same", [True, False])
def test_posting_a_statement_id_already_stored_is_409_and_stores_none_of_the_batch(xapi, first, same):
    statement_id = str(uuid.uuid4())
    if first == "put":
        assert xapi().put(statement(), statement_id).status_code == 204
    else:
        assert xapi().post(statement(id=statement_id)).status_code == 200
    again = statement(id=statement_id) if same else statement(id=statement_id, verb=ATTEMPTED)
    response = xapi().post([statement(), again])
    assert response.status_code == 409
    assert statement_id in response.json()["error"]["message"]
    assert Statement.objects.count() == 1


def test_a_batch_is_all_or_nothing(xapi):
    response = xapi().post([statement(), statement(verb={"id": "not an iri"})])
    assert response.status_code == 400
    assert "statements[1].verb.id" in response.json()["error"]["message"]
    assert Statement.objects.count() == 0
    same_id = str(uuid.uuid4())
    response = xapi().post([statement(id=same_id), statement(id=same_id)])
    assert response.status_code == 400
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    "body, content_type",
    [("{not json", "application/json"), ("", "application/json"), (json.dumps(statement()), "text/plain")],
)
def test_unreadable_bodies_get_400_with_a_reason(client, xapi, body, content_type):
    response = client.post(URL, body, content_type=content_type, **xapi().headers)
    assert response.status_code == 400
    assert response.json()["error"]["message"]


def test_voiding(xapi):
    target = xapi().post(statement()).json()[0]
    voiding = statement(
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
        object={"objectType": "StatementRef", "id": target},
    )
    voiding_id = xapi().post(voiding).json()[0]
    assert xapi().get({"statementId": target}).status_code == 404
    assert xapi().get({"voidedStatementId": target}).json()["id"] == target
    listed = [s["id"] for s in xapi().get().json()["statements"]]
    assert listed == [voiding_id]
    # A voiding statement cannot itself be voided.
    again = statement(
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
        object={"objectType": "StatementRef", "id": voiding_id},
    )
    assert xapi().post(again).status_code == 400


def test_filters(xapi):
    registration = str(uuid.uuid4())
    parent = {"id": "https://content.example.org/course"}
    a = (
        xapi()
        .post(statement(context={"registration": registration, "contextActivities": {"parent": parent}}))
        .json()[0]
    )
    b = xapi().post(statement(actor=OTHER, verb=ATTEMPTED)).json()[0]
    c = (
        xapi()
        .post(statement(actor=OTHER, object={"objectType": "Agent", "mbox": "mailto:learner@example.org"}))
        .json()[0]
    )

    def ids(**params):
        response = xapi().get(params)
        assert response.status_code == 200, response.content
        return [s["id"] for s in response.json()["statements"]]

    assert ids(agent=json.dumps({"mbox": "mailto:learner@example.org"})) == [c, a]
    assert ids(agent=json.dumps(OTHER)) == [c, b]
    assert ids(verb=ATTEMPTED["id"]) == [b]
    assert ids(activity=ACTIVITY["id"]) == [b, a]
    assert ids(activity=parent["id"]) == []
    assert ids(activity=parent["id"], related_activities="true") == [a]
    assert ids(registration=registration) == [a]
    assert ids(ascending="true") == [a, b, c]
    assert ids(limit="2") == [c, b]
    stored_b = xapi().get({"statementId": b}).json()["stored"]
    assert ids(since=stored_b) == [c]
    assert ids(until=stored_b) == [b, a]


def test_more_pages_through_everything_once(xapi):
    sent = xapi().post([statement() for _ in range(7)]).json()
    seen = []
    response = xapi().get({"limit": "3"})
    while True:
        body = response.json()
        seen += [s["id"] for s in body["statements"]]
        if not body["more"]:
            break
        response = xapi().get(
            **{"PATH_INFO": body["more"].split("?")[0]}, QUERY_STRING=body["more"].split("?")[1]
        )
    assert sorted(seen) == sorted(sent) and len(seen) == 7


def test_ids_format_keeps_only_identifiers(xapi):
    statement_id = (
        xapi().post(statement(object={**ACTIVITY, "definition": {"name": {"en-GB": "Moving"}}})).json()[0]
    )
    data = xapi().get({"statementId": statement_id, "format": "ids"}).json()
    assert data["actor"] == {"objectType": "Agent", "mbox": "mailto:learner@example.org"}
    assert data["object"] == {"objectType": "Activity", "id": ACTIVITY["id"]}


@pytest.mark.parametrize(
    "params",
    [
        {"agent": "not json"},
        {"agent": json.dumps({"name": "no identifier"})},
        {"registration": "nope"},
        {"since": "yesterday"},
        {"limit": "-1"},
        {"ascending": "yes"},
        {"format": "pretty"},
        {"statementId": "nope"},
        {"statementId": str(uuid.uuid4()), "verb": "http://example.org/v"},
        {"shoe_size": "9"},
    ],
)
def test_bad_queries_get_400(xapi, params):
    response = xapi().get(params)
    assert response.status_code == 400
    assert response.json()["error"]["message"]


def test_version_2_statements_are_stored_as_2_0_0(xapi):
    response = xapi("2.0.0").post(statement())
    assert response["X-Experience-API-Version"] == "2.0.0"
    stored = xapi("2.0.0").get({"statementId": response.json()[0]}).json()
    assert stored["version"] == "2.0.0"


def test_cors_preflight(client, db):
    response = client.options(URL)
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "X-Experience-API-Version" in response["Access-Control-Allow-Headers"]


def test_launch_credential_may_only_write_about_its_learner_and_activity(client, world):
    person = world["oak_worker"]
    credential, secret = Credential.issue(name="launch", person=person, activity_id=ACTIVITY["id"])
    headers = {
        "HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{credential.key}:{secret}".encode()).decode(),
        "HTTP_X_EXPERIENCE_API_VERSION": "1.0.3",
    }
    mine = statement(actor=actor_for_person(person))
    assert client.post(URL, json.dumps(mine), content_type="application/json", **headers).status_code == 200
    theirs = statement()
    assert client.post(URL, json.dumps(theirs), content_type="application/json", **headers).status_code == 403
    elsewhere = statement(actor=actor_for_person(person), object={"id": "https://content.example.org/other"})
    assert (
        client.post(URL, json.dumps(elsewhere), content_type="application/json", **headers).status_code == 403
    )


def test_lrs_client_command(db):
    out = io.StringIO()
    call_command("lrs_client", "create", "Rise courses", stdout=out)
    key = out.getvalue().split("key:")[1].split()[0]
    secret = out.getvalue().split("secret:")[1].split()[0]
    credential = Credential.objects.get(key=key)
    assert credential.check_secret(secret) and credential.authority()["name"] == "Rise courses"
    out = io.StringIO()
    call_command("lrs_client", "list", stdout=out)
    assert key in out.getvalue() and "active" in out.getvalue()
    call_command("lrs_client", "rotate", key, stdout=io.StringIO())
    credential.refresh_from_db()
    assert not credential.check_secret(secret)
    call_command("lrs_client", "disable", key, stdout=io.StringIO())
    credential.refresh_from_db()
    assert not credential.is_usable
    with pytest.raises(CommandError):
        call_command("lrs_client", "disable", "no-such-key")


def test_record_statement_identifies_people_by_public_id_and_joins_the_callers_transaction(world, settings):
    person = world["oak_worker"]
    course = Activity(path="courses/7", name="Moving and handling")
    statement_id = record_statement(
        person=person,
        verb=Verb.PASSED,
        activity=course,
        result=Result(success=True, score=Score(scaled=0.9), duration=datetime.timedelta(minutes=30)),
    )
    data = Statement.objects.get(statement_id=statement_id).data
    assert data["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": settings.SITE_URL, "name": str(person.public_id)},
    }
    assert person.email not in json.dumps(data)
    assert data["object"]["id"] == f"{settings.SITE_URL}/xapi/activities/courses/7"
    assert data["result"]["score"] == {"scaled": 0.9}

    with pytest.raises(RuntimeError), transaction.atomic():
        record_statement(person=person, verb=Verb.COMPLETED, activity=course)
        raise RuntimeError("the caller's work failed")
    assert Statement.objects.count() == 1


def test_recording_models_reject_unknown_fields():
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Activity(path="courses/1", name="x", colour="blue")
    with pytest.raises(ValidationError):
        Score(scaled=2)


def test_xapi_urls_are_mounted():
    assert reverse("xapi_statements") == URL


def test_alternate_request_syntax_for_browser_content(client, credential):
    token = base64.b64encode(f"{credential.key}:{credential.secret}".encode()).decode()
    statement_id = str(uuid.uuid4())
    form = {
        "Authorization": f"Basic {token}",
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": "application/json",
        "statementId": statement_id,
        "content": json.dumps(statement()),
    }
    response = client.post(f"{URL}?method=PUT", urlencode(form), content_type=FORM)
    assert response.status_code == 204, response.content
    fetched = client.post(
        f"{URL}?method=GET",
        urlencode(
            {
                "Authorization": f"Basic {token}",
                "X-Experience-API-Version": "1.0.3",
                "statementId": statement_id,
            }
        ),
        content_type=FORM,
    )
    assert fetched.status_code == 200 and fetched.json()["id"] == statement_id


@pytest.mark.parametrize("form_content_type", [None, "application/json"])
def test_alternate_syntax_content_is_json_unless_the_form_says_otherwise(
    client, credential, form_content_type
):
    """The request's own Content-Type is the form's; the content's comes from the form or is JSON."""
    token = base64.b64encode(f"{credential.key}:{credential.secret}".encode()).decode()
    form = {"statementId": str(uuid.uuid4()), "content": json.dumps(statement())}
    if form_content_type:
        form["Content-Type"] = form_content_type
    response = client.post(
        f"{URL}?method=PUT",
        urlencode(form),
        content_type=FORM,
        HTTP_AUTHORIZATION=f"Basic {token}",
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )
    assert response.status_code == 204, response.content
    assert Statement.objects.filter(statement_id=form["statementId"]).exists()


@pytest.mark.parametrize(
    "form_version, header_version, status",
    [
        ("1.0.3", None, 204),
        ("1.0.3", "2.0.0", 204),
        (None, "1.0.3", 204),
        ("0.8", "1.0.3", 400),
        ("2.0.0", None, 400),
    ],
)
def test_alternate_syntax_form_fields_stand_for_the_headers(
    client, credential, form_version, header_version, status
):
    """A header given as a form field replaces the real one; a real one still counts when no field
    stands for it."""
    token = base64.b64encode(f"{credential.key}:{credential.secret}".encode()).decode()
    form = {"Authorization": f"Basic {token}", "statementId": str(uuid.uuid4())}
    form["content"] = json.dumps(statement())
    if form_version:
        form["X-Experience-API-Version"] = form_version
    extra = {"HTTP_X_EXPERIENCE_API_VERSION": header_version} if header_version else {}
    response = client.post(f"{URL}?method=PUT", urlencode(form), content_type=FORM, **extra)
    assert response.status_code == status, response.content


@pytest.mark.parametrize(
    "query, form, reason",
    [
        ("method=PATCH", {}, "method must be"),
        ("method=PUT&statementId=x", {}, "every parameter except method"),
        ("method=GET", {"X-Experience-API-Version": "2.0.0"}, "xAPI 2.0 has no alternate request syntax"),
    ],
)
def test_malformed_alternate_syntax_gets_400(client, credential, query, form, reason):
    response = client.post(f"{URL}?{query}", urlencode(form), content_type=FORM)
    assert response.status_code == 400
    assert reason in response.json()["error"]["message"]


def test_head_answers_like_get_without_a_body(xapi, client):
    statement_id = xapi().post(statement()).json()[0]
    response = client.head(URL, {"statementId": statement_id}, **xapi().headers)
    assert response.status_code == 200
    assert response.content == b""
    assert "X-Experience-API-Consistent-Through" in response


@pytest.mark.parametrize(
    "accept_language, expected",
    [("fr-FR, en;q=0.5", {"fr-FR": "Manutention"}), ("en", {"en-GB": "Moving and handling"}), ("", None)],
)
def test_canonical_format_keeps_one_language(xapi, accept_language, expected):
    names = {"en-GB": "Moving and handling", "fr-FR": "Manutention"}
    activity = ACTIVITY | {
        "definition": {"name": names, "extensions": {"http://example.org/x": {"en": 1, "fr": 2}}}
    }
    statement_id = xapi().post(statement(object=activity)).json()[0]
    data = (
        xapi()
        .get({"statementId": statement_id, "format": "canonical"}, HTTP_ACCEPT_LANGUAGE=accept_language)
        .json()
    )
    name = data["object"]["definition"]["name"]
    assert len(name) == 1
    if expected:
        assert name == expected
    assert data["object"]["definition"]["extensions"] == {"http://example.org/x": {"en": 1, "fr": 2}}
    assert data["verb"]["display"] == {"en-US": "completed"}


def test_filters_also_find_statements_that_refer_to_matching_ones(xapi):
    target = xapi().post(statement()).json()[0]
    other = xapi().post(statement(actor=OTHER, verb=ATTEMPTED)).json()[0]
    comment = statement(
        actor=OTHER,
        verb={"id": "http://adlnet.gov/expapi/verbs/commented"},
        object={"objectType": "StatementRef", "id": target},
    )
    comment_id = xapi().post(comment).json()[0]
    reply = statement(
        actor=OTHER,
        verb={"id": "http://adlnet.gov/expapi/verbs/commented"},
        object={"objectType": "StatementRef", "id": comment_id},
    )
    reply_id = xapi().post(reply).json()[0]

    def ids(**params):
        return [s["id"] for s in xapi().get(params).json()["statements"]]

    assert ids(verb=COMPLETED["id"]) == [reply_id, comment_id, target]
    assert ids(agent=json.dumps(ACTOR)) == [reply_id, comment_id, target]
    assert other not in ids(verb=COMPLETED["id"])
    # Voided: the voided statement disappears, the voiding one is found through it.
    voiding = statement(
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
        object={"objectType": "StatementRef", "id": target},
    )
    voiding_id = xapi().post(voiding).json()[0]
    assert ids(verb=COMPLETED["id"]) == [voiding_id, reply_id, comment_id]


def test_nul_characters_get_a_clear_400_not_a_database_error(xapi, client):
    named = statement(object=ACTIVITY | {"definition": {"name": {"en-GB": "Fire\u0000safety"}}})
    response = xapi().post(named)
    assert response.status_code == 400
    assert "NUL" in response.json()["error"]["message"]
    assert not Statement.objects.exists()
    for params in ({"activity": "https://example.org/\x00"}, {"verb": "\x00"}):
        response = xapi().get(params)
        assert response.status_code == 400 and "NUL" in response.json()["error"]["message"]
    response = client.get(
        "/xapi/activities/state",
        {"activityId": "https://example.org/a\x00", "agent": json.dumps(ACTOR), "stateId": "s"},
        **xapi().headers,
    )
    assert response.status_code == 400
