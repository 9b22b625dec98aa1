"""The xAPI document resources (State, Activity Profile, Agent Profile) and the Activities and Agents
resources at /xapi/: storage, concurrency, merging, listing, HEAD, parameters, and 1.0.3 / 2.0.0 rules."""

import base64
import datetime
import email.utils
import hashlib
import json
import uuid
from urllib.parse import urlencode

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from lrs.documents import Document, Incoming, merge_definitions, merged_content, state_key
from lrs.models import Credential
from lrs.recording import actor_for_person

ACTIVITY = "http://www.example.com/activityId/hashset"
OTHER_ACTIVITY = "http://www.example.com/activityId/other"
AGENT = {
    "objectType": "Agent",
    "account": {"homePage": "http://www.example.com/agentId/1", "name": "Rick James"},
}
OTHER_AGENT = {"objectType": "Agent", "mbox": "mailto:someone@example.org"}
VERSIONS = ["1.0.3", "2.0.0"]

STATE = "/xapi/activities/state"
ACTIVITY_PROFILE = "/xapi/activities/profile"
AGENT_PROFILE = "/xapi/agents/profile"
DOCUMENT_RESOURCES = [STATE, ACTIVITY_PROFILE, AGENT_PROFILE]
PROFILES = [ACTIVITY_PROFILE, AGENT_PROFILE]
ID_NAME = {STATE: "stateId", ACTIVITY_PROFILE: "profileId", AGENT_PROFILE: "profileId"}


def params_for(resource, **overrides):
    """The parameters naming one new document of a resource (a fresh stateId / profileId)."""
    params = {
        STATE: {"activityId": ACTIVITY, "agent": AGENT, "stateId": str(uuid.uuid4())},
        ACTIVITY_PROFILE: {"activityId": ACTIVITY, "profileId": str(uuid.uuid4())},
        AGENT_PROFILE: {"agent": AGENT, "profileId": str(uuid.uuid4())},
    }[resource]
    params.update(overrides)
    return {k: v for k, v in params.items() if v is not None}


def without_id(resource, params):
    return {k: v for k, v in params.items() if k != ID_NAME[resource]}


def sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def doc():
    return {"name": str(uuid.uuid4()), "location": {"name": str(uuid.uuid4())}, str(uuid.uuid4()): "x"}


@pytest.fixture
def credential(db):
    credential, secret = Credential.issue(name="Test content")
    credential.secret = secret
    return credential


class XAPI:
    """A test client speaking one xAPI version with one credential."""

    def __init__(self, client, credential, version="1.0.3"):
        self.client = client
        self.version = version
        self.secret = credential.secret
        self.key = credential.key

    def headers(self, extra=None):
        token = base64.b64encode(f"{self.key}:{self.secret}".encode()).decode()
        headers = {"HTTP_AUTHORIZATION": f"Basic {token}", "HTTP_X_EXPERIENCE_API_VERSION": self.version}
        for name, value in (extra or {}).items():
            headers["HTTP_" + name.upper().replace("-", "_")] = value
        return headers

    def request(self, method, path, params=None, body=None, *, content_type="application/json", headers=None):
        query = {k: json.dumps(v) if isinstance(v, dict) else v for k, v in (params or {}).items()}
        url = f"{path}?{urlencode(query)}" if query else path
        if body is None:
            data = b""
        elif isinstance(body, bytes):
            data = body
        elif isinstance(body, str):
            data = body.encode()
        else:
            data = json.dumps(body).encode()
        return self.client.generic(method, url, data, content_type=content_type, **self.headers(headers))

    def get(self, path, params=None, **kw):
        return self.request("GET", path, params, **kw)

    def head(self, path, params=None, **kw):
        return self.request("HEAD", path, params, **kw)

    def put(self, path, params, body, **kw):
        return self.request("PUT", path, params, body, **kw)

    def post(self, path, params, body, **kw):
        return self.request("POST", path, params, body, **kw)

    def delete(self, path, params, **kw):
        return self.request("DELETE", path, params, **kw)


@pytest.fixture
def xapi(client, credential):
    def make(version="1.0.3"):
        return XAPI(client, credential, version)

    return make


@pytest.fixture(params=VERSIONS)
def api(request, xapi):
    """The client in each supported version."""
    return xapi(request.param)


@pytest.fixture
def api_103(xapi):
    """For rules that are the same in both versions."""
    return xapi("1.0.3")


def error_message(response) -> str:
    return response.json()["error"]["message"]


