"""Strict validation of incoming xAPI statements (Experience API 1.0.3 and IEEE 9274.1.1-2023, "xAPI 2.0").

Plain Python, so that every rejection says exactly what is wrong and where, as ``path: reason``, for
example ``statement.actor.mbox: must start with mailto:``. The rules follow the Data part of each
specification and the cases of the ADL LRS conformance test suite:

* every object accepts only the properties the specification defines for it (names are case-sensitive);
* no property may be ``null``, except inside the values of an ``extensions`` map;
* required properties must be present, values must have the right JSON type (a number given as a string, or
  a boolean given as a string, is rejected), and formatted strings (UUID, IRI, mailto IRI, language tag,
  timestamp, duration, media type) must follow their format;
* the cross-property rules: exactly one inverse functional identifier per Agent, Groups inside a Group's
  ``member``, interaction component lists per ``interactionType``, score ranges, ``revision`` and ``platform``
  only with an Activity object, no nested SubStatement, voiding only a StatementRef, and the shape of a
  statement's ``authority``.

Statements are accepted as a Learning Record Provider may send them: ``id``, ``timestamp``, ``stored``,
``authority`` and ``version`` are optional (the LRS fills or overwrites them). The JSON must already be
parsed; a property repeated within one JSON object cannot be seen after parsing and has to be caught by the
parser (``json.loads(..., object_pairs_hook=...)``).
"""

from __future__ import annotations

import datetime
import decimal
import functools
import math
import re
import unicodedata
from typing import Any, NoReturn

__all__ = [
    "SUPPORTED_VERSIONS",
    "XAPIValidationError",
    "agent_key",
    "is_duration",
    "is_iri",
    "is_language_tag",
    "parse_timestamp",
    "validate_agent",
    "validate_statement",
]

SUPPORTED_VERSIONS = ("1.0.0", "1.0.1", "1.0.2", "1.0.3", "2.0.0")  # 1.0.x all validated as 1.0.3 rules

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
SIGNATURE_USAGE_TYPE = "http://adlnet.gov/expapi/attachments/signature"


class XAPIValidationError(ValueError):
    """An invalid statement; str(error) says what and where.

    For example ``statement.actor.mbox: must start with mailto:``.

    ``path`` is where the problem is (``None`` if the error was raised with a bare message) and ``reason`` is
    what is wrong there.
    """

    def __init__(self, message: str, path: str | None = None) -> None:
        self.path = path
        self.reason = message
        super().__init__(f"{path}: {message}" if path else message)


# ---------------------------------------------------------------------------------------------------------
# Versions
# ---------------------------------------------------------------------------------------------------------

_V1 = "1.0"
_V2 = "2.0"


def _major(version: str) -> str:
    """The rule set for a request's xAPI version: '1.0' (1.0.0 to 1.0.3) or '2.0' (2.0.0)."""
    if version in ("1.0", "1.0.0", "1.0.1", "1.0.2", "1.0.3"):
        return _V1
    if version in ("2.0", "2.0.0"):  # a "2.0" header is to be treated as 2.0.0
        return _V2
    supported = ", ".join(SUPPORTED_VERSIONS)
    raise XAPIValidationError(f"unsupported xAPI version {version!r} (supported: {supported})", "version")


# ---------------------------------------------------------------------------------------------------------
# Formats: IRI, language tag, duration, timestamp, UUID, media type
# ---------------------------------------------------------------------------------------------------------

_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")
_HEX = "0123456789abcdefABCDEF"
# ASCII characters an IRI may contain outside the host's IP literal: unreserved, sub-delims, gen-delims
# (less the brackets) and "%" (checked separately for pct-encoding).
_IRI_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?#%")
_REG_NAME_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=%")
_USERINFO_ASCII = _REG_NAME_ASCII | {":"}
_IP_LITERAL_RE = re.compile(r"\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\]")
# Unicode categories never allowed in an IRI: controls, format characters, surrogates, unassigned, spaces.
_BAD_UNICODE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Zs", "Zl", "Zp"})


def _iri_chars_ok(text: str, ascii_allowed: frozenset[str], *, private_use: bool = False) -> bool:
    i = 0
    while i < len(text):
        char = text[i]
        if char == "%":
            if len(text) < i + 3 or text[i + 1] not in _HEX or text[i + 2] not in _HEX:
                return False
            i += 3
            continue
        if ord(char) < 128:
            if char not in ascii_allowed:
                return False
        else:
            category = unicodedata.category(char)
            if category in _BAD_UNICODE_CATEGORIES or (category == "Co" and not private_use):
                return False
        i += 1
    return True


def is_iri(value: str) -> bool:
    """Whether ``value`` is an absolute IRI (RFC 3987): a scheme, ``:``, and a well-formed remainder.

    A value without a scheme (``example.com/x``), with characters an IRI cannot hold (spaces, ``<>"{}|\\^```,
    controls), with a broken percent-encoding, more than one ``#``, or a malformed authority is rejected.
    Nothing after the scheme (``urn:``) is rejected too, as it can identify nothing.
    """
    return isinstance(value, str) and _is_iri_text(value)


