"""Statements that mean progress: other apps register for the activities they own.

The LRS never imports the apps that own activities (the LMS, events). An app registers a handler
for its activity IRIs in its AppConfig.ready(); when a statement from outside (e-learning content)
completes, passes or fails one of them, the handler runs in the same transaction as the store.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

log = logging.getLogger(__name__)

PROGRESS_VERBS = frozenset(
    {
        "http://adlnet.gov/expapi/verbs/completed",
        "http://adlnet.gov/expapi/verbs/passed",
        "http://adlnet.gov/expapi/verbs/failed",
        "http://adlnet.gov/expapi/verbs/progressed",
    }
)


@dataclass(frozen=True)
class ProgressEvent:
    """What a handler is told: who, which activity, which verb, and the statement itself."""

    person: object
    activity_id: str
    verb_id: str
    statement: dict


Handler = Callable[[ProgressEvent], None]
_handlers: list[tuple[str, Handler]] = []


def register(activity_prefix: str, handler: Handler) -> None:
    """Call `handler` for progress statements about activities whose IRI starts with the prefix."""
    if (activity_prefix, handler) not in _handlers:
        _handlers.append((activity_prefix, handler))


def unregister(activity_prefix: str, handler: Handler) -> None:
    if (activity_prefix, handler) in _handlers:
        _handlers.remove((activity_prefix, handler))


def person_for_actor(actor: dict):
    """The academy's person a statement's actor names, if any: by public id, or by email address."""
    User = get_user_model()
    account = actor.get("account") or {}
    if account.get("homePage") == settings.SITE_URL:
        try:
            public_id = uuid.UUID(account.get("name", ""))
        except ValueError:
            return None
        return User.objects.filter(public_id=public_id).first()
    mbox = actor.get("mbox", "")
    if mbox.startswith("mailto:"):
        return User.objects.filter(email=mbox.removeprefix("mailto:").lower()).first()
    return None


def _people_for_actors(actors: list[dict]) -> list:
    """person_for_actor for many actors, in at most two queries (by public id, by email)."""
    User = get_user_model()
    public_ids, emails, keys = set(), set(), []
    for actor in actors:
        account = actor.get("account") or {}
        key = None
        if account.get("homePage") == settings.SITE_URL:
            try:
                key = ("public_id", uuid.UUID(account.get("name", "")))
            except ValueError:
                key = None
        elif actor.get("mbox", "").startswith("mailto:"):
            key = ("email", actor["mbox"].removeprefix("mailto:").lower())
        if key is not None:
            (public_ids if key[0] == "public_id" else emails).add(key[1])
        keys.append(key)
    found = {}
    if public_ids:
        found.update((("public_id", u.public_id), u) for u in User.objects.filter(public_id__in=public_ids))
    if emails:
        found.update((("email", u.email), u) for u in User.objects.filter(email__in=emails))
    return [found.get(key) if key else None for key in keys]


def dispatch(statements: list[dict]) -> int:
    """Tell the owning apps about progress statements; returns how many handlers ran."""
    if not _handlers:
        return 0
    candidates = []
    for statement in statements:
        if statement["verb"]["id"] not in PROGRESS_VERBS:
            continue
        obj = statement["object"]
        if obj.get("objectType", "Activity") != "Activity":
            continue
        matching = [h for prefix, h in _handlers if obj["id"].startswith(prefix)]
        if matching:
            candidates.append((statement, obj, matching))
    people = _people_for_actors([statement["actor"] for statement, _, _ in candidates])
    ran = 0
    for (statement, obj, matching), person in zip(candidates, people, strict=True):
        if person is None:
            continue
        event = ProgressEvent(
            person=person, activity_id=obj["id"], verb_id=statement["verb"]["id"], statement=statement
        )
        for handler in matching:
            # A failing handler must not cost the learner their statement: its own work is rolled
            # back to a savepoint, the failure is logged, and the statement is kept.
            try:
                with transaction.atomic():
                    handler(event)
            except Exception:
                log.exception("Progress handler %r failed for statement %s", handler, statement["id"])
                continue
            ran += 1
    return ran
