"""Attendance that other apps react to: they register a handler here, and the register calls it.

The events app never imports the apps that care about attendance (the LMS counts full attendance
of a live session toward a course). An app registers in its AppConfig.ready():

    from cms.events import attendance
    attendance.register(count_live_session)

Each handler runs in the facilitator's transaction, inside its own savepoint: a failing handler is
logged and rolled back, and the register is saved all the same.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AttendanceMarked:
    """What a handler is told when a facilitator marks (or changes) someone's attendance."""

    person: object
    booking_id: int
    event_id: int
    session_id: int
    attendance: str  # "attended", "partly_attended" or "no_show"
    event_activity_id: str
    session_activity_id: str
    statement_id: str  # the `attended` statement, or "" for a no-show

    @property
    def attended_in_full(self) -> bool:
        """Whether it counts as completion: Oliver McGowan live sessions count only when attended whole."""
        return self.attendance == "attended"


Handler = Callable[[AttendanceMarked], None]
_handlers: list[Handler] = []


def register(handler: Handler) -> None:
    if handler not in _handlers:
        _handlers.append(handler)


def unregister(handler: Handler) -> None:
    if handler in _handlers:
        _handlers.remove(handler)


def dispatch(event: AttendanceMarked) -> int:
    """Tell every registered handler; returns how many ran without failing."""
    ran = 0
    for handler in list(_handlers):
        try:
            with transaction.atomic():
                handler(event)
        except Exception:
            log.exception("Attendance handler %r failed for booking %s", handler, event.booking_id)
            continue
        ran += 1
    return ran
