"""xAPI documents (State, Activity Profile, Agent Profile) and the Activities and Agents resources.

The rules follow the Communication part of xAPI 1.0.3 (sections 2.2-2.7 and 3.1) and IEEE 9274.1.1 (xAPI
2.0), as the ADL LRS conformance suite checks them:

* a document is arbitrary bytes stored with the Content-Type it was sent with and returned as sent;
* its ETag is the quoted lowercase SHA-1 of those bytes, its Last-Modified when it was last written;
* POST to an existing document merges top-level properties when both documents are JSON objects sent as
  ``application/json``, and is refused (400) otherwise; POST to a new document stores it as PUT would;
* ``If-Match`` (a listed ETag or ``*``) and ``If-None-Match`` (``*`` or listed ETags) are honoured on PUT,
  POST and DELETE, failing with 412 and changing nothing;
* a PUT to an Activity or Agent Profile must carry one of those headers: without either, 409 when the
  document exists and 400 when it does not. The State Resource "will permit PUT, POST and DELETE requests
  without concurrency headers" (1.0.3 and 2.0 section 3.1 alike), so State PUT overwrites. The one
  exception: in 1.0.3 a bare PUT may create an Activity Profile. 1.0.3 only requires the 409, and the
  ADL suite's 1.0.3 Activity Profile tests create documents that way while its Agent Profile tests
  expect the 400;
* a POST needs a body (there is nothing to merge or store without one).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from .services import StatementError

JSON_TYPE = "application/json"
DEFAULT_CONTENT_TYPE = "application/octet-stream"
_IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
_LANGUAGE_MAPS = ("name", "description")
_PERSON_NAMES_SCANNED = 100  # how many of an agent's latest statements to take names from


class Document(models.Model):
    """One stored document of one of the three document resources.

    Which columns identify a document depends on its kind: a state document by activity, agent,
    registration (optional) and stateId; an activity profile by activity and profileId; an agent profile
    by agent and profileId. The identifying columns can be long IRIs, so uniqueness and look-ups go
    through fixed-size hashes of them: `key_hash` over all of them, `scope_hash` over the ones a list or
    multi-delete names (everything but registration and the document id).
    """

    class Kind(models.TextChoices):
        STATE = "state", "State"
        ACTIVITY_PROFILE = "activity_profile", "Activity profile"
        AGENT_PROFILE = "agent_profile", "Agent profile"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    activity_id = models.CharField(max_length=2048, blank=True)
    agent_key = models.CharField(
        max_length=2048, blank=True, help_text="The agent's inverse functional identifier, as lrs agent_key."
    )
    registration = models.UUIDField(null=True, blank=True)
    document_id = models.CharField(max_length=2048, help_text="The stateId or profileId.")
    scope_hash = models.CharField(max_length=64, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    content = models.BinaryField()
    content_type = models.CharField(max_length=255, default=DEFAULT_CONTENT_TYPE)
    etag = models.CharField(max_length=40, help_text="SHA-1 of the content, lowercase hex.")
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key_hash"], name="lrs_document_unique_per_kind"),
            models.CheckConstraint(
                name="lrs_document_columns_per_kind",
                condition=(
                    Q(kind="state") & ~Q(activity_id="") & ~Q(agent_key="")
                    | Q(kind="activity_profile", agent_key="", registration__isnull=True) & ~Q(activity_id="")
                    | Q(kind="agent_profile", activity_id="", registration__isnull=True) & ~Q(agent_key="")
                ),
            ),
        ]
        indexes = [models.Index(fields=["kind", "scope_hash", "updated"], name="lrs_document_scope")]

    def __str__(self):
        return f"{self.kind} {self.document_id}"

    @property
    def quoted_etag(self) -> str:
        return f'"{self.etag}"'

    @property
    def is_json(self) -> bool:
        return media_type(self.content_type) == JSON_TYPE


# ---------------------------------------------------------------------------------------------------------
# Identity
# ---------------------------------------------------------------------------------------------------------


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class Scope:
    """What a multiple-document GET or DELETE names: the kind and its activity and/or agent."""

    kind: str
    activity_id: str = ""
    agent_key: str = ""
    registration: uuid.UUID | None = None  # state only; None means any registration

    @property
    def scope_hash(self) -> str:
        return _hash(self.kind, self.activity_id, self.agent_key)

    def queryset(self):
        qs = Document.objects.filter(
            kind=self.kind,
            scope_hash=self.scope_hash,
            activity_id=self.activity_id,
            agent_key=self.agent_key,
        )
        if self.registration is not None:
            qs = qs.filter(registration=self.registration)
        return qs


@dataclass(frozen=True)
class DocumentKey:
    """One document: its scope, the registration (state only) and its stateId or profileId."""

    scope: Scope
    document_id: str

    @property
    def key_hash(self) -> str:
        registration = str(self.scope.registration) if self.scope.registration else ""
        return _hash(
            self.scope.kind, self.scope.activity_id, self.scope.agent_key, registration, self.document_id
        )

    def queryset(self):
        scope = self.scope
        return Document.objects.filter(
            kind=scope.kind,
            key_hash=self.key_hash,
            activity_id=scope.activity_id,
            agent_key=scope.agent_key,
            registration=scope.registration,
            document_id=self.document_id,
        )


def state_key(activity_id: str, agent_key: str, state_id: str, registration: uuid.UUID | None = None):
    return DocumentKey(Scope(Document.Kind.STATE, activity_id, agent_key, registration), state_id)


def check_launch_scope(credential, *, agent: dict | None = None, activity_id: str | None = None) -> None:
    """A learner's launch credential reaches only its own learner's documents and its own activity's (403)."""
    if credential is None or not credential.is_launch:
        return
    from .recording import actor_for_person
    from .xapi.validation import agent_key

    if agent is not None and agent_key(agent) != agent_key(actor_for_person(credential.person)):
        raise StatementError("This launch credential may only reach its own learner's documents", 403)
    if activity_id is not None and credential.activity_id and activity_id != credential.activity_id:
        raise StatementError("This launch credential may only reach its own activity's documents", 403)