# Statements repeat the same few IRIs (verbs, activity types, homePages): remember the answers.
@functools.lru_cache(maxsize=4096)
def _is_iri_text(value: str) -> bool:
    scheme, sep, rest = value.partition(":")
    if not sep or not _SCHEME_RE.fullmatch(scheme) or not rest:
        return False
    if rest.count("#") > 1:
        return False
    before_fragment, _, fragment = rest.partition("#")
    hier, _, query = before_fragment.partition("?")
    if hier.startswith("//"):
        authority_end = len(hier)
        for index in range(2, len(hier)):
            if hier[index] == "/":
                authority_end = index
                break
        authority, path = hier[2:authority_end], hier[authority_end:]
        if not _authority_ok(authority):
            return False
    else:
        path = hier
    return (
        _iri_chars_ok(path, _IRI_ASCII - {"?", "#"})
        and _iri_chars_ok(query, _IRI_ASCII - {"#"}, private_use=True)
        and _iri_chars_ok(fragment, _IRI_ASCII - {"#"})
    )


def _authority_ok(authority: str) -> bool:
    if authority.count("@") > 1:
        return False
    userinfo, at, hostport = authority.rpartition("@")
    if at and not _iri_chars_ok(userinfo, _USERINFO_ASCII):
        return False
    if hostport.startswith("["):
        close = hostport.find("]")
        if close < 0 or not _IP_LITERAL_RE.fullmatch(hostport[: close + 1]):
            return False
        port_part = hostport[close + 1 :]
        if port_part and (not port_part.startswith(":") or not port_part[1:].isascii()):
            return False
        port = port_part[1:]
    else:
        host, _, port = hostport.partition(":")
        if not _iri_chars_ok(host, _REG_NAME_ASCII):
            return False
    return port == "" or (port.isascii() and port.isdigit())


# RFC 5646 well-formed language tags (section 2.1), matched case-insensitively.
_ALNUM = "[a-z0-9]"
_LANGTAG_RE = re.compile(
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"  # language, with up to three extlang subtags
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    rf"(?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*"  # variants
    rf"(?:-[0-9a-wyz](?:-{_ALNUM}{{2,8}})+)*"  # extensions
    rf"(?:-x(?:-{_ALNUM}{{1,8}})+)?",  # private use
    re.IGNORECASE | re.ASCII,
)
_PRIVATE_USE_RE = re.compile(rf"x(?:-{_ALNUM}{{1,8}})+", re.IGNORECASE | re.ASCII)
_GRANDFATHERED = frozenset(
    tag.lower()
    for tag in (
        "en-GB-oed i-ami i-bnn i-default i-enochian i-hak i-klingon i-lux i-mingo i-navajo i-pwn i-tao i-tay "
        "i-tsu sgn-BE-FR sgn-BE-NL sgn-CH-DE art-lojban cel-gaulish no-bok no-nyn zh-guoyu zh-hakka zh-min "
        "zh-min-nan zh-xiang"
    ).split()
)


def is_language_tag(value: str) -> bool:
    """Whether ``value`` is a well-formed RFC 5646 (BCP 47) language tag.

    Beyond the grammar (the sequence of subtag lengths and kinds), a tag is refused if it repeats an
    extension singleton (``ar-a-aaa-b-bbb-a-ccc``) or a variant (``sl-rozaj-rozaj``), or starts with a
    four-letter language subtag (reserved by RFC 5646, so ``test`` is refused). Whether the subtags are
    registered is not otherwise checked.
    """
    if not isinstance(value, str) or not value.isascii():
        return False
    lowered = value.lower()
    if lowered in _GRANDFATHERED or _PRIVATE_USE_RE.fullmatch(value):
        return True
    if not _LANGTAG_RE.fullmatch(value):
        return False
    subtags = lowered.split("-")
    if len(subtags[0]) == 4:  # four-letter primary language subtags are reserved and never valid
        return False
    singletons: set[str] = set()
    variants: set[str] = set()
    in_extensions = False
    for index, subtag in enumerate(subtags):
        if index == 0:
            continue
        if len(subtag) == 1:
            if subtag == "x":
                break
            if subtag in singletons:
                return False
            singletons.add(subtag)
            in_extensions = True
        elif not in_extensions and (len(subtag) >= 5 or (len(subtag) == 4 and subtag[0].isdigit())):
            if subtag in variants:
                return False
            variants.add(subtag)
    return True


_NUM = r"[0-9]+(?:[.,][0-9]+)?"
_DURATION_RE = re.compile(
    rf"P(?:(?P<Y>{_NUM})Y)?(?:(?P<Mo>{_NUM})M)?(?:(?P<D>{_NUM})D)?"
    rf"(?:T(?:(?P<H>{_NUM})H)?(?:(?P<Mi>{_NUM})M)?(?:(?P<S>{_NUM})S)?)?"
)
_WEEKS_RE = re.compile(rf"P{_NUM}W")


def is_duration(value: str) -> bool:
    """Whether ``value`` is an ISO 8601:2004 section 4.4.3.2 duration (``PnYnMnDTnHnMnS`` or ``PnW``).

    At least one component is needed, a ``T`` must be followed by a time component, only the smallest
    component given may carry a decimal fraction, and weeks cannot be combined with other components. The
    alternative format (``P0003-06-04T12:30:05``) and negative durations are refused.
    """
    if not isinstance(value, str):
        return False
    if _WEEKS_RE.fullmatch(value):
        return True
    match = _DURATION_RE.fullmatch(value)
    if not match or value in ("P", "PT") or value.endswith("T"):
        return False
    components = [component for component in match.groups() if component is not None]
    if not components:
        return False
    return not any(("." in part or "," in part) for part in components[:-1])