# ---------------------------------------------------------------------------------------------------------
# Storing and fetching
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
def test_post_stores_a_new_document_and_get_returns_it_with_etag_and_last_modified(api, resource):
    params, body = params_for(resource), doc()
    response = api.post(resource, params, body)
    assert response.status_code == 204
    assert response["X-Experience-API-Version"] == api.version
    assert response["Access-Control-Allow-Origin"] == "*"
    fetched = api.get(resource, params)
    assert fetched.status_code == 200
    assert fetched.json() == body
    assert fetched["Content-Type"] == "application/json"
    assert fetched["ETag"] == f'"{sha1(fetched.content)}"'
    assert response["ETag"] == fetched["ETag"]
    assert email.utils.parsedate_to_datetime(fetched["Last-Modified"]) is not None
    assert fetched["X-Experience-API-Version"] == api.version


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
@pytest.mark.parametrize(
    "content, content_type",
    [
        (bytes(range(256)) * 3, "application/octet-stream"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "image/png"),
        ("caf\u00e9 na\u00efve".encode(), "text/plain; charset=utf-8"),
        (b"/ asdf / undefined", "application/octet-stream"),
    ],
)
def test_binary_documents_round_trip_with_their_content_type(api, resource, content, content_type):
    params = params_for(resource)
    response = api.put(resource, params, content, content_type=content_type, headers={"If-None-Match": "*"})
    assert response.status_code == 204
    fetched = api.get(resource, params)
    assert fetched.status_code == 200
    assert fetched.content == content
    assert fetched["Content-Type"] == content_type
    assert fetched["ETag"] == f'"{sha1(content)}"'


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
@pytest.mark.parametrize("body", ["1", "true", "plain words"])
def test_post_of_a_new_non_json_document_is_stored_as_sent(api, resource, body):
    params = params_for(resource)
    content_type = "application/x-www-form-urlencoded"
    assert api.post(resource, params, body, content_type=content_type).status_code == 204
    fetched = api.get(resource, params)
    assert fetched.content == body.encode() and fetched["Content-Type"] == content_type


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
def test_a_document_without_a_content_type_is_stored_as_octet_stream(api, resource):
    params = params_for(resource)
    assert api.post(resource, params, b"raw", content_type="").status_code == 204
    assert api.get(resource, params)["Content-Type"] == "application/octet-stream"


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_json_content_type_with_invalid_json_is_refused(api, resource, method):
    params = params_for(resource)
    response = api.request(method, resource, params, '{"a": 1', headers={"If-None-Match": "*"})
    assert response.status_code == 400
    assert "not valid JSON" in error_message(response)
    assert not Document.objects.exists()


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
def test_json_values_that_are_not_objects_can_be_put(api, resource):
    params = params_for(resource)
    assert api.put(resource, params, [1, 2, 3], headers={"If-None-Match": "*"}).status_code == 204
    assert api.get(resource, params).json() == [1, 2, 3]


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
def test_get_of_a_missing_document_is_404_and_delete_of_one_is_204(api, resource):
    params = params_for(resource)
    response = api.get(resource, params)
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404
    assert api.delete(resource, params).status_code == 204


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
def test_delete_removes_one_document(api, resource):
    params, kept = params_for(resource), params_for(resource)
    api.post(resource, params, doc())
    api.post(resource, kept, doc())
    assert api.delete(resource, params).status_code == 204
    assert api.get(resource, params).status_code == 404
    assert api.get(resource, kept).status_code == 200


@pytest.mark.parametrize("resource", [STATE, AGENT_PROFILE])
def test_documents_are_keyed_by_the_agents_identifier_not_its_other_properties(api, resource):
    sha = sha1(b"mailto:pat@example.org")
    params = params_for(resource, agent={"objectType": "Agent", "name": "Pat", "mbox_sha1sum": sha})
    api.post(resource, params, {"a": 1})
    same = dict(params, agent={"mbox_sha1sum": sha.upper()})
    assert api.get(resource, same).json() == {"a": 1}
    other = dict(params, agent={"mbox": "mailto:pat@example.org"})
    assert api.get(resource, other).status_code == 404


def test_identified_groups_can_hold_state(api):
    group = {"objectType": "Group", "name": "Team", "mbox": "mailto:team@example.org"}
    params = params_for(STATE, agent=group)
    assert api.put(STATE, params, {"team": True}).status_code == 204
    assert api.get(STATE, params).json() == {"team": True}


# ---------------------------------------------------------------------------------------------------------
# Merging (POST to an existing document)
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
def test_post_merges_top_level_properties_of_json_objects(api, resource):
    params = params_for(resource)
    api.post(resource, params, {"car": "Honda", "x": "foo", "y": "bar"})
    response = api.post(resource, params, {"type": "Civic", "x": "bash"})
    assert response.status_code == 204
    fetched = api.get(resource, params)
    assert fetched.json() == {"car": "Honda", "type": "Civic", "x": "bash", "y": "bar"}
    assert fetched["Content-Type"] == "application/json"
    assert fetched["ETag"] == f'"{sha1(fetched.content)}"' == response["ETag"]