# ---------------------------------------------------------------------------------------------------------
# Content and concurrency rules
# ---------------------------------------------------------------------------------------------------------


def media_type(content_type: str | None) -> str:
    """'application/json' for 'Application/JSON; charset=utf-8'."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def sha1(content: bytes) -> str:
    return hashlib.sha1(content).hexdigest()


@dataclass(frozen=True)
class Incoming:
    """A document as a request sends it, with the concurrency headers that came with it."""

    content: bytes
    content_type: str
    if_match: str | None = None
    if_none_match: str | None = None

    @property
    def is_json(self) -> bool:
        return media_type(self.content_type) == JSON_TYPE


def _etags(header: str) -> list[str]:
    """The entity tags a conditional header lists, unquoted. Weak tags never match (strong comparison)."""
    tags = []
    for raw in header.split(","):
        tag = raw.strip()
        if not tag or tag.startswith("W/"):
            continue
        if len(tag) >= 2 and tag[0] == tag[-1] == '"':
            tag = tag[1:-1]
        tags.append(tag.lower())
    return tags


def check_preconditions(current: Document | None, if_match: str | None, if_none_match: str | None) -> None:
    """RFC 7232 If-Match / If-None-Match against the current document (None when there is none): 412 if
    they fail."""
    if if_match is not None:
        tags = _etags(if_match)
        if current is None:
            raise StatementError("If-Match was given but there is no such document", 412)
        if if_match.strip() != "*" and current.etag not in tags:
            raise StatementError(
                "If-Match does not match the document's current ETag: it has changed since you read it", 412
            )
    if if_none_match is not None and current is not None:
        if if_none_match.strip() == "*" or current.etag in _etags(if_none_match):
            raise StatementError("If-None-Match: the document already exists", 412)


def _check_put_headers(
    kind: str, current: Document | None, incoming: Incoming, *, bare_create: bool = False
) -> None:
    if kind == Document.Kind.STATE or incoming.if_match is not None or incoming.if_none_match is not None:
        return
    if current is None and bare_create:
        return
    if current is not None:
        raise StatementError(
            "The document already exists and this PUT has neither If-Match nor If-None-Match. "
            "Check the current state of the document (GET it) and send If-Match with its ETag.",
            409,
        )
    raise StatementError(
        "A PUT to a profile document needs an If-Match header (the ETag of the document you read) "
        "or If-None-Match: * (to create it only if it does not exist)"
    )


def _parse_json(content: bytes, what: str):
    try:
        return json.loads(content)
    except ValueError:
        raise StatementError(f"{what} is sent as application/json but is not valid JSON") from None


def _check_json(incoming: Incoming) -> None:
    if incoming.is_json:
        _parse_json(incoming.content, "The document")


def merged_content(current: Document, incoming: Incoming) -> bytes:
    """The stored document with the posted object's top-level properties set on it (xAPI 2.2.s7)."""
    if not incoming.is_json:
        raise StatementError(
            "The document exists, so POST merges: send a JSON object as application/json "
            f"(not {media_type(incoming.content_type) or 'no content type'}), or PUT to replace it"
        )
    posted = _parse_json(incoming.content, "The document")
    if not isinstance(posted, dict):
        raise StatementError("POST merges JSON objects; the posted document is not a JSON object")
    if not current.is_json:
        raise StatementError(
            f"The stored document is {media_type(current.content_type)}, not application/json, so it "
            "cannot be merged; PUT to replace it"
        )
    try:
        stored = json.loads(bytes(current.content))
    except ValueError:
        stored = None
    if not isinstance(stored, dict):
        raise StatementError(
            "The stored document is not a JSON object, so it cannot be merged; PUT to replace it"
        )
    stored.update(posted)
    return json.dumps(stored, ensure_ascii=False, separators=(",", ":")).encode()


