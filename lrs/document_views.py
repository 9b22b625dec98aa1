"""The xAPI document resources (State, Activity Profile, Agent Profile) and the Activities and Agents
resources, mounted at /xapi/. Parameters are read and checked here; the rules live in lrs.documents."""

from __future__ import annotations

import hashlib
import json
import re
import uuid

from django.http import HttpResponse, JsonResponse
from django.utils.http import http_date

from . import documents
from .documents import Document, DocumentKey, Incoming, Scope
from .http import xapi_resource
from .services import StatementError
from .xapi.validation import XAPIValidationError, agent_key, is_iri, parse_timestamp, validate_agent

_READ = ("GET", "HEAD")
_UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


# ---------------------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------------------


def _check_names(params, allowed: set[str]) -> None:
    unknown = set(params) - allowed
    if unknown:
        raise StatementError(
            "Unknown parameters: "
            + ", ".join(sorted(unknown))
            + " (allowed: "
            + ", ".join(sorted(allowed))
            + ")"
        )
    for name in params:
        if len(params.getlist(name)) > 1:
            raise StatementError(f"{name} is given more than once")


def _optional(params, name: str) -> str | None:
    value = params.get(name)
    if value == "":
        raise StatementError(f"{name} must not be empty")
    return value


def _required(params, name: str) -> str:
    value = _optional(params, name)
    if value is None:
        raise StatementError(f"{name} is required")
    return value


def _activity_id(params) -> str:
    value = _required(params, "activityId")
    if not is_iri(value):
        raise StatementError(
            f"activityId must be an IRI (such as https://example.org/course/1), not '{value}'"
        )
    return value


def _agent(params, version: str, *, allow_group: bool = True) -> dict:
    raw = _required(params, "agent")
    try:
        agent = json.loads(raw)
    except ValueError:
        raise StatementError("agent must be an Agent object as JSON; it is not valid JSON") from None
    if not isinstance(agent, dict):
        raise StatementError("agent must be an Agent object as JSON")
    try:
        validate_agent(agent, path="agent", version=version, allow_group=allow_group, require_ifi=True)
    except XAPIValidationError as exc:
        what = "an Agent or identified Group" if allow_group else "an Agent"
        raise StatementError(f"agent is not {what}: {exc}") from None
    return agent


def _registration(params) -> uuid.UUID | None:
    value = _optional(params, "registration")
    if value is None:
        return None
    if not _UUID_RE.fullmatch(value):
        raise StatementError(f"registration must be a UUID, not '{value}'")
    return uuid.UUID(value)


def _since(params, version: str):
    value = _optional(params, "since")
    if value is None:
        return None
    try:
        return parse_timestamp(value, version=version, path="since")
    except XAPIValidationError as exc:
        raise StatementError(f"since '{value}' is not a timestamp: {exc.reason}") from None


def _incoming(request) -> Incoming:
    main_type = request.content_type or ""
    full_type = request.META.get("CONTENT_TYPE") or ""
    content_type = full_type if documents.media_type(full_type) == main_type.lower() else main_type
    return Incoming(
        content=request.body,
        content_type=content_type or documents.DEFAULT_CONTENT_TYPE,
        if_match=request.META.get("HTTP_IF_MATCH"),
        if_none_match=request.META.get("HTTP_IF_NONE_MATCH"),
    )


# ---------------------------------------------------------------------------------------------------------
# Responses
# ---------------------------------------------------------------------------------------------------------


def _without_body_for_head(request, response: HttpResponse) -> HttpResponse:
    if request.method == "HEAD":
        response["Content-Length"] = str(len(response.content))
        response.content = b""
    return response


def _document(request, key: DocumentKey) -> HttpResponse:
    document = documents.document_get(key)
    if document is None:
        raise StatementError("No such document", 404)
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["ETag"] = document.quoted_etag
    response["Last-Modified"] = http_date(document.updated.timestamp())
    return _without_body_for_head(request, response)


def _id_list(request, scope: Scope, since) -> HttpResponse:
    ids, last_modified = documents.document_ids(scope, since=since)
    response = JsonResponse(ids, safe=False)
    response["ETag"] = f'"{hashlib.sha1(response.content).hexdigest()}"'
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return _without_body_for_head(request, response)


def _stored(document: Document) -> HttpResponse:
    response = HttpResponse(status=204)
    response["ETag"] = document.quoted_etag
    response["Last-Modified"] = http_date(document.updated.timestamp())
    return response


def _json(request, body: dict) -> HttpResponse:
    return _without_body_for_head(request, JsonResponse(body))