_ISO_EXTENDED_RE = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]+))?)?"
    r"(?P<offset>Z|[+-][0-9]{2}(?::?[0-9]{2})?)?"
)
_ISO_BASIC_RE = re.compile(
    r"(?P<year>[0-9]{4})(?P<month>[0-9]{2})(?P<day>[0-9]{2})T(?P<hour>[0-9]{2})(?P<minute>[0-9]{2})"
    r"(?:(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]+))?)?"
    r"(?P<offset>Z|[+-][0-9]{2}(?:[0-9]{2})?)?"
)
_RFC3339_RE = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})[Tt ](?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})"
    r":(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]+))?"
    r"(?P<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})?"
)


def parse_timestamp(value: str, *, version: str | None = None, path: str = "timestamp") -> datetime.datetime:
    """Parse an xAPI Timestamp into an aware ``datetime``; raise XAPIValidationError if it is not one.

    1.0.x: ISO 8601 combined date and time, extended (``2024-03-05T10:15:30.123+01:00``) or basic
    (``20240305T101530Z``); seconds and the time zone may be left out, and a time without a zone is taken
    as UTC. 2.0.0: RFC 3339 date-time (``T``, ``t`` or a space between date and time; seconds and the zone
    required). Without a ``version``, anything either accepts is accepted (for reading back stored
    statements and for query parameters). Always refused: the "unknown local offset" forms ``-00``,
    ``-0000`` and ``-00:00``. More than microsecond precision is truncated.
    """
    major = _major(version) if version is not None else None
    if not isinstance(value, str):
        raise XAPIValidationError("must be a string holding an ISO 8601 date and time", path)
    match = None
    if major in (_V2, None):
        match = _RFC3339_RE.fullmatch(value)
        if major is None and match and match["offset"] is None:
            match = None  # without a zone it is only a 1.0.x (ISO 8601) timestamp
    if match is None and major in (_V1, None):
        match = _ISO_EXTENDED_RE.fullmatch(value) or _ISO_BASIC_RE.fullmatch(value)
    if not match:
        standard = "an RFC 3339" if major == _V2 else "an ISO 8601"
        raise XAPIValidationError(f"must be {standard} date and time, e.g. 2024-03-05T10:15:30.123Z", path)
    parts = match.groupdict()
    offset = parts["offset"]
    if offset is None:
        if major == _V2:
            raise XAPIValidationError("must include a time zone offset (Z or +hh:mm)", path)
        tzinfo = datetime.UTC
    elif offset in ("Z", "z"):
        tzinfo = datetime.UTC
    else:
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        if hours > 23 or minutes > 59:
            raise XAPIValidationError(f"has an invalid time zone offset {offset!r}", path)
        if offset[0] == "-" and hours == 0 and minutes == 0:
            raise XAPIValidationError(f"must not use the offset {offset!r} (use Z or +00:00 for UTC)", path)
        delta = datetime.timedelta(hours=hours, minutes=minutes)
        tzinfo = datetime.timezone(-delta if offset[0] == "-" else delta)
    year, month, day = int(parts["year"]), int(parts["month"]), int(parts["day"])
    hour, minute = int(parts["hour"]), int(parts["minute"])
    second = int(parts["second"] or 0)
    fraction = parts["fraction"] or ""
    microsecond = int((fraction + "000000")[:6])
    extra = datetime.timedelta(0)
    if hour == 24 and minute == 0 and second == 0 and not fraction.strip("0"):
        hour, microsecond, extra = 0, 0, datetime.timedelta(days=1)  # 24:00 is the end of the day
    if second == 60:  # a leap second: keep it within the minute
        second, microsecond = 59, 999_999
    try:
        return datetime.datetime(year, month, day, hour, minute, second, microsecond, tzinfo=tzinfo) + extra
    except (ValueError, OverflowError):
        raise XAPIValidationError(f"is not a real date and time ({value!r})", path) from None


_UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_SHA1_RE = re.compile(r"[0-9a-fA-F]{40}")
_SHA2_LENGTHS = (56, 64, 96, 128)  # SHA-224, SHA-256, SHA-384, SHA-512 in hex
_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_MEDIA_TYPE_RE = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+\-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+\-]{0,126}"
    rf"(?:[ \t]*;[ \t]*{_TOKEN}=(?:{_TOKEN}|\"(?:[^\"\\\r\n]|\\.)*\"))*[ \t]*"
)
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s.][^@\s]*")
_VERSION_RE = {_V1: re.compile(r"1\.0(?:\.[0-9]+)?"), _V2: re.compile(r"(?:1|2)\.0(?:\.[0-9]+)?")}


# ---------------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------------

_IDENTIFIER_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _key_path(path: str, key: str) -> str:
    return f"{path}.{key}" if _IDENTIFIER_RE.fullmatch(key) else f"{path}[{key!r}]"


def _fail(path: str, message: str) -> NoReturn:
    raise XAPIValidationError(message, path)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float, decimal.Decimal)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _require_type(value: Any, path: str, expected: type | tuple[type, ...], description: str) -> None:
    if value is None:
        _fail(path, "must not be null")
    if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
        _fail(path, f"must be {description}, not {_type_name(value)}")


