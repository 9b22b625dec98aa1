"""What every xAPI request and response shares: the version header, authentication, errors, CORS."""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re

from django.http import HttpResponse, JsonResponse, QueryDict
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from .models import Credential
from .services import StatementError

VERSION_HEADER = "X-Experience-API-Version"
# What a request's version header may say, and the version the LRS answers with.
_VERSION_PATTERNS = [(re.compile(r"^1\.0(\.\d+)?$"), "1.0.3"), (re.compile(r"^2\.0(\.\d+)?$"), "2.0.0")]
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "HEAD, GET, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": (
        "Content-Type, Content-Length, Authorization, If-Match, If-None-Match, X-Experience-API-Version, "
        "X-Experience-API-Consistent-Through"
    ),
    "Access-Control-Expose-Headers": (
        "ETag, Last-Modified, X-Experience-API-Version, X-Experience-API-Consistent-Through"
    ),
}


def negotiate_version(header: str | None) -> str | None:
    if not header:
        return None
    for pattern, answer in _VERSION_PATTERNS:
        if pattern.match(header.strip()):
            return answer
    return None


def error(message: str, status: int = 400, *, version: str = "1.0.3") -> JsonResponse:
    response = JsonResponse({"error": {"status": status, "message": message}}, status=status)
    return finish(response, version)


def finish(response: HttpResponse, version: str) -> HttpResponse:
    response[VERSION_HEADER] = version
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


def consistent_through(response: HttpResponse) -> HttpResponse:
    response["X-Experience-API-Consistent-Through"] = timezone.now().isoformat(timespec="milliseconds")
    return response


