"""The generated event calendar: event pages, sessions made as people need them, and their registers."""

from __future__ import annotations

import bisect
import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from cms.events.models import AnnouncedSession, EventIndexPage, EventPage, EventSession

from .db import Ids, write_rows


@dataclass(frozen=True)
class EventSpec:
    slug: str
    title: str
    kind: str
    audience: str
    summary: str
    hours: float
    start_hour: int
    capacity: int
    online: bool
    no_show: float  # share of people booked who do not come
    partly: float = 0.03  # share who leave early


# The live sessions of courses: their slugs are the ones `load_programmes` links live-session steps to.
TIER_1 = EventSpec(
    "oliver-mcgowan-tier-1",
    "Oliver McGowan Tier 1: live online session",
    "course_session",
    "everyone",
    "The one-hour live part of Tier 1, co-delivered by an autistic person and a person with a learning "
    "disability. Complete the Part 1 e-learning first.",
    1,
    10,
    20,
    True,
    0.10,
    0.04,
)
TIER_2 = EventSpec(
    "oliver-mcgowan-tier-2",
    "Oliver McGowan Tier 2: face-to-face day",
    "course_session",
    "care_staff",
    "A full day for staff who provide care or support. It counts only if you attend the whole day.",
    6.5,
    9,
    16,
    False,
    0.08,
    0.04,
)
LEADING_TEAMS = EventSpec(
    "leading-teams",
    "Leadership workshop: leading teams",
    "workshop",
    "managers",
    "The cohort workshops of the Registered Managers and Aspiring Managers Development Programme.",
    3,
    9,
    40,
    False,
    0.08,
    0.02,
)
GRADUATION = EventSpec(
    "leadership-graduation",
    "Leadership programme graduation",
    "graduation",
    "managers",
    "Celebrating the managers who finished the development programme. Families welcome.",
    2,
    17,
    120,
    False,
    0.06,
    0.0,
)
# Events anyone may book: (spec, bookings a worker makes a year)
GENERAL = [
    (
        EventSpec(
            "safeguarding-workshop",
            "Safeguarding adults: recognising and reporting",
            "workshop",
            "care_staff",
            "What abuse and neglect look like, what to do, and who to tell.",
            3,
            13,
            16,
            False,
            0.15,
        ),
        0.10,
    ),
    (
        EventSpec(
            "wellbeing-webinar",
            "Looking after yourself: a wellbeing webinar",
            "webinar",
            "everyone",
            "Practical ways to manage stress and sleep around shift work.",
            1,
            19,
            100,
            True,
            0.30,
            0.05,
        ),
        0.12,
    ),
    (
        EventSpec(
            "first-aid-group",
            "Basic life support and first aid",
            "group_training",
            "care_staff",
            "Hands-on group training, with a certificate for those who attend in full.",
            4,
            9,
            10,
            False,
            0.10,
        ),
        0.07,
    ),
    (
        EventSpec(
            "one-to-one-careers",
            "1-2-1 careers conversation",
            "one_to_one",
            "everyone",
            "Half an hour with the academy's careers adviser about where your job in care can take you.",
            0.5,
            11,
            1,
            True,
            0.06,
            0.0,
        ),
        0.02,
    ),
    (
        EventSpec(
            "dementia-friends-session",
            "Dementia Friends information session",
            "workshop",
            "everyone",
            "An hour and a half on living well with dementia, and the small things that help.",
            1.5,
            10,
            20,
            False,
            0.14,
        ),
        0.06,
    ),
    (
        EventSpec(
            "positive-behaviour-webinar",
            "Positive behaviour support: an introduction",
            "webinar",
            "senior_staff",
            "Understanding behaviour as communication, and support that avoids restrictive practice.",
            1,
            14,
            60,
            True,
            0.25,
            0.05,
        ),
        0.04,
    ),
]
# Events for managers only: (spec, bookings a manager makes a year)
FOR_MANAGERS = [
    (
        EventSpec(
            "managers-coaching",
            "Coaching for registered managers",
            "coaching",
            "managers",
            "Small-group coaching on leading a service, with an experienced registered manager.",
            2,
            14,
            6,
            False,
            0.07,
            0.0,
        ),
        0.5,
    ),
    (
        EventSpec(
            "provider-excellence",
            "Provider Excellence learning event",
            "provider_excellence",
            "providers",
            "The quarterly meeting of the council and providers: what inspections are finding, and good "
            "practice to share.",
            3,
            10,
            60,
            False,
            0.10,
            0.0,
        ),
        1.5,
    ),
]
SPECS = [TIER_1, TIER_2, LEADING_TEAMS, GRADUATION, *(s for s, _ in GENERAL), *(s for s, _ in FOR_MANAGERS)]

