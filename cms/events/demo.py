"""Demonstration events: a term of workshops, webinars and live course sessions, some full, some with
waiting lists, and past ones with their registers taken.

Call `load_events_demo()` after `academy.demo.load_demo()`: it books the people that creates. Running
it again changes nothing.
"""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from academy.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD
from academy.models import Membership

from . import services
from .models import Attendance, Booking, BookingStatus, EventIndexPage, EventPage, EventSession, SessionMode

User = get_user_model()

FACILITATOR_EMAIL = f"facilitator@{DEMO_EMAIL_DOMAIN}"
LIBRARY = ("Stafford Library, Room 2", "Lichfield Road\nStafford ST17 4JX")
CIVIC = ("Civic Centre, Council Chamber", "Riverside\nStafford ST16 3AQ")
ACCESS = "Step-free entrance, accessible toilet and a hearing loop. Tell us about anything else you need."

# slug, title, kind, audience, summary, and its sessions:
# [(days from today, start hour, hours, capacity, online, booked, waiting)]
EVENTS = [
    (
        "oliver-mcgowan-tier-1",
        "Oliver McGowan Tier 1: live online session",
        "course_session",
        "everyone",
        "The one-hour live part of Tier 1, co-delivered by an autistic person and a person with a learning "
        "disability. Complete the Part 1 e-learning first.",
        [(-20, 10, 1, 20, True, 14, 0), (9, 10, 1, 20, True, 20, 4), (30, 14, 1, 20, True, 6, 0)],
    ),
    (
        "oliver-mcgowan-tier-2",
        "Oliver McGowan Tier 2: face-to-face day",
        "course_session",
        "care_staff",
        "A full day for staff who provide care or support. It counts only if you attend the whole day.",
        [(-12, 9, 7, 12, False, 10, 0), (16, 9, 7, 12, False, 12, 3)],
    ),
    (
        "safeguarding-workshop",
        "Safeguarding adults: recognising and reporting",
        "workshop",
        "care_staff",
        "What abuse and neglect look like, what to do, and who to tell.",
        [(5, 13, 3, 16, False, 9, 0), (40, 9, 3, 16, False, 2, 0)],
    ),
    (
        "managers-coaching",
        "Coaching for new registered managers",
        "coaching",
        "managers",
        "Small-group coaching on the first year in post, with an experienced registered manager.",
        [(12, 14, 2, 6, False, 6, 2)],
    ),
    (
        "wellbeing-webinar",
        "Looking after yourself: a wellbeing webinar",
        "webinar",
        "everyone",
        "Practical ways to manage stress and sleep around shift work.",
        [(7, 19, 1, 100, True, 23, 0)],
    ),
    (
        "provider-excellence-spring",
        "Provider Excellence learning event: spring",
        "provider_excellence",
        "providers",
        "The quarterly meeting of the council and providers: what inspections are finding, "
        "and good practice to share.",
        [(-30, 10, 3, 60, False, 31, 0), (60, 10, 3, 60, False, 8, 0)],
    ),
    (
        "leading-teams",
        "Leadership workshop: leading teams",
        "workshop",
        "managers",
        "A module of the Registered Managers and Aspiring Managers Development Programme.",
        [(21, 9, 3, 14, False, 11, 0)],
    ),
    (
        "one-to-one-careers",
        "1-2-1 careers conversation",
        "one_to_one",
        "everyone",
        "Half an hour with the academy's careers adviser about where your job in care can take you.",
        [(3, 11, 1, 1, True, 1, 1), (10, 11, 1, 1, True, 0, 0)],
    ),
    (
        "first-aid-group",
        "Basic life support and first aid",
        "group_training",
        "care_staff",
        "Hands-on group training, with a certificate for those who attend in full.",
        [(-5, 9, 4, 10, False, 10, 0), (26, 9, 4, 10, False, 4, 0)],
    ),
    (
        "leadership-graduation",
        "Leadership programme graduation",
        "graduation",
        "managers",
        "Celebrating the managers who finished this year's development programme. Families welcome.",
        [(70, 17, 2, 80, False, 15, 0)],
    ),
]