def _handle(
    request, *, key: DocumentKey | None, scope: Scope, since, multiple_delete: bool, version: str
) -> HttpResponse:
    """The methods every document resource shares. `key` is None when no stateId/profileId was given."""
    method = request.method
    if method in _READ:
        return _id_list(request, scope, since) if key is None else _document(request, key)
    if method == "DELETE":
        if request.body:
            # A DELETE has nothing to send; a body suggests the client meant another method.
            raise StatementError("A DELETE takes no body")
        if key is None:
            if not multiple_delete:
                raise StatementError("profileId is required")
            documents.documents_delete(scope)
        else:
            documents.document_delete(
                key,
                if_match=request.META.get("HTTP_IF_MATCH"),
                if_none_match=request.META.get("HTTP_IF_NONE_MATCH"),
            )
        return HttpResponse(status=204)
    if key is None:
        raise StatementError(
            ("stateId" if scope.kind == Document.Kind.STATE else "profileId") + " is required"
        )
    if method == "PUT":
        return _stored(documents.document_put(key, _incoming(request), version=version))
    if method == "POST":
        return _stored(documents.document_post(key, _incoming(request)))
    raise StatementError(f"{method} is not allowed here", 405)


def _allowed(request, methods: tuple[str, ...]) -> None:
    if request.method not in methods:  # an alternate-syntax request asking for a method this resource lacks
        raise StatementError(f"{request.method} is not allowed here; use {', '.join(methods)}", 405)


# ---------------------------------------------------------------------------------------------------------
# Resources
# ---------------------------------------------------------------------------------------------------------

_DOCUMENT_METHODS = ("GET", "HEAD", "PUT", "POST", "DELETE")


@xapi_resource(*_DOCUMENT_METHODS)
def state(request, *, credential, version):
    _allowed(request, _DOCUMENT_METHODS)
    params = request.GET
    _check_names(params, {"activityId", "agent", "registration", "stateId"} | _since_name(request))
    activity_id = _activity_id(params)
    agent = _agent(params, version)
    registration = _registration(params)
    state_id = _optional(params, "stateId")
    since = _since(params, version)
    documents.check_launch_scope(credential, agent=agent, activity_id=activity_id)
    scope = Scope(
        Document.Kind.STATE, activity_id=activity_id, agent_key=agent_key(agent), registration=registration
    )
    key = DocumentKey(scope, state_id) if state_id is not None else None
    return _handle(request, key=key, scope=scope, since=since, multiple_delete=True, version=version)


@xapi_resource(*_DOCUMENT_METHODS)
def activity_profile(request, *, credential, version):
    _allowed(request, _DOCUMENT_METHODS)
    params = request.GET
    _check_names(params, {"activityId", "profileId"} | _since_name(request))
    activity_id = _activity_id(params)
    profile_id = _optional(params, "profileId")
    since = _since(params, version)
    documents.check_launch_scope(credential, activity_id=activity_id)
    scope = Scope(Document.Kind.ACTIVITY_PROFILE, activity_id=activity_id)
    key = DocumentKey(scope, profile_id) if profile_id is not None else None
    return _handle(request, key=key, scope=scope, since=since, multiple_delete=False, version=version)


@xapi_resource(*_DOCUMENT_METHODS)
def agent_profile(request, *, credential, version):
    _allowed(request, _DOCUMENT_METHODS)
    params = request.GET
    _check_names(params, {"agent", "profileId"} | _since_name(request))
    agent = _agent(params, version)
    profile_id = _optional(params, "profileId")
    since = _since(params, version)
    documents.check_launch_scope(credential, agent=agent)
    scope = Scope(Document.Kind.AGENT_PROFILE, agent_key=agent_key(agent))
    key = DocumentKey(scope, profile_id) if profile_id is not None else None
    return _handle(request, key=key, scope=scope, since=since, multiple_delete=False, version=version)


def _since_name(request) -> set[str]:
    """`since` belongs to GET (a single-document GET may carry it too; it is then ignored)."""
    return {"since"} if request.method in _READ else set()


@xapi_resource(*_READ)
def activities(request, *, credential, version):
    _allowed(request, _READ)
    _check_names(request.GET, {"activityId"})
    return _json(request, documents.activity_object(_activity_id(request.GET)))


@xapi_resource(*_READ)
def agents(request, *, credential, version):
    _allowed(request, _READ)
    _check_names(request.GET, {"agent"})
    agent = _agent(request.GET, version, allow_group=False)
    documents.check_launch_scope(credential, agent=agent)
    return _json(request, documents.person_object(agent))