def test_merge_replaces_nested_objects_whole():
    first = {
        "car": {"make": "Ford", "model": "Escape"},
        "driver": "Dale",
        "series": {"nascar": {"s": "sprint"}},
    }
    second = {"car": {"make": "Dodge"}, "series": {"nascar": {"s": "nextel"}}}
    stored = Document(content=json.dumps(first).encode(), content_type="application/json")
    merged = json.loads(merged_content(stored, Incoming(json.dumps(second).encode(), "application/json")))
    assert merged == {"car": {"make": "Dodge"}, "driver": "Dale", "series": {"nascar": {"s": "nextel"}}}


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
@pytest.mark.parametrize(
    "existing, existing_type, posted, posted_type",
    [
        ({"a": 1}, "application/json", "abc", "application/x-www-form-urlencoded"),
        ({"a": 1}, "application/json", "abcdefg", "not/json"),
        ({"a": 1}, "application/json", "abcdefg", "application/octet-stream"),
        ({"a": 1}, "application/json", '{"a": 1}{', "application/json"),
        ({"a": 1}, "application/json", "[1, 2]", "application/json"),
        ({"a": 1}, "application/json", "3", "application/json"),
        ("/ asdf / undefined", "application/octet-stream", {"b": 2}, "application/json"),
        ("[1, 2]", "application/json", {"b": 2}, "application/json"),
        ("text", "text/plain", {"b": 2}, "application/json"),
    ],
)
def test_post_to_an_existing_document_refuses_what_it_cannot_merge(
    api, resource, existing, existing_type, posted, posted_type
):
    params = params_for(resource)
    put = api.put(resource, params, existing, content_type=existing_type, headers={"If-None-Match": "*"})
    assert put.status_code == 204
    before = api.get(resource, params)
    response = api.post(resource, params, posted, content_type=posted_type)
    assert response.status_code == 400
    assert error_message(response)
    after = api.get(resource, params)
    assert (after.content, after["Content-Type"], after["ETag"]) == (
        before.content,
        before["Content-Type"],
        before["ETag"],
    )


def test_merge_accepts_json_with_a_charset_parameter(api):
    params = params_for(STATE)
    api.post(STATE, params, {"a": 1}, content_type="application/json; charset=utf-8")
    assert api.post(STATE, params, {"b": 2}, content_type="Application/JSON").status_code == 204
    assert api.get(STATE, params).json() == {"a": 1, "b": 2}


# ---------------------------------------------------------------------------------------------------------
# Concurrency: ETag, If-Match, If-None-Match, 409 and 412
# ---------------------------------------------------------------------------------------------------------


def current_etag(api, resource, params):
    return api.get(resource, params)["ETag"]


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_a_write_with_the_current_etag_in_if_match_succeeds(api, resource, method):
    params, original = params_for(resource), doc()
    api.post(resource, params, original)
    updated = dict(original, name="Updated")
    etag = current_etag(api, resource, params)
    response = api.request(method, resource, params, updated, headers={"If-Match": etag})
    assert response.status_code == 204
    assert api.get(resource, params).json() == updated
    assert current_etag(api, resource, params) != etag


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
@pytest.mark.parametrize("tag", ['"1111111111111111111111111111111111111111"', "1234", 'W/"abc"'])
def test_a_stale_if_match_is_412_and_changes_nothing(api, resource, method, tag):
    params, original = params_for(resource), doc()
    api.post(resource, params, original)
    body = None if method == "DELETE" else {"name": "changed"}
    response = api.request(method, resource, params, body, headers={"If-Match": tag})
    assert response.status_code == 412
    assert error_message(response)
    assert response["X-Experience-API-Version"] == api.version
    assert api.get(resource, params).json() == original


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
def test_delete_with_the_current_etag_succeeds(api, resource):
    params = params_for(resource)
    api.post(resource, params, doc())
    etag = current_etag(api, resource, params)
    assert api.delete(resource, params, headers={"If-Match": etag}).status_code == 204
    assert api.get(resource, params).status_code == 404


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
def test_if_match_accepts_a_list_an_unquoted_tag_and_a_star(api, resource):
    params = params_for(resource)
    api.post(resource, params, {"v": 1})
    tag = current_etag(api, resource, params)
    listed = f'"0000", {tag}'
    assert api.put(resource, params, {"v": 2}, headers={"If-Match": listed}).status_code == 204
    unquoted = current_etag(api, resource, params).strip('"')
    assert api.put(resource, params, {"v": 3}, headers={"If-Match": unquoted}).status_code == 204
    assert api.put(resource, params, {"v": 4}, headers={"If-Match": "*"}).status_code == 204
    assert api.get(resource, params).json() == {"v": 4}


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_if_match_on_a_missing_document_is_412(api, resource, method):
    params = params_for(resource)
    body = None if method == "DELETE" else {"a": 1}
    assert api.request(method, resource, params, body, headers={"If-Match": "*"}).status_code == 412
    assert not Document.objects.exists()


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_if_none_match_star_creates_only_when_absent(api, resource, method):
    params = params_for(resource)
    assert api.request(method, resource, params, {"v": 1}, headers={"If-None-Match": "*"}).status_code == 204
    response = api.request(method, resource, params, {"v": 2}, headers={"If-None-Match": "*"})
    assert response.status_code == 412
    assert api.get(resource, params).json() == {"v": 1}


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
def test_if_none_match_with_the_current_etag_is_412(api, resource):
    params = params_for(resource)
    api.post(resource, params, {"v": 1})
    tag = current_etag(api, resource, params)
    assert api.put(resource, params, {"v": 2}, headers={"If-None-Match": tag}).status_code == 412
    assert api.put(resource, params, {"v": 2}, headers={"If-None-Match": '"other"'}).status_code == 204


