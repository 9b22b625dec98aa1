"""The xAPI HTTP API: the About and Statements resources."""

from __future__ import annotations

import json
import uuid
from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from . import attachments, selectors
from .http import VERSION_HEADER, consistent_through, finish, negotiate_version, xapi_resource
from .services import StatementError, store_statements
from .xapi.validation import XAPIValidationError, parse_timestamp, validate_agent

_SINGLE_PARAMS = {"statementId", "voidedStatementId"}
_QUERY_PARAMS = {
    "agent",
    "verb",
    "activity",
    "registration",
    "related_activities",
    "related_agents",
    "since",
    "until",
    "limit",
    "format",
    "attachments",
    "ascending",
    "more",
}


# The versions the About resource lists. Every 1.0.x version header is accepted and answered as 1.0.3
# (1.0.x patch versions only corrected the text), so each is listed. A 1.0.x client is shown only the
# 1.0 line: xAPI 1.0.3 (Communication 2.8) allows no other values there, and the ADL suite checks it.
_VERSIONS_1_0 = ["1.0.0", "1.0.1", "1.0.2", "1.0.3"]
_VERSIONS_ALL = [*_VERSIONS_1_0, "2.0.0"]


@csrf_exempt
def about(request):
    if request.method not in ("GET", "HEAD"):
        return finish(HttpResponse(status=405), "1.0.3")
    asked = negotiate_version(request.headers.get(VERSION_HEADER))
    versions = _VERSIONS_1_0 if asked == "1.0.3" else _VERSIONS_ALL
    return finish(JsonResponse({"version": versions, "extensions": {}}), asked or "1.0.3")


def _statements_body(request, version):
    """The statement(s) a request sends, and the attachment contents that come with them."""
    if not request.body:
        raise StatementError("The request has no body")
    content_type = request.content_type or ""
    if content_type == "multipart/mixed":
        body, parts = attachments.read_request(request, version=version)
    elif content_type == "application/json":
        body, parts = json.loads(request.body), {}
    else:
        given = content_type or "no content type"
        raise StatementError(f"Send statements as application/json or multipart/mixed, not '{given}'")
    batch = body if isinstance(body, list) else [body]
    return body, batch, parts


def _attachment_contents(batch, parts, version):
    """Checked after the statements themselves are valid, so errors point at the first real problem."""
    from .xapi.validation import XAPIValidationError, validate_statement

    if not parts and not any(isinstance(s, dict) and "attachments" in s for s in batch):
        return []
    for index, statement in enumerate(batch):
        try:
            validate_statement(
                statement, version=version, path="statement" if len(batch) == 1 else f"statements[{index}]"
            )
        except XAPIValidationError as exc:
            raise StatementError(str(exc)) from None
    return attachments.check_and_collect(batch, parts)


def _bool_param(params, name: str) -> bool:
    value = params.get(name, "false")
    if value not in ("true", "false"):
        raise StatementError(f"{name} must be true or false")
    return value == "true"


@xapi_resource("GET", "HEAD", "PUT", "POST", statements=True)
def statements(request, *, credential, version):
    if request.method == "PUT":
        return _put(request, credential, version)
    if request.method == "POST":
        return _post(request, credential, version)
    if request.method in ("GET", "HEAD"):
        return _get(request, credential, version)
    raise StatementError(f"{request.method} is not allowed on statements", status=405)


def _check_write_scope(credential, statements_: list) -> None:
    """A learner's launch credential may only write statements about that learner and activity."""
    if not credential.is_launch:
        return
    from .recording import actor_for_person

    allowed_actor = actor_for_person(credential.person)
    for statement in statements_:
        if not isinstance(statement, dict):
            continue
        if statement.get("actor") != allowed_actor:
            raise StatementError(
                "This launch credential may only record statements about its own learner", 403
            )
        obj = statement.get("object") or {}
        if credential.activity_id and obj.get("id") != credential.activity_id:
            raise StatementError(
                "This launch credential may only record statements about its own activity", 403
            )


def _put(request, credential, version):
    statement_id = request.GET.get("statementId")
    if not statement_id:
        raise StatementError("PUT needs the statementId parameter")
    try:
        statement_id = str(uuid.UUID(statement_id))
    except ValueError:
        raise StatementError(f"statementId '{statement_id}' is not a UUID") from None
    body, batch, parts = _statements_body(request, version)
    if not isinstance(body, dict):
        raise StatementError("PUT takes one statement, as a JSON object")
    _check_write_scope(credential, batch)
    contents = _attachment_contents(batch, parts, version)
    store_statements(
        batch,
        version=version,
        credential=credential,
        statement_id=statement_id,
        attachments=contents,
        received=request.xapi_received,
    )
    return HttpResponse(status=204)


