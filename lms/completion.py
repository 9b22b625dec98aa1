"""Completions other apps react to: certificates are issued when a course or programme is completed.

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


Handler = Callable[[Completed], None]
_handlers: list[Handler] = []


def register(handler: Handler) -> None:
    if handler not in _handlers:
        _handlers.append(handler)


def unregister(handler: Handler) -> None:
    if handler in _handlers:
        _handlers.remove(handler)


def dispatch(event: Completed) -> None:
    for handler in list(_handlers):
        handler(event)