@pytest.mark.parametrize("resource", PROFILES)
def test_profile_put_without_concurrency_headers_is_409_when_the_document_exists(api, resource):
    params, original = params_for(resource), doc()
    api.post(resource, params, original)
    response = api.put(resource, params, doc())
    assert response.status_code == 409
    assert "If-Match" in error_message(response)
    assert api.get(resource, params).json() == original


@pytest.mark.parametrize(
    "resource, version",
    [(AGENT_PROFILE, "1.0.3"), (AGENT_PROFILE, "2.0.0"), (ACTIVITY_PROFILE, "2.0.0")],
)
def test_profile_put_without_concurrency_headers_is_400_when_the_document_is_new(xapi, resource, version):
    api = xapi(version)
    params = params_for(resource)
    response = api.put(resource, params, doc())
    assert response.status_code == 400
    assert "If-None-Match" in error_message(response)
    assert api.get(resource, params).status_code == 404


def test_a_bare_put_may_create_an_activity_profile_in_1_0_3(xapi):
    """1.0.3 only requires the 409 for an existing document; the ADL suite's 1.0.3 Activity Profile
    tests create documents with a bare PUT."""
    api = xapi("1.0.3")
    params = params_for(ACTIVITY_PROFILE)
    assert api.put(ACTIVITY_PROFILE, params, {"v": 1}).status_code == 204
    assert api.get(ACTIVITY_PROFILE, params).json() == {"v": 1}
    assert api.put(ACTIVITY_PROFILE, params, {"v": 2}).status_code == 409
    assert api.get(ACTIVITY_PROFILE, params).json() == {"v": 1}


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
@pytest.mark.parametrize("with_id", [True, False])
def test_a_delete_with_a_body_is_400_and_deletes_nothing(api, resource, with_id):
    params = params_for(resource)
    api.post(resource, params, {"kept": True})
    target = params if with_id else without_id(resource, params)
    response = api.request("DELETE", resource, target, {"a": 1})
    assert response.status_code == 400
    assert "DELETE takes no body" in error_message(response)
    assert api.get(resource, params).json() == {"kept": True}


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
@pytest.mark.parametrize("content_type", ["application/json", "application/octet-stream"])
def test_a_post_without_a_body_is_400(api, resource, content_type):
    params = params_for(resource)
    response = api.post(resource, params, None, content_type=content_type)
    assert response.status_code == 400
    assert "POST needs a body" in error_message(response)
    assert api.get(resource, params).status_code == 404


def test_state_put_needs_no_concurrency_headers_in_either_version(api):
    """xAPI 1.0.3 and 2.0 section 3.1: 'The State Resource will permit PUT, POST and DELETE requests
    without concurrency headers'."""
    params = params_for(STATE)
    assert api.put(STATE, params, {"v": 1}).status_code == 204
    assert api.put(STATE, params, {"v": 2}).status_code == 204
    assert api.get(STATE, params).json() == {"v": 2}
    assert api.put(STATE, params, {"v": 3}, headers={"If-Match": '"stale"'}).status_code == 412


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
def test_post_and_delete_need_no_concurrency_headers(api, resource):
    params = params_for(resource)
    assert api.post(resource, params, {"a": 1}).status_code == 204
    assert api.post(resource, params, {"b": 2}).status_code == 204
    assert api.delete(resource, params).status_code == 204


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
def test_last_modified_moves_forward_when_the_document_changes(api, resource):
    params = params_for(resource)
    api.post(resource, params, {"a": 1})
    Document.objects.update(updated=timezone.now() - datetime.timedelta(hours=1))
    before = email.utils.parsedate_to_datetime(api.get(resource, params)["Last-Modified"])
    api.post(resource, params, {"b": 2})
    after = email.utils.parsedate_to_datetime(api.get(resource, params)["Last-Modified"])
    assert after > before