def _check_not_stored(batch: list) -> None:
    """A POST may not carry a statement the LRS already holds (409, nothing stored), even an identical
    one: xAPI leaves an identical re-POST open, and the ADL suite requires 409 (or 204) for it. PUT keeps
    answering an identical statement with 204."""
    ids = []
    for statement in batch:
        try:
            ids.append(str(uuid.UUID(statement["id"])))
        except (TypeError, KeyError, ValueError, AttributeError):
            continue  # no id, or not a UUID: store_statements says what is wrong
    stored = selectors.stored_statement_ids(statement_ids=ids) if ids else set()
    if stored:
        raise StatementError(
            "The LRS already holds statements with these ids, so none of the batch was stored: "
            + ", ".join(sorted(stored)),
            status=409,
        )


def _post(request, credential, version):
    _body, batch, parts = _statements_body(request, version)
    _check_write_scope(credential, batch)
    contents = _attachment_contents(batch, parts, version)
    _check_not_stored(batch)
    result = store_statements(
        batch, version=version, credential=credential, attachments=contents, received=request.xapi_received
    )
    return JsonResponse(result.ids, safe=False)


def _get(request, credential, version):
    params = request.GET
    unknown = set(params) - _SINGLE_PARAMS - _QUERY_PARAMS
    if unknown:
        raise StatementError("Unknown parameters: " + ", ".join(sorted(unknown)))
    fmt = params.get("format", "exact")
    if fmt not in ("ids", "exact", "canonical"):
        raise StatementError("format must be ids, exact or canonical")
    with_attachments = _bool_param(params, "attachments")
    single = _SINGLE_PARAMS & set(params)
    if single:
        if len(single) > 1 or set(params) - single - {"format", "attachments"}:
            raise StatementError(
                "statementId and voidedStatementId can only be combined with format and attachments"
            )
        name = single.pop()
        try:
            wanted = uuid.UUID(params[name])
        except ValueError:
            raise StatementError(f"{name} '{params[name]}' is not a UUID") from None
        statement = selectors.statement_by_id(
            statement_id=wanted, voided=name == "voidedStatementId", credential=credential
        )
        if statement is None:
            return consistent_through(
                JsonResponse({"error": {"status": 404, "message": "No such statement"}}, status=404)
            )
        languages = request.headers.get("Accept-Language", "")
        response = _respond(
            selectors.formatted(statement, fmt, accept_language=languages), [statement], with_attachments
        )
        response["Last-Modified"] = statement["stored"]
        return consistent_through(response)

    query = _parse_query(params)
    page = selectors.statement_page(credential=credential, **query)
    body = {
        "statements": [
            selectors.formatted(s, fmt, accept_language=request.headers.get("Accept-Language", ""))
            for s in page.statements
        ],
        "more": "",
    }
    if page.next_before is not None:
        more_params = {k: v for k, v in params.items() if k != "more"}
        more_params["more"] = str(page.next_before)
        body["more"] = request.path + "?" + urlencode(more_params)
    return consistent_through(_respond(body, page.statements, with_attachments))


def _respond(body, statements_, with_attachments: bool) -> HttpResponse:
    if not with_attachments:
        return JsonResponse(body, safe=False)
    content, content_type = attachments.multipart_response(body, attachments.attachments_in(statements_))
    return HttpResponse(content, content_type=content_type)


def _parse_query(params) -> dict:
    query: dict = {}
    if "agent" in params:
        try:
            agent = json.loads(params["agent"])
            validate_agent(agent, path="agent", require_ifi=True)
        except (json.JSONDecodeError, XAPIValidationError) as exc:
            raise StatementError(f"agent is not a valid Agent or identified Group: {exc}") from None
        query["agent"] = agent
    for name in ("verb", "activity"):
        if name in params:
            query[name] = params[name]
    if "registration" in params:
        try:
            query["registration"] = uuid.UUID(params["registration"])
        except ValueError:
            raise StatementError(f"registration '{params['registration']}' is not a UUID") from None
    for name in ("since", "until"):
        if name in params:
            try:
                query[name] = parse_timestamp(params[name])
            except XAPIValidationError:
                raise StatementError(f"{name} '{params[name]}' is not an ISO 8601 timestamp") from None
    query["related_agents"] = _bool_param(params, "related_agents")
    query["related_activities"] = _bool_param(params, "related_activities")
    query["ascending"] = _bool_param(params, "ascending")
    try:
        query["limit"] = int(params.get("limit", "0"))
        if query["limit"] < 0:
            raise ValueError
    except ValueError:
        raise StatementError("limit must be a whole number, 0 or more") from None
    if "more" in params:
        try:
            query["after"] = int(params["more"])
        except ValueError:
            raise StatementError("more is not a page this LRS gave out") from None
    return query
