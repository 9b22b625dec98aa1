"""Credential dates: XML Schema dateTime values written in UTC and read strictly."""

from __future__ import annotations

import datetime
import re

from .exceptions import CredentialError

# XML Schema 1.1 dateTimeStamp, as VC Data Model 2.0 requires for validFrom and validUntil (a zone is
# needed: a credential read in another country must mean the same instant).
_DATETIME = re.compile(
    r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$",
)


def xsd_datetime(value: datetime.datetime | datetime.date, *, end_of_day: bool = False) -> str:
    """A dateTime in UTC with a Z; a plain date is its first second, or its last with end_of_day."""
    if not isinstance(value, datetime.datetime):
        moment = datetime.time(23, 59, 59) if end_of_day else datetime.time()
        value = datetime.datetime.combine(value, moment, tzinfo=datetime.UTC)
    if value.tzinfo is None:
        raise CredentialError("Credential dates must carry a time zone.")
    return value.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_xsd_datetime(text: object, what: str) -> datetime.datetime:
    """The instant an XML Schema dateTime names, refusing anything looser (no zone, no time)."""
    if not isinstance(text, str) or not _DATETIME.match(text):
        raise CredentialError(f"{what} is not a date and time with a time zone, like 2025-04-01T09:00:00Z.")
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise CredentialError(f"{what} is not a real date ({text}).") from error