# ---------------------------------------------------------------------------------------------------------
# Multiple documents: ids, since, multiple DELETE
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
def test_get_without_an_id_lists_the_ids_in_scope(api, resource):
    first, second = params_for(resource), params_for(resource)
    api.post(resource, first, doc())
    api.post(resource, second, doc())
    if resource != AGENT_PROFILE:
        api.post(resource, params_for(resource, activityId=OTHER_ACTIVITY), doc())
    if resource != ACTIVITY_PROFILE:
        api.post(resource, params_for(resource, agent=OTHER_AGENT), doc())
    response = api.get(resource, without_id(resource, first))
    assert response.status_code == 200
    assert response.json() == [first[ID_NAME[resource]], second[ID_NAME[resource]]]
    assert response["ETag"] == f'"{sha1(response.content)}"'
    latest = Document.objects.order_by("-updated").values_list("updated", flat=True)[0]
    assert email.utils.parsedate_to_datetime(response["Last-Modified"]) <= latest


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
def test_an_empty_list_is_an_empty_array(api, resource):
    response = api.get(resource, without_id(resource, params_for(resource)))
    assert response.status_code == 200
    assert response.json() == []
    assert "Last-Modified" not in response


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
def test_since_lists_only_documents_stored_or_updated_after_it(api, resource):
    old, new = params_for(resource), params_for(resource)
    api.post(resource, old, doc())
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Document.objects.update(updated=an_hour_ago)
    api.post(resource, new, doc())
    listing = without_id(resource, old)
    since = (an_hour_ago + datetime.timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
    assert api.get(resource, dict(listing, since=since)).json() == [new[ID_NAME[resource]]]
    exactly = an_hour_ago.isoformat().replace("+00:00", "Z")
    assert api.get(resource, dict(listing, since=exactly)).json() == [new[ID_NAME[resource]]]  # exclusive
    before = (an_hour_ago - datetime.timedelta(minutes=1)).isoformat()
    assert len(api.get(resource, dict(listing, since=before)).json()) == 2
    api.post(resource, old, {"touched": True})
    assert len(api.get(resource, dict(listing, since=since)).json()) == 2


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
def test_since_with_an_id_is_accepted_and_ignored(api, resource):
    params = params_for(resource)
    api.post(resource, params, {"a": 1})
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    response = api.get(resource, dict(params, since=future))
    assert response.status_code == 200 and response.json() == {"a": 1}


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
@pytest.mark.parametrize("since", ["not a timestamp", "true", "1", "2024-13-01T00:00:00Z"])
def test_a_bad_since_is_400(api_103, resource, since):
    params = without_id(resource, params_for(resource))
    assert api_103.get(resource, dict(params, since=since)).status_code == 400


@pytest.mark.parametrize(
    "version, status", [("1.0.3", 200), ("2.0.0", 400)], ids=["iso8601-ok-in-1.0.3", "rfc3339-zone-in-2.0"]
)
def test_since_without_a_time_zone_is_only_accepted_in_1_0_3(xapi, version, status):
    params = without_id(STATE, params_for(STATE))
    assert xapi(version).get(STATE, dict(params, since="2024-03-05T10:15:30")).status_code == status


def test_state_registration_separates_documents(api):
    registration = str(uuid.uuid4())
    plain = params_for(STATE, stateId="bookmark")
    registered = dict(plain, registration=registration)
    api.put(STATE, plain, {"where": "plain"})
    api.put(STATE, registered, {"where": "registered"})
    assert api.get(STATE, plain).json() == {"where": "plain"}
    assert api.get(STATE, registered).json() == {"where": "registered"}
    assert api.get(STATE, dict(registered, registration=registration.upper())).json() == {
        "where": "registered"
    }
    listing = without_id(STATE, plain)
    assert api.get(STATE, listing).json() == ["bookmark", "bookmark"]
    assert api.get(STATE, dict(listing, registration=registration)).json() == ["bookmark"]
    assert api.get(STATE, dict(listing, registration=str(uuid.uuid4()))).json() == []


def test_state_delete_without_state_id_deletes_the_scope_only(api):
    registration = str(uuid.uuid4())
    mine = [params_for(STATE), params_for(STATE), params_for(STATE, registration=registration)]
    others = [params_for(STATE, activityId=OTHER_ACTIVITY), params_for(STATE, agent=OTHER_AGENT)]
    for params in mine + others:
        api.post(STATE, params, doc())
    scope = without_id(STATE, mine[0])
    assert api.delete(STATE, dict(scope, registration=registration)).status_code == 204
    assert len(api.get(STATE, scope).json()) == 2
    assert api.delete(STATE, scope).status_code == 204
    assert api.get(STATE, scope).json() == []
    for params in others:
        assert api.get(STATE, params).status_code == 200


@pytest.mark.parametrize("resource", PROFILES)
def test_profile_delete_needs_a_profile_id(api, resource):
    params = params_for(resource)
    api.post(resource, params, doc())
    response = api.delete(resource, without_id(resource, params))
    assert response.status_code == 400
    assert "profileId" in error_message(response)
    assert api.get(resource, params).status_code == 200


# ---------------------------------------------------------------------------------------------------------
# HEAD
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
def test_head_answers_like_get_without_a_body(api, resource):
    params = params_for(resource)
    api.post(resource, params, doc())
    got, head = api.get(resource, params), api.head(resource, params)
    assert head.status_code == 200
    assert head.content == b""
    for header in ("ETag", "Last-Modified", "Content-Type", "X-Experience-API-Version"):
        assert head[header] == got[header]
    assert head["Content-Length"] == str(len(got.content))
    listing = api.head(resource, without_id(resource, params))
    assert listing.status_code == 200 and listing.content == b""
    assert api.head(resource, params_for(resource)).status_code == 404


def test_head_on_activities_and_agents(api):
    assert api.head("/xapi/activities", {"activityId": ACTIVITY}).status_code == 200
    response = api.head("/xapi/agents", {"agent": AGENT})
    assert response.status_code == 200 and response.content == b""


# ---------------------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------------------

ALL_METHODS = ["GET", "PUT", "POST", "DELETE"]


def send(api, method, resource, params):
    body = None if method in ("GET", "DELETE") else {"a": 1}
    return api.request(method, resource, params, body, headers={"If-None-Match": "*"})


@pytest.mark.parametrize("method", ALL_METHODS)
@pytest.mark.parametrize("resource", [STATE, ACTIVITY_PROFILE])
@pytest.mark.parametrize(
    "activity_id",
    [
        None,
        "",
        "not an iri",
        "1",
        "true",
        '{"key": "value"}',
        "example.com/no-scheme",
        "http://exa mple.com/",
    ],
)
def test_a_missing_or_non_iri_activity_id_is_400(api_103, method, resource, activity_id):
    response = send(api_103, method, resource, params_for(resource, activityId=activity_id))
    assert response.status_code == 400
    assert "activityId" in error_message(response)


@pytest.mark.parametrize("method", ALL_METHODS)
@pytest.mark.parametrize("resource", [STATE, AGENT_PROFILE])
@pytest.mark.parametrize(
    "agent",
    [
        None,
        "",
        "not JSON",
        "1",
        "true",
        "[]",
        '{"not_actor": "yup"}',
        '{"key": "value"}',
        '{"objectType": "Agent", "name": "No identifier"}',
        '{"objectType": "Agent", "mbox": "someone@example.org"}',
        '{"objectType": "Agent", "mbox": "mailto:a@example.org", "openid": "http://a.example.org"}',
        '{"objectType": "Group", "member": [{"mbox": "mailto:a@example.org"}]}',
        '{"objectType": "Agent", "account": {"homePage": "http://www.example.com/agentId/1"}}',
    ],
)
def test_a_missing_or_invalid_agent_is_400(api_103, method, resource, agent):
    params = params_for(resource)
    if agent is None:
        del params["agent"]
    else:
        params["agent"] = agent
    response = send(api_103, method, resource, params)
    assert response.status_code == 400
    assert "agent" in error_message(response)


@pytest.mark.parametrize("method", ALL_METHODS)
@pytest.mark.parametrize(
    "registration",
    [
        "",
        "not UUID",
        "1",
        "true",
        "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        "{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0}",
    ],
)
def test_a_bad_registration_is_400(api_103, method, registration):
    response = send(api_103, method, STATE, params_for(STATE, registration=registration))
    assert response.status_code == 400
    assert "registration" in error_message(response)


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_writing_needs_the_document_id(api_103, resource, method):
    params = without_id(resource, params_for(resource))
    response = send(api_103, method, resource, params)
    assert response.status_code == 400
    assert ID_NAME[resource] in error_message(response)


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
@pytest.mark.parametrize("method", ALL_METHODS)
def test_an_empty_document_id_is_400(api_103, resource, method):
    response = send(api_103, method, resource, params_for(resource, **{ID_NAME[resource]: ""}))
    assert response.status_code == 400


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
@pytest.mark.parametrize("method", ALL_METHODS)
@pytest.mark.parametrize(
    "extra", [{"foo": "bar"}, {"StateId": "x"}, {"ActivityId": ACTIVITY}, {"Since": "x"}]
)
def test_unknown_or_miscased_parameters_are_400(api_103, resource, method, extra):
    response = send(api_103, method, resource, dict(params_for(resource), **extra))
    assert response.status_code == 400
    assert "Unknown parameters" in error_message(response)


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_since_is_only_a_get_parameter(api_103, resource, method):
    params = dict(params_for(resource), since="2024-01-01T00:00:00Z")
    assert send(api_103, method, resource, params).status_code == 400


def test_a_repeated_parameter_is_400(api):
    query = urlencode([("activityId", ACTIVITY), ("activityId", OTHER_ACTIVITY), ("profileId", "p")])
    response = api.client.get(f"{ACTIVITY_PROFILE}?{query}", **api.headers())
    assert response.status_code == 400
    assert "more than once" in error_message(response)


def test_a_long_document_id_and_activity_iri_are_stored(api):
    activity = "http://www.example.com/" + "a" * 1900
    params = {"activityId": activity, "agent": AGENT, "stateId": "s" * 2000}
    assert api.put(STATE, params, {"long": True}).status_code == 204
    assert api.get(STATE, params).json() == {"long": True}


# ---------------------------------------------------------------------------------------------------------
# Authentication, versions, CORS, methods
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES + ["/xapi/activities", "/xapi/agents"])
def test_requests_need_a_credential_and_a_version(client, credential, resource):
    response = client.get(resource, {"activityId": ACTIVITY}, HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
    assert response.status_code == 401
    token = base64.b64encode(f"{credential.key}:{credential.secret}".encode()).decode()
    response = client.get(resource, {"activityId": ACTIVITY}, HTTP_AUTHORIZATION=f"Basic {token}")
    assert response.status_code == 400
    assert "X-Experience-API-Version" in response


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES + ["/xapi/activities", "/xapi/agents"])
def test_cors_preflight(client, db, resource):
    response = client.options(resource)
    assert response.status_code == 204
    assert "If-Match" in response["Access-Control-Allow-Headers"]
    assert "ETag" in response["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("resource", ["/xapi/activities", "/xapi/agents"])
@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE", "PATCH"])
@pytest.mark.parametrize("authenticated", [True, False])
def test_read_only_resources_refuse_other_methods_with_405(
    client, credential, resource, method, authenticated
):
    query = urlencode({"activityId": ACTIVITY, "agent": json.dumps(AGENT)})
    extra = XAPI(client, credential, "1.0.1").headers() if authenticated else {}
    extra.setdefault("HTTP_X_EXPERIENCE_API_VERSION", "1.0.1")
    response = client.generic(method, f"{resource}?{query}", **extra)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("resource", DOCUMENT_RESOURCES)
def test_document_resources_refuse_patch(api, resource):
    assert api.request("PATCH", resource, params_for(resource), {"a": 1}).status_code == 405


def launch_api(client, person, activity_id=ACTIVITY, version="1.0.3"):
    credential, secret = Credential.issue(name="launch", person=person, activity_id=activity_id)
    credential.secret = secret
    return XAPI(client, credential, version)


def test_a_launch_credential_reaches_only_its_learners_documents_for_its_activity(client, world):
    person = world["oak_worker"]
    learner = launch_api(client, person)
    mine = params_for(STATE, agent=actor_for_person(person))
    assert learner.put(STATE, mine, {"bookmark": 3}).status_code == 204
    assert learner.get(STATE, mine).json() == {"bookmark": 3}
    assert learner.put(STATE, params_for(STATE), {"x": 1}).status_code == 403
    assert (
        learner.get(STATE, params_for(STATE, agent=actor_for_person(world["elm_worker"]))).status_code == 403
    )
    assert learner.put(STATE, dict(mine, activityId=OTHER_ACTIVITY), {"x": 1}).status_code == 403
    assert (
        learner.get(ACTIVITY_PROFILE, params_for(ACTIVITY_PROFILE, activityId=OTHER_ACTIVITY)).status_code
        == 403
    )
    assert learner.post(AGENT_PROFILE, params_for(AGENT_PROFILE), {"x": 1}).status_code == 403
    assert learner.get("/xapi/agents", {"agent": AGENT}).status_code == 403
    assert learner.get("/xapi/agents", {"agent": actor_for_person(person)}).status_code == 200


# ---------------------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------------------


def test_one_document_per_identity_per_kind(db):
    key = state_key(ACTIVITY, "mbox:mailto:a@example.org", "s")
    fields = {
        "kind": Document.Kind.STATE,
        "activity_id": ACTIVITY,
        "agent_key": "mbox:mailto:a@example.org",
        "document_id": "s",
        "scope_hash": key.scope.scope_hash,
        "key_hash": key.key_hash,
        "content": b"{}",
        "etag": sha1(b"{}"),
    }
    Document.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(**fields)


@pytest.mark.parametrize(
    "kind, activity_id, agent_key, registration",
    [
        ("state", "", "mbox:mailto:a@example.org", None),
        ("state", ACTIVITY, "", None),
        ("activity_profile", ACTIVITY, "mbox:mailto:a@example.org", None),
        ("activity_profile", ACTIVITY, "", uuid.uuid4()),
        ("agent_profile", ACTIVITY, "mbox:mailto:a@example.org", None),
        ("agent_profile", "", "", None),
        ("unknown", ACTIVITY, "mbox:mailto:a@example.org", None),
    ],
)
def test_each_kind_must_have_its_identifying_columns(db, kind, activity_id, agent_key, registration):
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            kind=kind,
            activity_id=activity_id,
            agent_key=agent_key,
            registration=registration,
            document_id="d",
            scope_hash="x",
            key_hash="y",
            content=b"",
            etag=sha1(b""),
        )


