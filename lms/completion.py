"""Completions other apps react to: certificates are issued when a course or programme is completed,
and revoked when that completion is undone.

An app registers in its AppConfig.ready(); the LMS never imports it. Handlers run in the LMS's
transaction, after the completion is written; `on_commit` work (PDFs, emails) belongs in them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Completed:
    learner: object
    enrolment_id: int | None = None  # a course enrolment
    programme_enrolment_id: int | None = None  # or a programme enrolment


@dataclass(frozen=True)
class Reopened:
    """A completion undone (a withdrawn sign-off put the course back in progress)."""

    learner: object
    reason: str
    enrolment_id: int | None = None
    programme_enrolment_id: int | None = None


Handler = Callable[[Completed | Reopened], None]
_handlers: list[Handler] = []


def register(handler: Handler) -> None:
    if handler not in _handlers:
        _handlers.append(handler)


def unregister(handler: Handler) -> None:
    if handler in _handlers:
        _handlers.remove(handler)


def dispatch(event: Completed | Reopened) -> None:
    for handler in list(_handlers):
        handler(event)
