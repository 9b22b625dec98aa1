"""How the academy's own apps record learning: one service, strict typed statements, no emails.

Every other app calls `record_statement` inside its own database transaction, so a learning
event and its statement are written together or not at all.
"""

from __future__ import annotations

import datetime
import enum
import uuid

from django.conf import settings
from pydantic import BaseModel, ConfigDict, Field

from .services import store_statements


class Verb(enum.StrEnum):
    """The verbs the academy records, pinned to their IRIs."""

    REGISTERED = "http://adlnet.gov/expapi/verbs/registered"
    LAUNCHED = "http://adlnet.gov/expapi/verbs/launched"
    PROGRESSED = "http://adlnet.gov/expapi/verbs/progressed"
    COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
    PASSED = "http://adlnet.gov/expapi/verbs/passed"
    FAILED = "http://adlnet.gov/expapi/verbs/failed"
    ATTENDED = "http://adlnet.gov/expapi/verbs/attended"
    SCORED = "http://adlnet.gov/expapi/verbs/scored"
    EARNED = "http://id.tincanapi.com/verb/earned"
    VOIDED = "http://adlnet.gov/expapi/verbs/voided"

    @property
    def display(self) -> str:
        return self.name.lower()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Activity(_Strict):
    """Something the academy offers, named by a stable path under SITE_URL, e.g. 'courses/12'."""

    path: str = Field(pattern=r"^[a-z0-9][a-z0-9/_-]*$")
    name: str = Field(min_length=1, max_length=500)
    type: str | None = None

    @property
    def iri(self) -> str:
        return f"{settings.SITE_URL}/xapi/activities/{self.path}"


class Score(_Strict):
    scaled: float | None = Field(default=None, ge=-1, le=1)
    raw: float | None = None
    min: float | None = None
    max: float | None = None


class Result(_Strict):
    success: bool | None = None
    completion: bool | None = None
    score: Score | None = None
    duration: datetime.timedelta | None = None
    response: str | None = None


def actor_for_person(person) -> dict:
    """The academy's identifier for a person in learning records: their public id, never their email."""
    return {"objectType": "Agent", "account": {"homePage": settings.SITE_URL, "name": str(person.public_id)}}


def academy_authority() -> dict:
    return {
        "objectType": "Agent",
        "name": "Social Care Academy",
        "account": {"homePage": settings.SITE_URL, "name": "academy"},
    }


def _duration(value: datetime.timedelta) -> str:
    seconds = value.total_seconds()
    return f"PT{seconds:.2f}S".replace(".00S", "S")


def record_statement(
    *,
    person,
    verb: Verb,
    activity: Activity,
    result: Result | None = None,
    registration: uuid.UUID | None = None,
    parent: Activity | None = None,
    timestamp: datetime.datetime | None = None,
) -> str:
    """Record one learning event about `person` and return the statement id."""
    statement: dict = {
        "actor": actor_for_person(person),
        "verb": {"id": str(verb), "display": {"en-GB": verb.display}},
        "object": {
            "objectType": "Activity",
            "id": activity.iri,
            "definition": {
                "name": {"en-GB": activity.name},
                **({"type": activity.type} if activity.type else {}),
            },
        },
    }
    if result is not None:
        data = result.model_dump(exclude_none=True)
        if "duration" in data:
            data["duration"] = _duration(result.duration)
        statement["result"] = data
    context: dict = {"platform": "Social Care Academy", "language": "en-GB"}
    if registration is not None:
        context["registration"] = str(registration)
    if parent is not None:
        context["contextActivities"] = {"parent": [{"id": parent.iri, "objectType": "Activity"}]}
    statement["context"] = context
    if timestamp is not None:
        statement["timestamp"] = timestamp.isoformat()
    stored = store_statements([statement], version="1.0.3", authority=academy_authority())
    return stored.ids[0]


def void_statement(*, statement_id: str, person) -> str:
    """Void one of the academy's statements about `person` (a sign-off withdrawn, say); returns the
    voiding statement's id. The voided statement stays stored, marked voided, as xAPI requires."""
    statement = {
        "actor": actor_for_person(person),
        "verb": {"id": str(Verb.VOIDED), "display": {"en-GB": Verb.VOIDED.display}},
        "object": {"objectType": "StatementRef", "id": str(statement_id)},
    }
    stored = store_statements([statement], version="1.0.3", authority=academy_authority())
    return stored.ids[0]


def completion_statement_ids(*, registration: uuid.UUID, activity: Activity) -> list[str]:
    """The academy's live (not voided) `completed` statements of an activity within one registration."""
    from .models import Statement

    rows = Statement.objects.filter(
        registration=registration, verb_id=str(Verb.COMPLETED), object_key=activity.iri, voided=False
    )
    return [str(statement_id) for statement_id in rows.values_list("statement_id", flat=True)]