# ---------------------------------------------------------------------------------------------------------
# The Activities resource
# ---------------------------------------------------------------------------------------------------------

DEFINITION = {
    "name": {"en-US": "example meeting"},
    "description": {"en-US": "An example meeting that happened on a specific occasion."},
    "type": "http://adlnet.gov/expapi/activities/meeting",
    "moreInfo": "http://virtualmeeting.example.com/345256",
    "extensions": {"http://example.com/profiles/meetings/extension/location": "X:\\meetings\\minutes"},
}
VERB = {"id": "http://adlnet.gov/expapi/verbs/attended", "display": {"en-GB": "attended"}}
ACTOR = {"objectType": "Agent", "name": "xAPI mbox", "mbox": "mailto:xapi@adlnet.gov"}


def post_statements(api, *statements):
    response = api.client.post(
        "/xapi/statements", json.dumps(list(statements)), content_type="application/json", **api.headers()
    )
    assert response.status_code == 200, response.content


def test_an_unknown_activity_is_still_returned(api):
    response = api.get("/xapi/activities", {"activityId": "http://www.example.com/never-seen/1"})
    assert response.status_code == 200
    assert response.json() == {"objectType": "Activity", "id": "http://www.example.com/never-seen/1"}
    assert response["X-Experience-API-Version"] == api.version