ACCESS = "Step-free entrance, accessible toilet and a hearing loop. Tell us about anything else you need."


@dataclass
class Session:
    pk: int
    spec: EventSpec
    page_id: int
    area: str | None
    postcode: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int
    cancelled_at: datetime.datetime | None = None  # when a cancelled session was called off
    booked: int = 0
    waiting: int = 0

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def venue(self) -> tuple[str, str]:
        if self.spec.online:
            return "", ""
        return f"{self.area} Community Centre, Room 2", f"High Street\n{self.area} {self.postcode}"

    @property
    def where(self) -> str:
        """As EventSession.where gives it, for what the people booked were told."""
        if self.spec.online:
            return "Online"
        name, address = self.venue
        lines = ", ".join(line.strip() for line in address.splitlines() if line.strip())
        return ", ".join(part for part in (name, lines) if part)

    @property
    def online_link(self) -> str:
        return f"https://meet.example.org/academy/{self.spec.slug}-{self.pk}" if self.spec.online else ""


@dataclass
class Calendar:
    """Sessions of every generated event, made when someone needs one, and written at the end."""

    rng: random.Random
    pages: dict[str, int]
    horizon: datetime.datetime  # nothing is scheduled after this
    now: datetime.datetime
    tz: datetime.tzinfo
    ids: Ids = field(default_factory=lambda: Ids(EventSession))
    sessions: list[Session] = field(default_factory=list)
    _open: dict[tuple[str, str | None], list[tuple[datetime.datetime, int]]] = field(default_factory=dict)

    def create(
        self, spec: EventSpec, *, area: str | None, postcode: str, starts_at, capacity=None, may_cancel=True
    ) -> Session:
        session = Session(
            pk=self.ids.take(),
            spec=spec,
            page_id=self.pages[spec.slug],
            area=None if spec.online else area,
            postcode=postcode,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=spec.hours),
            capacity=capacity or spec.capacity,
        )
        # One session in fifty is called off, a few days to a fortnight before it was due.
        if may_cancel and self.rng.random() < 0.02:
            session.cancelled_at = starts_at - datetime.timedelta(days=self.rng.uniform(2, 14))
        self.sessions.append(session)
        return session

    def slot(self, spec: EventSpec, day: datetime.date) -> datetime.datetime:
        # Weekdays only; the hour the event usually starts, in UK time.
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        hour = int(spec.start_hour)
        minute = int(round((spec.start_hour - hour) * 60))
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.tz)

    def find(
        self,
        spec: EventSpec,
        *,
        area: str,
        postcode: str,
        earliest: datetime.datetime,
        latest: datetime.datetime,
        booked_at: datetime.datetime,
        waiting_ok: bool = False,
    ) -> Session | None:
        """A session starting between `earliest` and `latest` with a place, made if there is none.

        With `waiting_ok`, a full session still to come may be returned: some people join its waiting list.
        """
        latest = min(latest, self.horizon)
        if latest <= earliest:
            return None
        key = (spec.slug, None if spec.online else area)
        listing = self._open.setdefault(key, [])
        start = bisect.bisect_left(listing, (earliest, -1))
        index = start
        while index < len(listing) and listing[index][0] <= latest:
            session = self.sessions[listing[index][1]]
            index += 1
            if session.is_cancelled and session.cancelled_at <= booked_at:
                continue
            if session.booked < session.capacity:
                return session
            if waiting_ok and session.starts_at > self.now and self.rng.random() < 0.3:
                return session
        span = (latest - earliest).days
        day = (earliest + datetime.timedelta(days=self.rng.randint(0, max(span, 0)))).date()
        starts_at = self.slot(spec, day)
        if starts_at < earliest or starts_at > latest:
            return None
        session = self.create(spec, area=area, postcode=postcode, starts_at=starts_at)
        bisect.insort(listing, (starts_at, len(self.sessions) - 1))
        return session

    def write(self) -> int:
        """Write every session and what its people were told (as a publish would have recorded it)."""
        rows, announced = [], []
        for order, s in enumerate(sorted(self.sessions, key=lambda s: (s.page_id, s.starts_at, s.pk))):
            name, address = s.venue
            rows.append(
                (
                    s.pk,
                    s.page_id,
                    order,
                    s.starts_at,
                    s.ends_at,
                    "online" if s.spec.online else "in_person",
                    s.online_link,
                    name,
                    address,
                    "Live captions on request." if s.spec.online else ACCESS,
                    s.capacity,
                    "",
                    s.is_cancelled,
                )
            )
            announced.append((s.pk, s.starts_at, s.ends_at, s.where, s.online_link, s.is_cancelled, 0))
        write_rows(
            EventSession,
            (
                "id",
                "page",
                "sort_order",
                "starts_at",
                "ends_at",
                "mode",
                "online_link",
                "venue_name",
                "venue_address",
                "accessibility_notes",
                "capacity",
                "audience",
                "is_cancelled",
            ),
            rows,
        )
        write_rows(
            AnnouncedSession,
            ("session", "starts_at", "ends_at", "where", "online_link", "is_cancelled", "sequence"),
            announced,
        )
        return len(rows)