# ---------------------------------------------------------------------------------------------------------
# Services: writing documents
# ---------------------------------------------------------------------------------------------------------


def _locked(key: DocumentKey) -> Document | None:
    return key.queryset().select_for_update().first()


def _write(key: DocumentKey, current: Document | None, content: bytes, content_type: str) -> Document:
    now = timezone.now()
    if current is None:
        scope = key.scope
        return Document.objects.create(
            kind=scope.kind,
            activity_id=scope.activity_id,
            agent_key=scope.agent_key,
            registration=scope.registration,
            document_id=key.document_id,
            scope_hash=scope.scope_hash,
            key_hash=key.key_hash,
            content=content,
            content_type=content_type or DEFAULT_CONTENT_TYPE,
            etag=sha1(content),
            updated=now,
        )
    current.content = content
    current.content_type = content_type or DEFAULT_CONTENT_TYPE
    current.etag = sha1(content)
    current.updated = max(now, current.updated + datetime.timedelta(microseconds=1))
    current.save(update_fields=["content", "content_type", "etag", "updated"])
    return current


def _retrying(write):
    """Run `write` in a transaction; once more if a concurrent request created the document first."""
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return write()
        except IntegrityError:
            if attempt == 2:
                raise StatementError("The document was written concurrently; try again", 409) from None
    raise AssertionError("unreachable")


def document_put(key: DocumentKey, incoming: Incoming, *, version: str = "2.0.0") -> Document:
    """Store the document, replacing any existing one (PUT)."""
    _check_json(incoming)
    bare_create = version.startswith("1.") and key.scope.kind == Document.Kind.ACTIVITY_PROFILE

    def write():
        current = _locked(key)
        check_preconditions(current, incoming.if_match, incoming.if_none_match)
        _check_put_headers(key.scope.kind, current, incoming, bare_create=bare_create)
        return _write(key, current, incoming.content, incoming.content_type)

    return _retrying(write)


def document_post(key: DocumentKey, incoming: Incoming) -> Document:
    """Merge into the existing document, or store a new one as PUT would (POST)."""
    if not incoming.content:
        raise StatementError("A POST needs a body: the JSON object to merge, or the document to store")
    _check_json(incoming)

    def write():
        current = _locked(key)
        check_preconditions(current, incoming.if_match, incoming.if_none_match)
        if current is None:
            return _write(key, None, incoming.content, incoming.content_type)
        return _write(key, current, merged_content(current, incoming), JSON_TYPE)

    return _retrying(write)


def document_delete(
    key: DocumentKey, *, if_match: str | None = None, if_none_match: str | None = None
) -> None:
    """Delete one document; deleting one that does not exist is not an error (unless If-Match says so)."""
    with transaction.atomic():
        current = _locked(key)
        check_preconditions(current, if_match, if_none_match)
        if current is not None:
            current.delete()