def test_an_activity_is_returned_as_a_statement_gave_it(api):
    activity = {
        "objectType": "Activity",
        "id": "http://www.example.com/verify/complete/1",
        "definition": DEFINITION,
    }
    post_statements(api, {"actor": ACTOR, "verb": VERB, "object": activity})
    response = api.get("/xapi/activities", {"activityId": activity["id"]})
    assert response.status_code == 200
    assert response.json() == activity


def test_an_activity_combines_what_every_statement_said_about_it(api):
    activity_id = "http://www.example.com/verify/complete/34534100123"
    english = {"objectType": "Activity", "id": activity_id, "definition": DEFINITION}
    french = {
        "objectType": "Activity",
        "id": activity_id,
        "definition": {"name": {"fr-FR": "r\u00e9union"}, "moreInfo": "http://example.com/newer"},
    }
    parent = {
        "id": "http://www.example.com/course",
        "definition": {"description": {"de-DE": "Kurs"}},
    }
    in_context = {
        "actor": ACTOR,
        "verb": VERB,
        "object": {"id": "http://www.example.com/course"},
        "context": {
            "contextActivities": {
                "grouping": [{"id": activity_id, "definition": {"name": {"de": "Treffen"}}}]
            }
        },
    }
    post_statements(
        api,
        {
            "actor": ACTOR,
            "verb": VERB,
            "object": english,
            "context": {"contextActivities": {"parent": parent}},
        },
    )
    post_statements(api, {"actor": ACTOR, "verb": VERB, "object": french})
    post_statements(api, in_context)
    definition = api.get("/xapi/activities", {"activityId": activity_id}).json()["definition"]
    assert definition["name"] == {"en-US": "example meeting", "fr-FR": "r\u00e9union", "de": "Treffen"}
    assert definition["description"] == DEFINITION["description"]
    assert definition["moreInfo"] == "http://example.com/newer"
    assert definition["type"] == DEFINITION["type"]
    course = api.get("/xapi/activities", {"activityId": "http://www.example.com/course"}).json()
    assert course["definition"] == {"description": {"de-DE": "Kurs"}}