def _object(
    value: Any, path: str, allowed: frozenset[str] | set[str], required: tuple[str, ...] = (), what: str = ""
) -> dict:
    """Check that ``value`` is a JSON object with only ``allowed`` keys, no nulls, all ``required`` keys."""
    _require_type(value, path, dict, f"an object{what}")
    for key, item in value.items():
        if not isinstance(key, str) or key not in allowed:
            hint = ""
            if isinstance(key, str):
                same_but_case = [name for name in allowed if name.lower() == key.lower()]
                if same_but_case:
                    hint = f" (property names are case-sensitive: did you mean {same_but_case[0]!r}?)"
            _fail(_key_path(path, str(key)), f"is not an allowed property here{hint}")
        if item is None:
            _fail(_key_path(path, key), "must not be null")
    for key in required:
        if key not in value:
            _fail(_key_path(path, key), "is required")
    return value


def _string(value: Any, path: str) -> str:
    _require_type(value, path, str, "a string")
    return value


def _boolean(value: Any, path: str) -> None:
    if not isinstance(value, bool):
        _fail(path, f"must be a boolean (true or false), not {_type_name(value)}")


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, decimal.Decimal)):
        _fail(path, f"must be a number, not {_type_name(value)}")
    if not math.isfinite(value):
        _fail(path, "must be a finite number")
    return value


def _iri(value: Any, path: str, what: str = "an IRI") -> None:
    _string(value, path)
    if not is_iri(value):
        _fail(path, f"must be {what} with a scheme, e.g. https://example.com/..., not {value!r}")


def _uuid(value: Any, path: str) -> None:
    _string(value, path)
    if not _UUID_RE.fullmatch(value):
        _fail(path, f"must be a UUID in its standard string form, not {value!r}")


def _array(value: Any, path: str, what: str) -> list:
    _require_type(value, path, list, f"an array of {what}")
    return value


def _language_map(value: Any, path: str) -> None:
    _require_type(value, path, dict, "a language map (an object of language tag to string)")
    if not value:
        _fail(path, "a language map must have at least one entry")
    for tag, text in value.items():
        if not is_language_tag(tag):
            _fail(path, f"{tag!r} is not a valid RFC 5646 language tag")
        if text is None:
            _fail(_key_path(path, tag), "must not be null")
        if not isinstance(text, str):
            _fail(_key_path(path, tag), f"must be a string, not {_type_name(text)}")


def _extensions(value: Any, path: str) -> None:
    _require_type(value, path, dict, "an object of IRI keys to any JSON values")
    for key in value:
        if not is_iri(key):
            _fail(path, f"extension key {key!r} must be an IRI with a scheme")


def _timestamp(value: Any, path: str, major: str) -> None:
    if value is None:
        _fail(path, "must not be null")
    parse_timestamp(value, version="2.0.0" if major == _V2 else "1.0.3", path=path)


# ---------------------------------------------------------------------------------------------------------
# Agents and Groups
# ---------------------------------------------------------------------------------------------------------

_IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
_AGENT_KEYS = frozenset({"objectType", "name", *_IFIS})
_GROUP_KEYS = _AGENT_KEYS | {"member"}
_ACCOUNT_KEYS = frozenset({"homePage", "name"})


def _ifi_value(key: str, value: Any, path: str) -> None:
    if key == "mbox":
        _string(value, path)
        if not value.startswith("mailto:"):
            _fail(path, "must start with mailto:")
        if not _EMAIL_RE.fullmatch(value[len("mailto:") :]) or not is_iri(value):
            _fail(path, f"must be mailto: followed by a valid email address, not {value!r}")
    elif key == "mbox_sha1sum":
        _string(value, path)
        if not _SHA1_RE.fullmatch(value):
            _fail(path, "must be the 40-character hex SHA-1 hash of a mailto IRI")
    elif key == "openid":
        _string(value, path)
        if not value.isascii() or not is_iri(value):
            _fail(path, f"must be an absolute URI, not {value!r}")
    else:
        _object(value, path, _ACCOUNT_KEYS, ("homePage", "name"))
        _iri(value["homePage"], f"{path}.homePage", "an IRL")
        _string(value["name"], f"{path}.name")


def _ifis(value: dict, path: str) -> list[str]:
    """Validate and list the inverse functional identifiers an Agent or Group carries."""
    present = [key for key in _IFIS if key in value]
    if len(present) > 1:
        _fail(
            path,
            f"has more than one inverse functional identifier ({', '.join(present)}); only one is allowed",
        )
    for key in present:
        _ifi_value(key, value[key], f"{path}.{key}")
    return present


def _agent(value: Any, path: str) -> None:
    _object(value, path, _AGENT_KEYS, what=" (an Agent)")
    if "objectType" in value and value["objectType"] != "Agent":
        _fail(f"{path}.objectType", f"must be 'Agent', not {value['objectType']!r}")
    if "name" in value:
        _string(value["name"], f"{path}.name")
    if not _ifis(value, path):
        _fail(path, "an Agent must have exactly one of mbox, mbox_sha1sum, openid or account")