def _facilitator():
    person, created = User.objects.get_or_create(
        email=FACILITATOR_EMAIL, defaults={"first_name": "Fran", "last_name": "Facilitator"}
    )
    if created:
        person.set_password(DEMO_PASSWORD)
        person.save()
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=person, email=person.email, defaults={"verified": True, "primary": True}
        )
    return person


def _at(today: datetime.date, days: int, hour: int) -> datetime.datetime:
    day = today + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def _event(index, spec, facilitator, today):
    slug, title, kind, audience, summary, sessions = spec
    existing = EventPage.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    page = EventPage(
        title=title,
        slug=slug,
        kind=kind,
        audience=audience,
        summary=summary,
        presenters="Academy trainers, with people who use care and support services.",
    )
    for days, hour, hours, capacity, online, _booked, _waiting in sessions:
        starts = _at(today, days, hour)
        venue, address = ("", "") if online else (LIBRARY if days % 2 else CIVIC)
        page.sessions.add(
            EventSession(
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=hours),
                mode=SessionMode.ONLINE if online else SessionMode.IN_PERSON,
                online_link=f"https://meet.example.org/academy-{slug}-{days}" if online else "",
                venue_name=venue,
                venue_address=address,
                accessibility_notes="Live captions on request." if online else ACCESS,
                capacity=capacity,
            )
        )
    index.add_child(instance=page)
    page.facilitators.set([facilitator])
    page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk)


@transaction.atomic
def load_events_demo() -> dict:
    """Create (or leave as they are) the demo events, their bookings and past registers."""
    index = EventIndexPage.objects.first()
    if index is None:
        raise RuntimeError("There is no event calendar page: run the migrations first.")
    staff = list(
        User.objects.filter(pk__in=Membership.objects.active().values("person_id"), is_active=True)
        .exclude(email=FACILITATOR_EMAIL)
        .order_by("pk")
    )
    if len(staff) < 30:
        raise RuntimeError("Load the academy's demo people first (academy.demo.load_demo).")
    worker = User.objects.get(email=f"worker@{DEMO_EMAIL_DOMAIN}")
    manager = User.objects.get(email=f"manager@{DEMO_EMAIL_DOMAIN}")
    facilitator = _facilitator()
    today = timezone.localdate()
    now = timezone.now()
    people = itertools.cycle([p for p in staff if p.pk not in (worker.pk, manager.pk)])

    for spec in EVENTS:
        event = _event(index, spec, facilitator, today)
        sessions = list(event.sessions.order_by("starts_at"))
        for session, (_d, _h, _hrs, _cap, _online, booked, waiting) in zip(sessions, spec[5], strict=True):
            if Booking.objects.filter(session=session).exists():
                continue
            chosen = [worker] if booked and session.capacity > 1 else []
            while len(chosen) < booked + waiting:
                person = next(people)
                if person not in chosen:
                    chosen.append(person)
            for position, person in enumerate(chosen):
                Booking.objects.create(
                    session=session,
                    person=person,
                    booked_by=manager if position % 3 == 1 else person,
                    status=BookingStatus.BOOKED if position < booked else BookingStatus.WAITING,
                )
            if session.ends_at < now:
                register = Booking.objects.filter(session=session, status=BookingStatus.BOOKED).order_by("pk")
                marks = {}
                for position, booking in enumerate(register):
                    marks[booking.pk] = (
                        Attendance.NO_SHOW
                        if position % 7 == 3
                        else Attendance.PARTLY_ATTENDED
                        if position % 9 == 5
                        else Attendance.ATTENDED
                    )
                services.attendance_mark(session=session, marks=marks, by=facilitator)
    return {
        "events": EventPage.objects.count(),
        "sessions": EventSession.objects.count(),
        "bookings": Booking.objects.exclude(status=BookingStatus.CANCELLED).count(),
        "facilitator": FACILITATOR_EMAIL,
    }