def test_an_activity_in_a_sub_statement_counts(api):
    activity_id = "http://www.example.com/sub/1"
    sub = {
        "objectType": "SubStatement",
        "actor": ACTOR,
        "verb": VERB,
        "object": {"id": activity_id, "definition": {"name": {"en": "inner"}}},
    }
    post_statements(api, {"actor": ACTOR, "verb": VERB, "object": sub})
    assert api.get("/xapi/activities", {"activityId": activity_id}).json()["definition"] == {
        "name": {"en": "inner"}
    }


def test_merge_definitions_keeps_the_newest_value_per_language():
    merged = merge_definitions(
        [
            {"name": {"en": "old", "fr": "vieux"}, "interactionType": "choice", "choices": [{"id": "a"}]},
            {"name": {"en": "new"}, "choices": [{"id": "b"}], "extensions": {"http://e/x": 1}},
            {"extensions": {"http://e/y": 2}},
        ]
    )
    assert merged == {
        "name": {"en": "new", "fr": "vieux"},
        "interactionType": "choice",
        "choices": [{"id": "b"}],
        "extensions": {"http://e/x": 1, "http://e/y": 2},
    }


@pytest.mark.parametrize(
    "params",
    [{}, {"activityId": ""}, {"activityId": "true"}, {"activityId": "1"}, {"activityId": '{"key":"value"}'}],
)
def test_activities_needs_an_activity_iri(api, params):
    response = api.get("/xapi/activities", params)
    assert response.status_code == 400
    assert "activityId" in error_message(response)


def test_activities_refuses_unknown_parameters(api):
    assert api.get("/xapi/activities", {"activityId": ACTIVITY, "agent": AGENT}).status_code == 400


# ---------------------------------------------------------------------------------------------------------
# The Agents resource
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "agent, ifi",
    [
        ({"objectType": "Agent", "mbox": "mailto:xapi@adlnet.gov"}, "mbox"),
        ({"mbox_sha1sum": sha1(b"mailto:xapi@adlnet.gov")}, "mbox_sha1sum"),
        ({"openid": "http://openid.example.org/12345"}, "openid"),
        ({"account": {"homePage": "http://www.example.com", "name": "xAPI account name"}}, "account"),
    ],
)
def test_agents_returns_a_person_with_array_properties(api, agent, ifi):
    response = api.get("/xapi/agents", {"agent": agent})
    assert response.status_code == 200
    person = response.json()
    assert person == {"objectType": "Person", ifi: [agent[ifi]]}


def test_a_person_gathers_the_names_the_agent_was_given(api):
    post_statements(api, {"actor": ACTOR, "verb": VERB, "object": {"id": ACTIVITY}})
    post_statements(api, {"actor": dict(ACTOR, name="X. Mbox"), "verb": VERB, "object": {"id": ACTIVITY}})
    asked = {"objectType": "Agent", "name": "Asked", "mbox": ACTOR["mbox"]}
    person = api.get("/xapi/agents", {"agent": asked}).json()
    assert person == {
        "objectType": "Person",
        "name": ["Asked", "X. Mbox", "xAPI mbox"],
        "mbox": [ACTOR["mbox"]],
    }


@pytest.mark.parametrize(
    "agent",
    [
        None,
        "not JSON",
        '{"objectType": "Agent", "name": "Rick James"}',
        '{"objectType": "Group", "mbox": "mailto:team@example.org"}',
        '{"objectType": "Agent", "mbox": "xapi@adlnet.gov"}',
    ],
)
def test_agents_needs_a_valid_identified_agent(api, agent):
    response = api.get("/xapi/agents", {} if agent is None else {"agent": agent})
    assert response.status_code == 400
    assert "agent" in error_message(response)


def test_agents_refuses_unknown_parameters(api):
    assert api.get("/xapi/agents", {"agent": AGENT, "profileId": "x"}).status_code == 400