def _group(value: Any, path: str, *, require_ifi: bool = False) -> list[str]:
    _object(value, path, _GROUP_KEYS, ("objectType",), what=" (a Group)")
    if value["objectType"] != "Group":
        _fail(f"{path}.objectType", f"must be 'Group', not {value['objectType']!r}")
    if "name" in value:
        _string(value["name"], f"{path}.name")
    present = _ifis(value, path)
    if "member" in value:
        members = _array(value["member"], f"{path}.member", "Agents")
        for index, member in enumerate(members):
            member_path = f"{path}.member[{index}]"
            if isinstance(member, dict) and member.get("objectType") == "Group":
                _fail(member_path, "a Group cannot be a member of a Group; members must be Agents")
            _agent(member, member_path)
    if not present:
        if require_ifi:
            _fail(
                path,
                "must be an Agent or an identified Group (with one of mbox, mbox_sha1sum, openid, account)",
            )
        if "member" not in value:
            _fail(
                f"{path}.member",
                "is required for an anonymous Group (one without mbox, mbox_sha1sum, openid or account)",
            )
        if not value["member"]:
            _fail(f"{path}.member", "an anonymous Group must have at least one member")
    return present


def _actor(value: Any, path: str, *, allow_group: bool = True, require_ifi: bool = False) -> str:
    """An Agent (objectType optional) or, if allowed, a Group. Returns 'Agent' or 'Group'."""
    _require_type(
        value, path, dict, "an object (an Agent or Group)" if allow_group else "an object (an Agent)"
    )
    object_type = value.get("objectType")
    if object_type == "Group":
        if not allow_group:
            _fail(path, "must be an Agent, not a Group")
        _group(value, path, require_ifi=require_ifi)
        return "Group"
    if "objectType" in value and object_type != "Agent":
        if object_type is None:
            _fail(f"{path}.objectType", "must not be null")
        expected = "'Agent' or 'Group'" if allow_group else "'Agent'"
        _fail(f"{path}.objectType", f"must be {expected}, not {object_type!r}")
    if "objectType" not in value and "member" in value and allow_group:
        _fail(f"{path}.objectType", "is required for a Group (objectType 'Group')")
    _agent(value, path)
    return "Agent"


def validate_agent(
    agent: Any, *, path: str, version: str = "1.0.3", allow_group: bool = True, require_ifi: bool = False
) -> None:
    """Raise XAPIValidationError unless ``agent`` is a valid Agent or (if ``allow_group``) Group object.

    Used also for the ``agent`` query parameter and document resources. ``require_ifi`` refuses anonymous
    Groups, as the Statement Resource's ``agent`` filter ("Agent or identified Group") needs.
    """
    _major(version)
    _actor(agent, path, allow_group=allow_group, require_ifi=require_ifi)


def agent_key(agent: dict) -> str:
    """A canonical string for an Agent/identified Group's inverse functional identifier, for indexing and
    filtering: 'mbox:mailto:a@b.c', 'mbox_sha1sum:<hex lower>', 'openid:<iri>', 'account:<homePage>|<name>'.

    Expects an object that passed validation; raises XAPIValidationError if it does not carry exactly one
    inverse functional identifier (e.g. an anonymous Group).
    """
    if not isinstance(agent, dict):
        raise XAPIValidationError("must be an Agent or identified Group object", "agent")
    present = [key for key in _IFIS if agent.get(key) is not None]
    if len(present) != 1:
        raise XAPIValidationError(
            "must have exactly one of mbox, mbox_sha1sum, openid or account to be identified", "agent"
        )
    key = present[0]
    value = agent[key]
    if key == "account":
        if not isinstance(value, dict) or not isinstance(value.get("homePage"), str) or "name" not in value:
            raise XAPIValidationError("must have a homePage and a name", "agent.account")
        return f"account:{value['homePage']}|{value['name']}"
    if not isinstance(value, str):
        raise XAPIValidationError("must be a string", f"agent.{key}")
    if key == "mbox_sha1sum":
        return f"mbox_sha1sum:{value.lower()}"
    return f"{key}:{value}"


def _authority(value: Any, path: str) -> None:
    _require_type(value, path, dict, "an object (an Agent, or an anonymous Group of two Agents)")
    if value.get("objectType") != "Group":
        _actor(value, path, allow_group=False)
        return
    present = [key for key in _IFIS if key in value]
    if present:
        _fail(path, f"a Group authority must be an anonymous Group of two Agents, without {present[0]}")
    _group(value, path)
    if len(value["member"]) != 2:
        _fail(
            f"{path}.member", f"an authority Group must have exactly two Agents, not {len(value['member'])}"
        )


# ---------------------------------------------------------------------------------------------------------
# Verb, Activity, StatementRef
# ---------------------------------------------------------------------------------------------------------

_VERB_KEYS = frozenset({"id", "display"})
_ACTIVITY_KEYS = frozenset({"objectType", "id", "definition"})
_COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")
_DEFINITION_KEYS = frozenset(
    {"name", "description", "type", "moreInfo", "interactionType", "correctResponsesPattern", "extensions"}
    | set(_COMPONENT_LISTS)
)
_INTERACTION_TYPES: dict[str, tuple[str, ...]] = {
    "true-false": (),
    "choice": ("choices",),
    "fill-in": (),
    "long-fill-in": (),
    "matching": ("source", "target"),
    "performance": ("steps",),
    "sequencing": ("choices",),
    "likert": ("scale",),
    "numeric": (),
    "other": (),
}
_COMPONENT_KEYS = frozenset({"id", "description"})
_STATEMENT_REF_KEYS = frozenset({"objectType", "id"})