def documents_delete(scope: Scope) -> int:
    """Delete every document in a scope (the State Resource's multiple-document DELETE)."""
    deleted, _ = scope.queryset().delete()
    return deleted


# ---------------------------------------------------------------------------------------------------------
# Selectors: reading documents
# ---------------------------------------------------------------------------------------------------------


def document_get(key: DocumentKey) -> Document | None:
    return key.queryset().first()


def document_ids(
    scope: Scope, *, since: datetime.datetime | None = None
) -> tuple[list[str], datetime.datetime | None]:
    """The ids of the documents in a scope, stored or updated after `since` (exclusive), and when the
    latest of them was last modified (None if there are none)."""
    qs = scope.queryset()
    if since is not None:
        qs = qs.filter(updated__gt=since)
    ids = list(qs.order_by("updated", "id").values_list("document_id", flat=True))
    last = qs.aggregate(last=Max("updated"))["last"] if ids else None
    return ids, last


# ---------------------------------------------------------------------------------------------------------
# The Activities resource: the fullest definition seen in statements
# ---------------------------------------------------------------------------------------------------------


def _activities_of(statement: dict) -> Iterator[dict]:
    obj = statement.get("object")
    if isinstance(obj, dict) and obj.get("objectType", "Activity") == "Activity":
        yield obj
    context = statement.get("context")
    context_activities = context.get("contextActivities") if isinstance(context, dict) else None
    if isinstance(context_activities, dict):
        for value in context_activities.values():
            for activity in value if isinstance(value, list) else [value]:
                if isinstance(activity, dict):
                    yield activity


def _activities_in(statement: dict) -> Iterator[dict]:
    """Every Activity object a statement holds: its object and context activities, and a sub-statement's."""
    yield from _activities_of(statement)
    obj = statement.get("object")
    if isinstance(obj, dict) and obj.get("objectType") == "SubStatement":
        yield from _activities_of(obj)


def merge_definitions(definitions: Iterable[dict]) -> dict:
    """One definition from several, oldest first: language maps (name, description) and extensions are
    combined key by key with the newest value winning; every other property takes its newest value."""
    merged: dict = {}
    for definition in definitions:
        for name, value in definition.items():
            if (name in _LANGUAGE_MAPS or name == "extensions") and isinstance(value, dict):
                combined = dict(merged.get(name) or {})
                combined.update(value)
                merged[name] = combined
            else:
                merged[name] = value
    return merged


def activity_object(activity_id: str) -> dict:
    """The Activity object for an id, with the fullest definition the statements stored so far give it.

    An activity the LRS has never seen is still returned, with just its id (xAPI 2.0 4.1.6.4).
    """
    from .models import Statement, StatementActivity

    mentioning = StatementActivity.objects.filter(activity_id=activity_id).values("statement_id")
    rows = (
        Statement.objects.filter(seq__in=mentioning).order_by("seq").values_list("data", flat=True).iterator()
    )
    definitions = (
        activity["definition"]
        for data in rows
        for activity in _activities_in(data)
        if activity.get("id") == activity_id and isinstance(activity.get("definition"), dict)
    )
    activity = {"objectType": "Activity", "id": activity_id}
    definition = merge_definitions(definitions)
    if definition:
        activity["definition"] = definition
    return activity


# ---------------------------------------------------------------------------------------------------------
# The Agents resource: a Person object
# ---------------------------------------------------------------------------------------------------------


def person_object(agent: dict) -> dict:
    """The Person object for an Agent: its identifier, and every name it has been given (in the request
    and as the actor of its latest statements), each property as an array."""
    from .models import Statement
    from .xapi.validation import agent_key

    names: list[str] = []
    if isinstance(agent.get("name"), str):
        names.append(agent["name"])
    recent = (
        Statement.objects.filter(actor_key=agent_key(agent))
        .order_by("-seq")
        .values_list("data__actor__name", flat=True)[:_PERSON_NAMES_SCANNED]
    )
    for name in recent:
        if isinstance(name, str) and name not in names:
            names.append(name)
    person: dict = {"objectType": "Person"}
    if names:
        person["name"] = names
    for ifi in _IFIS:
        if ifi in agent:
            person[ifi] = [agent[ifi]]
    return person
