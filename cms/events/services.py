"""Writes for events: booking (yourself or your staff), cancelling, the waiting list, the register.

Every write that counts places first locks the session's row (`select_for_update`), so two people
taking the last place at the same moment on PostgreSQL are served one after the other, and the
capacity holds. Emails are queued with `transaction.on_commit`, so nobody is told about a booking
that was rolled back.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from academy import permissions
from lrs.recording import Result, Verb, record_statement

from . import attendance as attendance_handlers
from .activities import event_activity, session_activity
from .models import AnnouncedSession, Attendance, Booking, BookingStatus, EventSession

REMINDER_LEAD = datetime.timedelta(hours=24)


class BookingError(Exception):
    """A booking, cancellation or register that cannot be made; the message is fit to show the person."""


@dataclass(frozen=True)
class BookingOutcome:
    """What happened for one person: 'booked', 'waiting', 'already_booked', 'already_waiting' or 'full'."""

    person: object
    result: str
    booking: Booking | None

    @property
    def is_new(self) -> bool:
        return self.result in ("booked", "waiting")


_BOOKING_CLOSED = {
    "cancelled": "This session has been cancelled.",
    "started": "This session has already started, so it can no longer be booked.",
    "not_open": "Booking for this session has not opened yet.",
    "closed": "Booking for this session has closed.",
}


def _locked_session(session_id: int) -> EventSession:
    """The session's row, locked until the transaction ends: places are counted under this lock."""
    try:
        return EventSession.objects.select_for_update(of=("self",)).select_related("page").get(pk=session_id)
    except EventSession.DoesNotExist:
        raise BookingError("This session no longer exists.") from None


def _check_bookable(session: EventSession) -> None:
    if not session.page.live:
        raise BookingError("This event is not published, so it cannot be booked.")
    state = session.booking_state()
    if state != "open":
        raise BookingError(_BOOKING_CLOSED[state])


def _booked_count(session: EventSession) -> int:
    return Booking.objects.filter(session=session, status=BookingStatus.BOOKED).count()


def _email_after_commit(booking: Booking, kind: str) -> None:
    from .tasks import send_booking_email

    booking_id = booking.pk
    # robust: a broker outage must not undo a booking; the email is the only thing lost, and the
    # booking page and the person's own feed still show it.
    transaction.on_commit(lambda: send_booking_email.delay(booking_id, kind), robust=True)


def _book_one(*, session, person, by, join_waiting_list: bool, booked: int) -> BookingOutcome:
    existing = Booking.objects.live().filter(session=session, person=person).first()
    if existing is not None:
        result = "already_booked" if existing.status == BookingStatus.BOOKED else "already_waiting"
        return BookingOutcome(person, result, existing)
    if booked < session.capacity:
        status = BookingStatus.BOOKED
    elif join_waiting_list:
        status = BookingStatus.WAITING
    else:
        return BookingOutcome(person, "full", None)
    try:
        with transaction.atomic():
            booking = Booking.objects.create(session=session, person=person, status=status, booked_by=by)
    except IntegrityError:
        # Only where rows cannot be locked (SQLite): the same person's second request lost the race.
        existing = Booking.objects.live().get(session=session, person=person)
        result = "already_booked" if existing.status == BookingStatus.BOOKED else "already_waiting"
        return BookingOutcome(person, result, existing)
    _email_after_commit(booking, "confirmed" if status == BookingStatus.BOOKED else "waiting")
    return BookingOutcome(person, "booked" if status == BookingStatus.BOOKED else "waiting", booking)


def booking_create(*, session: EventSession, person, by, join_waiting_list: bool = False) -> BookingOutcome:
    """Book `person` a place on the session, or a place on its waiting list when asked and it is full.

    Booking again while booked (a double submit) changes nothing and says so.
    """
    if not permissions.can_arrange_learning_for(by, person):
        raise PermissionDenied("You cannot book for this person.")
    with transaction.atomic():
        session = _locked_session(session.pk)
        _check_bookable(session)
        outcome = _book_one(
            session=session,
            person=person,
            by=by,
            join_waiting_list=join_waiting_list,
            booked=_booked_count(session),
        )
    if outcome.result == "full":
        raise BookingError("This session is now full. You can join the waiting list instead.")
    return outcome