def _verb(value: Any, path: str) -> None:
    _object(value, path, _VERB_KEYS, ("id",), what=" (a Verb)")
    _iri(value["id"], f"{path}.id")
    if "display" in value:
        _language_map(value["display"], f"{path}.display")


def _activity(value: Any, path: str) -> None:
    _require_type(value, path, dict, "an object (an Activity)")
    if "objectType" in value and value["objectType"] != "Activity":
        _fail(f"{path}.objectType", f"must be 'Activity', not {value['objectType']!r}")
    _object(value, path, _ACTIVITY_KEYS, what=" (an Activity)")
    if "id" not in value:
        _fail(f"{path}.id", "is required")
    _iri(value["id"], f"{path}.id")
    if "definition" in value:
        _definition(value["definition"], f"{path}.definition")


def _definition(value: Any, path: str) -> None:
    _object(value, path, _DEFINITION_KEYS, what=" (an Activity Definition)")
    for key in ("name", "description"):
        if key in value:
            _language_map(value[key], f"{path}.{key}")
    if "type" in value:
        _iri(value["type"], f"{path}.type")
    if "moreInfo" in value:
        _iri(value["moreInfo"], f"{path}.moreInfo", "an IRL")
    interaction_keys = [key for key in ("correctResponsesPattern", *_COMPONENT_LISTS) if key in value]
    if "interactionType" in value:
        interaction_type = value["interactionType"]
        _string(interaction_type, f"{path}.interactionType")
        if interaction_type not in _INTERACTION_TYPES:
            allowed = ", ".join(_INTERACTION_TYPES)
            _fail(
                f"{path}.interactionType",
                f"must be one of {allowed} (exactly, case-sensitive), not {interaction_type!r}",
            )
        permitted = _INTERACTION_TYPES[interaction_type]
        for key in _COMPONENT_LISTS:
            if key in value and key not in permitted:
                lists = " and ".join(permitted) if permitted else "no component lists"
                _fail(
                    f"{path}.{key}",
                    f"is not allowed for interactionType {interaction_type!r} (it takes {lists})",
                )
    elif interaction_keys:
        _fail(f"{path}.interactionType", f"is required when {interaction_keys[0]} is given")
    if "correctResponsesPattern" in value:
        patterns = _array(value["correctResponsesPattern"], f"{path}.correctResponsesPattern", "strings")
        for index, pattern in enumerate(patterns):
            _string(pattern, f"{path}.correctResponsesPattern[{index}]")
    for key in _COMPONENT_LISTS:
        if key in value:
            _components(value[key], f"{path}.{key}")
    if "extensions" in value:
        _extensions(value["extensions"], f"{path}.extensions")


def _components(value: Any, path: str) -> None:
    components = _array(value, path, "interaction components")
    seen: set[str] = set()
    for index, component in enumerate(components):
        component_path = f"{path}[{index}]"
        _object(component, component_path, _COMPONENT_KEYS, ("id",), what=" (an interaction component)")
        _string(component["id"], f"{component_path}.id")
        if component["id"] in seen:
            _fail(
                f"{component_path}.id",
                f"duplicates the id {component['id']!r}; ids within a list must differ",
            )
        seen.add(component["id"])
        if "description" in component:
            _language_map(component["description"], f"{component_path}.description")


def _statement_ref(value: Any, path: str) -> None:
    _object(value, path, _STATEMENT_REF_KEYS, ("objectType", "id"), what=" (a StatementRef)")
    if value["objectType"] != "StatementRef":
        _fail(f"{path}.objectType", f"must be 'StatementRef', not {value['objectType']!r}")
    _uuid(value["id"], f"{path}.id")


# ---------------------------------------------------------------------------------------------------------
# Result, Context, Attachments
# ---------------------------------------------------------------------------------------------------------

_RESULT_KEYS = frozenset({"score", "success", "completion", "response", "duration", "extensions"})
_SCORE_KEYS = frozenset({"scaled", "raw", "min", "max"})
_CONTEXT_KEYS = {
    _V1: frozenset(
        {"registration", "instructor", "team", "contextActivities", "revision", "platform", "language"}
        | {"statement", "extensions"}
    ),
}
_CONTEXT_KEYS[_V2] = _CONTEXT_KEYS[_V1] | {"contextAgents", "contextGroups"}
_CONTEXT_ACTIVITY_KEYS = frozenset({"parent", "grouping", "category", "other"})
_CONTEXT_AGENT_KEYS = frozenset({"objectType", "agent", "relevantTypes"})
_CONTEXT_GROUP_KEYS = frozenset({"objectType", "group", "relevantTypes"})
_ATTACHMENT_KEYS = frozenset(
    {"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"}
)


def _result(value: Any, path: str) -> None:
    _object(value, path, _RESULT_KEYS, what=" (a Result)")
    if "score" in value:
        _score(value["score"], f"{path}.score")
    for key in ("success", "completion"):
        if key in value:
            _boolean(value[key], f"{path}.{key}")
    if "response" in value:
        _string(value["response"], f"{path}.response")
    if "duration" in value:
        _string(value["duration"], f"{path}.duration")
        if not is_duration(value["duration"]):
            _fail(
                f"{path}.duration",
                f"must be an ISO 8601 duration such as PT1H30M5.5S, not {value['duration']!r}",
            )
    if "extensions" in value:
        _extensions(value["extensions"], f"{path}.extensions")