def credential_for(request) -> Credential | None:
    """The usable credential an HTTP Basic `Authorization` header names, or None."""
    header = request.headers.get("Authorization", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        key, _, secret = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    credential = Credential.objects.filter(key=key).select_related("person").first()
    if credential is None or not credential.is_usable or not credential.check_secret(secret):
        return None
    return credential


# Form fields of an alternate-syntax request that stand for HTTP headers.
_FORM_HEADERS = {
    "authorization": "HTTP_AUTHORIZATION",
    "x-experience-api-version": "HTTP_X_EXPERIENCE_API_VERSION",
    "content-type": "CONTENT_TYPE",
    "content-length": "CONTENT_LENGTH",
    "if-match": "HTTP_IF_MATCH",
    "if-none-match": "HTTP_IF_NONE_MATCH",
}


def _apply_alternate_syntax(request) -> str | None:
    """Turn an xAPI 1.0.x 'alternate request syntax' POST (for browsers that can only send forms)
    into the request it stands for: ?method=PUT with headers and content as form fields.

    The form fields stand for the headers (Communication 1.3: the LRS "MUST treat the listed form
    parameters ... as header parameters"), so they replace any real ones. The content is JSON unless the
    form's Content-Type says otherwise: the request's own Content-Type describes the form, not the
    content.

    Returns a reason when the request is malformed.
    """
    method = request.GET.get("method", "").upper()
    if method not in ("GET", "HEAD", "PUT", "POST", "DELETE"):
        return f"method must be GET, PUT, POST or DELETE, not '{request.GET.get('method')}'"
    if set(request.GET) != {"method"}:
        return "With the alternate request syntax, every parameter except method goes in the form body"
    if request.content_type != "application/x-www-form-urlencoded":
        return "An alternate-syntax request must be sent as application/x-www-form-urlencoded"
    form = QueryDict(request.body, encoding="utf-8")
    params = QueryDict(mutable=True)
    content = ""
    content_type = "application/json"
    for name, values in form.lists():
        lowered = name.lower()
        if lowered == "content-type":
            content_type = values[-1]
        elif lowered == "content-length":
            pass  # the length of the decoded content is measured below
        elif lowered in _FORM_HEADERS:
            request.META[_FORM_HEADERS[lowered]] = values[-1]
        elif name == "content":
            content = values[-1]
        else:
            params.setlist(name, values)
    if (request.META.get(_FORM_HEADERS["x-experience-api-version"]) or "").startswith("2"):
        return "xAPI 2.0 has no alternate request syntax: send a normal HTTP request"
    request.method = method
    request.GET = params
    request._body = content.encode()
    request.META["CONTENT_TYPE"] = content_type
    request.content_type = content_type.split(";")[0].strip()
    request.META["CONTENT_LENGTH"] = str(len(request._body))
    if "_post" in request.__dict__ or hasattr(request, "_post"):
        del request._post
    return None


def xapi_endpoint(view, *, statements: bool = False):
    """Wraps an xAPI view: CORS preflight, version negotiation, authentication, error handling.

    The view is called as view(request, credential=..., version=...). For the Statement Resource
    (`statements`), every answer, refusals included, carries X-Experience-API-Consistent-Through
    (xAPI 1.0.3 Communication 2.1.3.s2.b5: "regardless of the code returned").
    """

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = _answer(view, request, *args, **kwargs)
        if statements:
            consistent_through(response)
        return response

    return wrapper


def _answer(view, request, *args, **kwargs) -> HttpResponse:
    # When the request arrived: new statements are `stored` at this time (see store_statements).
    request.xapi_received = timezone.now()
    if request.method == "OPTIONS":
        return finish(HttpResponse(status=204), "1.0.3")
    if request.method == "POST" and "method" in request.GET:
        problem = _apply_alternate_syntax(request)
        if problem:
            return error(problem)
    version = negotiate_version(request.headers.get(VERSION_HEADER))
    if version is None:
        given = request.headers.get(VERSION_HEADER)
        message = (
            f"{VERSION_HEADER} '{given}' is not a version this LRS supports (1.0.x or 2.0.x)"
            if given
            else f"Every request needs the {VERSION_HEADER} header"
        )
        return error(message)
    if any("\x00" in value for values in request.GET.lists() for value in values[1]):
        # No database stores NUL in text; say so instead of failing on it.
        return error("Parameters may not contain the NUL character", version=version)
    credential = credential_for(request)
    if credential is None:
        response = error("Authenticate with the key and secret of an LRS credential", 401, version=version)
        response["WWW-Authenticate"] = 'Basic realm="xAPI"'
        return response
    try:
        response = view(request, *args, credential=credential, version=version, **kwargs)
    except StatementError as exc:
        return error(str(exc), exc.status, version=version)
    except json.JSONDecodeError as exc:
        return error(f"The body is not valid JSON: {exc.msg} at character {exc.pos}", version=version)
    return finish(response, version)


def xapi_resource(*methods: str, statements: bool = False):
    """xapi_endpoint, with methods the resource does not have refused first (405), as the conformance
    suite expects even of requests without credentials. The refusal carries the version and CORS headers
    like every other answer."""

    def decorate(view):
        endpoint = xapi_endpoint(view, statements=statements)

        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            alternate_syntax = request.method == "POST" and "method" in request.GET
            if request.method not in methods and request.method != "OPTIONS" and not alternate_syntax:
                version = negotiate_version(request.headers.get(VERSION_HEADER)) or "1.0.3"
                response = method_not_allowed(request.method, methods, version)
                return consistent_through(response) if statements else response
            return endpoint(request, *args, **kwargs)

        wrapper.allowed_methods = methods
        return wrapper

    return decorate


def method_not_allowed(method: str, methods: tuple[str, ...], version: str) -> HttpResponse:
    response = error(f"{method} is not allowed here; use {', '.join(methods)}", 405, version=version)
    response["Allow"] = ", ".join(methods)
    return response


def not_found(request, path: str = "") -> HttpResponse:
    """Any other path under /xapi/: a JSON 404 like the resources' own, not the site's HTML page. It
    carries X-Experience-API-Consistent-Through too, since a client that misspells a Statement Resource
    query (`/xapi/statementsverb=...`) waits on that header."""
    version = negotiate_version(request.headers.get(VERSION_HEADER)) or "1.0.3"
    response = error(f"There is no xAPI resource at {request.path}", 404, version=version)
    return consistent_through(response)
