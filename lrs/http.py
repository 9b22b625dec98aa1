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
    for name, values in form.lists():
        lowered = name.lower()
        if lowered in _FORM_HEADERS:
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
    request.content_type = (request.META.get("CONTENT_TYPE") or "application/json").split(";")[0].strip()
    request.META["CONTENT_LENGTH"] = str(len(request._body))
    if "_post" in request.__dict__ or hasattr(request, "_post"):
        del request._post
    return None


def xapi_endpoint(view):
    """Wraps an xAPI view: CORS preflight, version negotiation, authentication, error handling.

    The view is called as view(request, credential=..., version=...).
    """

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
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
            response = error(
                "Authenticate with the key and secret of an LRS credential", 401, version=version
            )
            response["WWW-Authenticate"] = 'Basic realm="xAPI"'
            return response
        try:
            response = view(request, *args, credential=credential, version=version, **kwargs)
        except StatementError as exc:
            return error(str(exc), exc.status, version=version)
        except json.JSONDecodeError as exc:
            return error(f"The body is not valid JSON: {exc.msg} at character {exc.pos}", version=version)
        return finish(response, version)

    return wrapper