def _score(value: Any, path: str) -> None:
    _object(value, path, _SCORE_KEYS, what=" (a Score)")
    numbers = {
        key: _number(value[key], f"{path}.{key}") for key in ("scaled", "raw", "min", "max") if key in value
    }
    if "scaled" in numbers and not -1 <= numbers["scaled"] <= 1:
        _fail(f"{path}.scaled", f"must be between -1 and 1 inclusive, not {numbers['scaled']}")
    if "min" in numbers and "max" in numbers and not numbers["min"] < numbers["max"]:
        _fail(f"{path}.min", f"must be less than max ({numbers['max']}), not {numbers['min']}")
    if "raw" in numbers:
        if "min" in numbers and numbers["raw"] < numbers["min"]:
            _fail(f"{path}.raw", f"must not be less than min ({numbers['min']}), not {numbers['raw']}")
        if "max" in numbers and numbers["raw"] > numbers["max"]:
            _fail(f"{path}.raw", f"must not be greater than max ({numbers['max']}), not {numbers['raw']}")


def _context(value: Any, path: str, major: str, object_type: str) -> None:
    _object(value, path, _CONTEXT_KEYS[major], what=" (a Context)")
    if "registration" in value:
        _uuid(value["registration"], f"{path}.registration")
    if "instructor" in value:
        _actor(value["instructor"], f"{path}.instructor")
    if "team" in value:
        team = value["team"]
        _require_type(team, f"{path}.team", dict, "a Group")
        if team.get("objectType") != "Group":
            _fail(f"{path}.team", "must be a Group (objectType 'Group')")
        _group(team, f"{path}.team")
    if "contextActivities" in value:
        _context_activities(value["contextActivities"], f"{path}.contextActivities")
    if "contextAgents" in value:
        _context_agents(value["contextAgents"], f"{path}.contextAgents")
    if "contextGroups" in value:
        _context_groups(value["contextGroups"], f"{path}.contextGroups")
    for key in ("revision", "platform"):
        if key in value:
            _string(value[key], f"{path}.{key}")
            if object_type != "Activity":
                _fail(
                    f"{path}.{key}", f"is only allowed when the object is an Activity (here: a {object_type})"
                )
    if "language" in value:
        _string(value["language"], f"{path}.language")
        if not is_language_tag(value["language"]):
            _fail(f"{path}.language", f"must be an RFC 5646 language tag, not {value['language']!r}")
    if "statement" in value:
        _statement_ref(value["statement"], f"{path}.statement")
    if "extensions" in value:
        _extensions(value["extensions"], f"{path}.extensions")


def _context_activities(value: Any, path: str) -> None:
    _object(value, path, _CONTEXT_ACTIVITY_KEYS, what=" (of parent, grouping, category and/or other)")
    if not value:
        _fail(path, "must have at least one of parent, grouping, category or other")
    for key, activities in value.items():
        key_path = f"{path}.{key}"
        if isinstance(activities, dict):
            _activity(activities, key_path)
        elif isinstance(activities, list):
            for index, activity in enumerate(activities):
                _activity(activity, f"{key_path}[{index}]")
        else:
            _fail(key_path, f"must be an Activity or an array of Activities, not {_type_name(activities)}")


def _relevant_types(value: dict, path: str) -> None:
    if "relevantTypes" in value:
        types = _array(value["relevantTypes"], f"{path}.relevantTypes", "IRIs")
        if not types:
            _fail(f"{path}.relevantTypes", "must have at least one IRI when given")
        for index, iri in enumerate(types):
            _iri(iri, f"{path}.relevantTypes[{index}]")


def _context_agents(value: Any, path: str) -> None:
    for index, item in enumerate(_array(value, path, "contextAgent objects")):
        item_path = f"{path}[{index}]"
        _object(item, item_path, _CONTEXT_AGENT_KEYS, ("objectType", "agent"), what=" (a contextAgent)")
        if item["objectType"] != "contextAgent":
            _fail(f"{item_path}.objectType", f"must be 'contextAgent', not {item['objectType']!r}")
        _actor(item["agent"], f"{item_path}.agent", allow_group=False)
        _relevant_types(item, item_path)


def _context_groups(value: Any, path: str) -> None:
    for index, item in enumerate(_array(value, path, "contextGroup objects")):
        item_path = f"{path}[{index}]"
        _object(item, item_path, _CONTEXT_GROUP_KEYS, ("objectType", "group"), what=" (a contextGroup)")
        if item["objectType"] != "contextGroup":
            _fail(f"{item_path}.objectType", f"must be 'contextGroup', not {item['objectType']!r}")
        group = item["group"]
        _require_type(group, f"{item_path}.group", dict, "a Group")
        if group.get("objectType") != "Group":
            _fail(f"{item_path}.group", "must be a Group (objectType 'Group')")
        _group(group, f"{item_path}.group")
        _relevant_types(item, item_path)