def staff_book(
    *, session: EventSession, people: Iterable, by, join_waiting_list: bool = True
) -> list[BookingOutcome]:
    """A manager books several of their staff at once: places first come, then the waiting list.

    Everyone must be the manager's own staff, or nobody is booked.
    """
    people = list(people)
    if not people:
        raise BookingError("Select at least one member of staff to book.")
    allowed = set(
        permissions.people_managed_by(by).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
    if not by.is_superuser and any(person.pk not in allowed for person in people):
        raise PermissionDenied("You can only book your own staff.")
    outcomes = []
    with transaction.atomic():
        session = _locked_session(session.pk)
        _check_bookable(session)
        booked = _booked_count(session)
        for person in people:
            outcome = _book_one(
                session=session, person=person, by=by, join_waiting_list=join_waiting_list, booked=booked
            )
            if outcome.result == "booked":
                booked += 1
            outcomes.append(outcome)
    return outcomes


def _promote_from_waiting_list(session: EventSession) -> list[Booking]:
    """Give free places to the people waiting longest, and tell them. The session must be locked."""
    if session.is_cancelled or timezone.now() >= session.starts_at:
        return []
    free = session.capacity - _booked_count(session)
    promoted = []
    if free <= 0:
        return promoted
    for booking in Booking.objects.waiting().filter(session=session).select_for_update()[:free]:
        booking.status = BookingStatus.BOOKED
        booking.promoted_at = timezone.now()
        booking.save(update_fields=["status", "promoted_at", "updated_at"])
        _email_after_commit(booking, "promoted")
        promoted.append(booking)
    return promoted


def booking_cancel(*, booking: Booking, by) -> list[Booking]:
    """Cancel a place or a place on the waiting list; a freed place goes to the next person waiting.

    Returns the bookings promoted from the waiting list. Cancelling twice changes nothing.
    """
    if not permissions.can_arrange_learning_for(by, booking.person):
        raise PermissionDenied("You cannot cancel this booking.")
    with transaction.atomic():
        session = _locked_session(booking.session_id)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status == BookingStatus.CANCELLED:
            return []
        if timezone.now() >= session.starts_at:
            raise BookingError("This session has already started, so the booking can no longer be cancelled.")
        held_a_place = booking.status == BookingStatus.BOOKED
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = timezone.now()
        booking.cancelled_by = by
        booking.save(update_fields=["status", "cancelled_at", "cancelled_by", "updated_at"])
        _email_after_commit(booking, "cancelled")
        return _promote_from_waiting_list(session) if held_a_place else []


def attendance_mark(*, session: EventSession, marks: Mapping[int, str], by) -> int:
    """The facilitator's register: set each booked person's attendance; returns how many changed.

    Attendance (in full or in part) records an `attended` statement through the learning records,
    in this transaction, and the apps registered in `cms.events.attendance` are told.
    """
    session = EventSession.objects.select_related("page").get(pk=session.pk)
    if not permissions.can_take_register(by, session.page):
        raise PermissionDenied("Only the event's facilitators take the register.")
    if timezone.now() < session.starts_at:
        raise BookingError("You can take the register once the session has started.")
    if session.is_cancelled:
        raise BookingError("This session was cancelled, so it has no register.")
    allowed = {Attendance.ATTENDED, Attendance.PARTLY_ATTENDED, Attendance.NO_SHOW}
    unknown = [value for value in marks.values() if value not in allowed]
    if unknown:
        raise BookingError(f"'{unknown[0]}' is not a kind of attendance the register records.")
    changed = 0
    now = timezone.now()
    with transaction.atomic():
        bookings = {
            b.pk: b
            for b in Booking.objects.select_for_update(of=("self",))
            .select_related("person")
            .filter(session=session, status=BookingStatus.BOOKED, pk__in=list(marks))
        }
        if len(bookings) != len(marks):
            raise BookingError(
                "Someone on the register no longer has a place. Reload the register and try again."
            )
        for booking_id, value in marks.items():
            booking = bookings[booking_id]
            if booking.attendance == value:
                continue
            booking.attendance = value
            booking.attendance_marked_at = now
            booking.attendance_marked_by = by
            booking.statement_id = ""
            if value in (Attendance.ATTENDED, Attendance.PARTLY_ATTENDED):
                in_full = value == Attendance.ATTENDED
                booking.statement_id = record_statement(
                    person=booking.person,
                    verb=Verb.ATTENDED,
                    activity=session_activity(session),
                    parent=event_activity(session.page),
                    result=Result(
                        completion=in_full,
                        duration=(session.ends_at - session.starts_at) if in_full else None,
                    ),
                    timestamp=min(session.ends_at, now),
                )
            booking.save(
                update_fields=[
                    "attendance",
                    "attendance_marked_at",
                    "attendance_marked_by",
                    "statement_id",
                    "updated_at",
                ]
            )
            attendance_handlers.dispatch(
                attendance_handlers.AttendanceMarked(
                    person=booking.person,
                    booking_id=booking.pk,
                    event_id=session.page_id,
                    session_id=session.pk,
                    attendance=value,
                    event_activity_id=event_activity(session.page).iri,
                    session_activity_id=session_activity(session).iri,
                    statement_id=booking.statement_id,
                )
            )
            changed += 1
    return changed


def _as_announced(session: EventSession) -> dict:
    return {
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "where": session.where,
        "online_link": session.online_link,
        "is_cancelled": session.is_cancelled,
    }


def event_sessions_published(*, event) -> dict[str, int]:
    """After an event page is published: tell the people booked about changed or cancelled sessions.

    Each session is compared with what its people were last told (`AnnouncedSession`). A cancelled
    session cancels every booking on it; a changed time or place is sent with the updated entry;
    more places go to the waiting list. Returns how many sessions were cancelled and changed.
    """
    counts = {"cancelled": 0, "changed": 0}
    for session_id in EventSession.objects.filter(page=event).values_list("pk", flat=True):
        with transaction.atomic():
            session = _locked_session(session_id)
            now_values = _as_announced(session)
            announced = AnnouncedSession.objects.select_for_update().filter(session=session).first()
            if announced is None:
                AnnouncedSession.objects.create(session=session, **now_values)
                continue
            before = {key: getattr(announced, key) for key in now_values}
            if before != now_values:
                for key, value in now_values.items():
                    setattr(announced, key, value)
                announced.sequence += 1
                announced.save()
                live = list(Booking.objects.live().filter(session=session))
                if session.is_cancelled and not before["is_cancelled"]:
                    for booking in live:
                        booking.status = BookingStatus.CANCELLED
                        booking.cancelled_at = timezone.now()
                        booking.cancelled_by = None
                        booking.save(update_fields=["status", "cancelled_at", "cancelled_by", "updated_at"])
                        _email_after_commit(booking, "session_cancelled")
                    counts["cancelled"] += 1
                elif session.ends_at > timezone.now():
                    for booking in live:
                        _email_after_commit(booking, "session_changed")
                    counts["changed"] += 1
            _promote_from_waiting_list(session)
    return counts


def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Queue a reminder for everyone with a place on a session starting within REMINDER_LEAD."""
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=BookingStatus.BOOKED,
        reminder_sent_at__isnull=True,
        session__is_cancelled=False,
        session__page__live=True,
        session__starts_at__gt=now,
        session__starts_at__lte=now + REMINDER_LEAD,
    ).values_list("pk", flat=True)
    from .tasks import send_booking_email

    count = 0
    for booking_id in list(due):
        # The update claims the reminder, so two beat runs (or a retry) never send it twice.
        if Booking.objects.filter(pk=booking_id, reminder_sent_at__isnull=True).update(reminder_sent_at=now):
            send_booking_email.delay(booking_id, "reminder")
            count += 1
    return count


def feed_key_for(person):
    """The person's calendar feed key, made on first use."""
    from .models import CalendarFeedKey

    key, _ = CalendarFeedKey.objects.get_or_create(person=person)
    return key


def feed_key_renew(*, person):
    key = feed_key_for(person)
    key.renew()
    return key
