"""Reads for events: the calendar, an event's sessions for the person looking, bookings and registers."""

from __future__ import annotations

import calendar as pycalendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from academy import permissions
from academy.models import Membership

from .models import Attendance, Booking, BookingStatus, EventIndexPage, EventSession

LIVE = (BookingStatus.BOOKED, BookingStatus.WAITING)


def events_index() -> EventIndexPage | None:
    return EventIndexPage.objects.live().first()


def calendar_sessions(*, kind: str = "", audience: str = "", mode: str = "") -> QuerySet[EventSession]:
    """Sessions of published events with their place counts, filtered as the calendar asks."""
    qs = EventSession.objects.published().with_counts().select_related("page").order_by("starts_at", "pk")
    if kind:
        qs = qs.filter(page__kind=kind)
    if audience:
        qs = qs.filter(Q(audience=audience) | Q(audience="", page__audience=audience))
    if mode:
        qs = qs.filter(mode=mode)
    return qs


def upcoming_sessions(**filters) -> QuerySet[EventSession]:
    return calendar_sessions(**filters).filter(ends_at__gt=timezone.now())


def _month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    end = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start, end


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    is_today: bool
    sessions: list = field(default_factory=list)


def month_grid(*, year: int, month: int, **filters) -> list[list[CalendarDay]]:
    """The weeks of a month (Monday first), each day with the sessions starting on it."""
    start, end = _month_bounds(year, month)
    today = timezone.localdate()
    weeks = [
        [CalendarDay(date=day, in_month=day.month == month, is_today=day == today) for day in week]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    by_date = {day.date: day for week in weeks for day in week}
    for session in calendar_sessions(**filters).filter(starts_at__gte=start, starts_at__lt=end):
        by_date[timezone.localtime(session.starts_at).date()].sessions.append(session)
    return weeks


def sessions_for_event(*, event, user) -> list[EventSession]:
    """An event's sessions in date order, each with its counts and the viewer's own live booking."""
    sessions = list(event.sessions.with_counts().order_by("starts_at", "pk"))
    mine: dict[int, Booking] = {}
    if user.is_authenticated:
        mine = {
            booking.session_id: booking
            for booking in Booking.objects.filter(person=user, session__in=sessions, status__in=LIVE)
        }
    for session in sessions:
        session.page = event  # already loaded: saves a query per session
        session.my_booking = mine.get(session.pk)
    return sessions


def waiting_position(booking: Booking) -> int | None:
    """Where a booking stands on the waiting list (1 is next), or None when it is not waiting."""
    if booking.status != BookingStatus.WAITING:
        return None
    ahead = Booking.objects.filter(session_id=booking.session_id, status=BookingStatus.WAITING).filter(
        Q(created_at__lt=booking.created_at) | Q(created_at=booking.created_at, pk__lt=booking.pk)
    )
    return ahead.count() + 1


def _with_session(qs: QuerySet[Booking]) -> QuerySet[Booking]:
    return qs.select_related("session__page", "person")


def bookings_for_person(*, person) -> dict[str, list[Booking]]:
    """A person's bookings: those still to come, and past sessions they had a place on."""
    now = timezone.now()
    qs = _with_session(Booking.objects.filter(person=person))
    return {
        "upcoming": list(qs.filter(status__in=LIVE, session__ends_at__gt=now).order_by("session__starts_at")),
        "past": list(
            qs.filter(status=BookingStatus.BOOKED, session__ends_at__lte=now).order_by("-session__starts_at")[
                :50
            ]
        ),
    }


def booking_for(*, user, booking_id) -> Booking | None:
    """A booking the user may see: their own, or their staff's. None (so, 404) for anyone else's."""
    booking = _with_session(Booking.objects.filter(pk=booking_id)).first()
    if booking is None or not permissions.can_arrange_learning_for(user, booking.person):
        return None
    return booking


def staff_bookings_for(*, manager) -> dict:
    """What a manager sees of their staff's bookings: upcoming ones, past attendance, no-shows."""
    now = timezone.now()
    qs = _with_session(Booking.objects.filter(person__in=permissions.people_managed_by(manager)))
    past = qs.filter(status=BookingStatus.BOOKED, session__ends_at__lte=now).order_by("-session__starts_at")
    return {
        "upcoming": qs.filter(status__in=LIVE, session__ends_at__gt=now).order_by(
            "session__starts_at", "person__last_name"
        ),
        "past": past,
        "no_show_count": past.filter(attendance=Attendance.NO_SHOW).count(),
    }


def staff_choices_for(*, manager, session) -> list[tuple]:
    """The manager's staff, each with their live booking on this session (or None), by name."""
    people = list(permissions.people_managed_by(manager).order_by("last_name", "first_name", "email"))
    live = {
        booking.person_id: booking
        for booking in Booking.objects.filter(
            session=session, status__in=LIVE, person__in=[p.pk for p in people]
        )
    }
    return [(person, live.get(person.pk)) for person in people]


def register_for(*, session) -> list[Booking]:
    """Everyone with a place on the session, as the facilitator's register lists them."""
    return list(
        Booking.objects.filter(session=session, status=BookingStatus.BOOKED)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )


def sessions_facilitated_by(*, user) -> QuerySet[EventSession]:
    """Sessions whose register this person takes, most recent first (today's at the top)."""
    return (
        EventSession.objects.published()
        .filter(page__facilitators=user, is_cancelled=False)
        .select_related("page")
        .order_by("-starts_at")
    )


def personal_feed_sessions(*, person) -> QuerySet[EventSession]:
    return (
        EventSession.objects.published()
        .filter(bookings__person=person, bookings__status=BookingStatus.BOOKED)
        .select_related("page", "announced")
        .order_by("starts_at")
    )


def public_feed_sessions() -> QuerySet[EventSession]:
    since = timezone.now() - datetime.timedelta(days=31)
    return calendar_sessions().filter(ends_at__gt=since).select_related("announced")


# --- For reporting --------------------------------------------------------------------------


def attendance_counts(*, organisation, since: datetime.datetime | None = None) -> dict[str, int]:
    """How the organisation's current staff attended past sessions: counts by attendance mark."""
    staff = Membership.objects.active().filter(organisation=organisation).values("person_id")
    qs = Booking.objects.filter(
        person__in=staff, status=BookingStatus.BOOKED, session__ends_at__lte=timezone.now()
    )
    if since is not None:
        qs = qs.filter(session__starts_at__gte=since)
    counts = dict(qs.exclude(attendance="").values_list("attendance").annotate(n=Count("pk")).order_by())
    return {value: counts.get(value, 0) for value in Attendance.values if value}


def no_shows(*, organisation, since: datetime.datetime | None = None) -> QuerySet[Booking]:
    """The organisation's current staff who had a place and did not come."""
    staff = Membership.objects.active().filter(organisation=organisation).values("person_id")
    qs = _with_session(Booking.objects.filter(person__in=staff, attendance=Attendance.NO_SHOW))
    if since is not None:
        qs = qs.filter(session__starts_at__gte=since)
    return qs.order_by("-session__starts_at")