def _attachments(value: Any, path: str) -> None:
    for index, attachment in enumerate(_array(value, path, "Attachment objects")):
        item_path = f"{path}[{index}]"
        required = ("usageType", "display", "contentType", "length", "sha2")
        _object(attachment, item_path, _ATTACHMENT_KEYS, required, what=" (an Attachment)")
        _iri(attachment["usageType"], f"{item_path}.usageType")
        _language_map(attachment["display"], f"{item_path}.display")
        if "description" in attachment:
            _language_map(attachment["description"], f"{item_path}.description")
        content_type = _string(attachment["contentType"], f"{item_path}.contentType")
        if not _MEDIA_TYPE_RE.fullmatch(content_type):
            _fail(
                f"{item_path}.contentType",
                f"must be an Internet media type such as text/plain, not {content_type!r}",
            )
        length = attachment["length"]
        if isinstance(length, bool) or not isinstance(length, int):
            _fail(f"{item_path}.length", f"must be an integer, not {_type_name(length)}")
        if length < 0:
            _fail(f"{item_path}.length", "must not be negative")
        sha2 = _string(attachment["sha2"], f"{item_path}.sha2")
        if len(sha2) not in _SHA2_LENGTHS or any(char not in _HEX for char in sha2):
            _fail(
                f"{item_path}.sha2",
                "must be the hex-encoded SHA-2 hash (224, 256, 384 or 512 bits) of the data",
            )
        if "fileUrl" in attachment:
            _iri(attachment["fileUrl"], f"{item_path}.fileUrl", "an IRL")
        if attachment["usageType"] == SIGNATURE_USAGE_TYPE and content_type != "application/octet-stream":
            _fail(f"{item_path}.contentType", "must be application/octet-stream for a signature attachment")


# ---------------------------------------------------------------------------------------------------------
# Statement and SubStatement
# ---------------------------------------------------------------------------------------------------------

_STATEMENT_KEYS = frozenset(
    {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version"}
    | {"attachments"}
)
_SUBSTATEMENT_KEYS = frozenset(
    {"objectType", "actor", "verb", "object", "result", "context", "timestamp"} | {"attachments"}
)
_NOT_IN_SUBSTATEMENT = ("id", "stored", "version", "authority")
_OBJECT_TYPES = ("Activity", "Agent", "Group", "StatementRef", "SubStatement")


def _object_property(value: Any, path: str, major: str, *, in_substatement: bool) -> str:
    """Validate a statement's ``object``; return its kind ('Activity', 'Agent', ..., 'SubStatement')."""
    _require_type(value, path, dict, "an object (an Activity, Agent, Group, StatementRef or SubStatement)")
    if "objectType" not in value:
        if "id" not in value and any(key in value for key in (*_IFIS, "member")):
            _fail(f"{path}.objectType", "is required when the object is an Agent or Group")
        _activity(value, path)
        return "Activity"
    object_type = value["objectType"]
    if object_type is None:
        _fail(f"{path}.objectType", "must not be null")
    if object_type not in _OBJECT_TYPES:
        allowed = ", ".join(repr(name) for name in _OBJECT_TYPES)
        _fail(f"{path}.objectType", f"must be one of {allowed} (case-sensitive), not {object_type!r}")
    if object_type == "Activity":
        _activity(value, path)
    elif object_type == "Agent":
        _agent(value, path)
    elif object_type == "Group":
        _group(value, path)
    elif object_type == "StatementRef":
        _statement_ref(value, path)
    elif in_substatement:
        _fail(f"{path}.objectType", "a SubStatement cannot have a SubStatement as its object")
    else:
        _statement(value, path, major, substatement=True)
    return object_type


def _statement(value: Any, path: str, major: str, *, substatement: bool) -> None:
    if substatement:
        _require_type(value, path, dict, "an object (a SubStatement)")
        for key in _NOT_IN_SUBSTATEMENT:
            if key in value:
                _fail(_key_path(path, key), "is not allowed in a SubStatement")
        _object(
            value,
            path,
            _SUBSTATEMENT_KEYS,
            ("objectType", "actor", "verb", "object"),
            what=" (a SubStatement)",
        )
    else:
        _object(value, path, _STATEMENT_KEYS, ("actor", "verb", "object"), what=" (a Statement)")
        if "id" in value:
            _uuid(value["id"], f"{path}.id")
    _actor(value["actor"], f"{path}.actor")
    _verb(value["verb"], f"{path}.verb")
    object_type = _object_property(value["object"], f"{path}.object", major, in_substatement=substatement)
    if not substatement and value["verb"]["id"] == VOIDED_VERB and object_type != "StatementRef":
        _fail(f"{path}.object", "a voiding statement (verb voided) must have a StatementRef as its object")
    if "result" in value:
        _result(value["result"], f"{path}.result")
    if "context" in value:
        _context(value["context"], f"{path}.context", major, object_type)
    if "timestamp" in value:
        _timestamp(value["timestamp"], f"{path}.timestamp", major)
    if not substatement:
        if "stored" in value:
            _timestamp(value["stored"], f"{path}.stored", major)
        if "authority" in value:
            _authority(value["authority"], f"{path}.authority")
        if "version" in value:
            version = _string(value["version"], f"{path}.version")
            if not _VERSION_RE[major].fullmatch(version):
                expected = "1.0 or 1.0.x" if major == _V1 else "2.0, 2.0.x, 1.0 or 1.0.x"
                _fail(f"{path}.version", f"must be {expected}, not {version!r}")
    if "attachments" in value:
        _attachments(value["attachments"], f"{path}.attachments")


def validate_statement(statement: Any, *, version: str = "1.0.3", path: str = "statement") -> None:
    """Raise XAPIValidationError if `statement` (already-parsed JSON: dict) is not a valid statement for
    that version. Accepts statements as a client may send them (id, timestamp, stored, authority, version
    optional)."""
    _statement(statement, path, _major(version), substatement=False)