def ensure_event_pages(*, facilitator) -> dict[str, int]:
    """The generator's events, made as editors make them where missing; returns their ids by slug."""
    index = EventIndexPage.objects.first()
    if index is None:
        raise LookupError("There is no event calendar page: run `manage.py migrate` first.")
    pages = {}
    for spec in SPECS:
        page = EventPage.objects.filter(slug=spec.slug).first()
        if page is None:
            page = EventPage(
                title=spec.title,
                slug=spec.slug,
                kind=spec.kind,
                audience=spec.audience,
                summary=spec.summary,
                presenters="Academy trainers, with people who use care and support services.",
            )
            index.add_child(instance=page)
            page.save_revision().publish()
        if not page.facilitators.filter(pk=facilitator.pk).exists():
            page.facilitators.add(facilitator)
            page.save(update_fields=["facilitators"], clean=False)
        pages[spec.slug] = page.pk
    return pages


def publish_sessions(page_ids) -> None:
    """Give each event page a live revision holding its sessions, as publishing it would.

    The sessions were written directly, and Wagtail rebuilds a page's sessions from its revision when an
    editor next publishes it: without this, that publish would try to delete them. Not published through
    `publish()`, whose signal would tell every booked person about 'changed' sessions.
    """
    for page in EventPage.objects.filter(pk__in=list(page_ids)).order_by("pk"):
        revision = page.save_revision(clean=False)
        EventPage.objects.filter(pk=page.pk).update(
            live_revision=revision, has_unpublished_changes=False, live=True
        )


def facilitator_for(email: str, *, public_id: str):
    """Who takes the generated registers (an account that cannot sign in)."""
    person, _ = get_user_model().objects.get_or_create(
        email=email,
        defaults={
            "first_name": "Generated",
            "last_name": "Facilitator",
            "password": "!",
            "public_id": public_id,
        },
    )
    return person
