"""The calendar page, event pages, and the sessions an event is held in."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BodyBlock

from ..admin_forms import EventPageForm
from .choices import EventAudience, EventKind, SessionMode


class EventIndexPage(RoutablePageMixin, Page):
    """The event calendar at /events/: every session of every published event, as a month or a list.

    It also answers the pages about a person's own bookings, a manager's staff bookings and the
    calendar feeds, which belong to no single event.
    """

    introduction = models.TextField(
        max_length=400,
        blank=True,
        help_text="One or two sentences under the title on what events the academy runs and who for.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "event calendar"

    @path("")
    def calendar_view(self, request):
        from .. import views

        return views.calendar(request, self)

    @path("feed/", name="public_feed")
    def public_feed_view(self, request):
        from .. import views

        return views.public_feed(request, self)

    @path("bookings/", name="my_bookings")
    def my_bookings_view(self, request):
        from .. import views

        return views.my_bookings(request, self)

    @path("bookings/<int:booking_id>/", name="booking")
    def booking_view(self, request, booking_id):
        from .. import views

        return views.booking_detail(request, self, booking_id)

    @path("bookings/<int:booking_id>/cancel/", name="booking_cancel")
    def booking_cancel_view(self, request, booking_id):
        from .. import views

        return views.booking_cancel(request, self, booking_id)

    @path("bookings/<int:booking_id>/calendar/", name="booking_ics")
    def booking_ics_view(self, request, booking_id):
        from .. import views

        return views.booking_ics(request, self, booking_id)

    @path("team/", name="team_bookings")
    def team_bookings_view(self, request):
        from .. import views

        return views.team_bookings(request, self)

    @path("feeds/new/", name="feed_key_reset")
    def feed_key_reset_view(self, request):
        from .. import views

        return views.feed_key_reset(request, self)

    @path("feeds/<str:key>/", name="personal_feed")
    def personal_feed_view(self, request, key):
        from .. import views

        return views.personal_feed(request, self, key)


class EventPage(RoutablePageMixin, Page):
    """One event (a workshop, webinar, graduation, live course session...) and the sessions it runs.

    Bookings are made on a session, never on the event. The sessions are rows of this page, so an
    editor's change to a time or a place goes through moderation with the rest of the page, and the
    people booked are told once it is published.
    """

    kind = models.CharField(
        max_length=32,
        choices=EventKind.choices,
        help_text="What sort of event this is. People filter the calendar by it.",
    )
    summary = models.TextField(
        max_length=300,
        help_text="What the event is and what people will get from it, in a sentence or two. Shown in lists.",
    )
    audience = models.CharField(
        max_length=32,
        choices=EventAudience.choices,
        default=EventAudience.EVERYONE,
        help_text="Who the event is for. A session can be for a narrower group.",
    )
    presenters = models.CharField(
        max_length=250,
        blank=True,
        help_text="Who delivers it, as the page shows it, such as 'Trainers with lived experience'.",
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        use_json_field=True,
        help_text="The rest of the page: what happens, what to bring, how to prepare.",
    )
    facilitators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="events_facilitated",
        help_text="The academy accounts of the people who take the register at this event's sessions.",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("audience"), FieldPanel("summary")], heading="What and who for"
        ),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("presenters"), FieldPanel("facilitators")], heading="Who delivers it"),
        InlinePanel("sessions", heading="Sessions", label="Session", min_num=1),
    ]
    base_form_class = EventPageForm
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "event"

    def get_template(self, request, *args, **kwargs):
        return "events/event_page.html"

    @path("")
    def detail_view(self, request):
        from .. import views

        return views.event_detail(request, self)

    @path("sessions/<int:session_id>/book/", name="book")
    def book_view(self, request, session_id):
        from .. import views

        return views.book_self(request, self, session_id)

    @path("sessions/<int:session_id>/book-staff/", name="book_staff")
    def book_staff_view(self, request, session_id):
        from .. import views

        return views.book_staff(request, self, session_id)

    @path("sessions/<int:session_id>/register/", name="register")
    def register_view(self, request, session_id):
        from .. import views

        return views.take_register(request, self, session_id)

    @path("sessions/<int:session_id>/calendar/", name="session_ics")
    def session_ics_view(self, request, session_id):
        from .. import views

        return views.session_ics(request, self, session_id)


class EventSessionQuerySet(models.QuerySet):
    def published(self):
        """Sessions of events that are live on the site."""
        return self.filter(page__live=True)

    def with_counts(self):
        """Each session with how many places are taken and how many people wait, in the same query."""
        return self.annotate(
            booked_count=Count("bookings", filter=Q(bookings__status="booked")),
            waiting_count=Count("bookings", filter=Q(bookings__status="waiting")),
        )


class EventSession(Orderable):
    """A date and place an event is held: the thing people book, with its own capacity and window."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField("starts", help_text="Date and time the session starts (UK time).")
    ends_at = models.DateTimeField("ends", help_text="Date and time it ends.")
    mode = models.CharField(
        max_length=16,
        choices=SessionMode.choices,
        default=SessionMode.IN_PERSON,
        help_text="Online sessions need a joining link; sessions in person need a venue and address.",
    )
    online_link = models.URLField(
        "joining link",
        blank=True,
        help_text="Sent only to people with a place, in their emails. Never shown publicly.",
    )
    venue_name = models.CharField(max_length=200, blank=True, help_text="Such as 'Stafford Library, Room 2'.")
    venue_address = models.TextField(blank=True, help_text="The full address with postcode.")
    accessibility_notes = models.TextField(
        blank=True,
        help_text="Step-free access, hearing loop, parking, quiet room, captions: what people need to know.",
    )
    capacity = models.PositiveIntegerField(
        "places",
        validators=[MinValueValidator(1)],
        help_text="How many people can book. When it is full, people can join a waiting list.",
    )
    booking_opens_at = models.DateTimeField(
        "booking opens",
        null=True,
        blank=True,
        help_text="Leave blank to take bookings as soon as it is published.",
    )
    booking_closes_at = models.DateTimeField(
        "booking closes",
        null=True,
        blank=True,
        help_text="Leave blank to take bookings until the session starts.",
    )
    audience = models.CharField(
        max_length=32,
        choices=EventAudience.choices,
        blank=True,
        help_text="Leave blank when the session is for the event's audience.",
    )
    is_cancelled = models.BooleanField(
        "cancelled",
        default=False,
        help_text="Tick to call the session off. Everyone booked or waiting is told once it is published.",
    )

    objects = EventSessionQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading="When"),
        MultiFieldPanel(
            [
                FieldPanel("mode"),
                FieldPanel("online_link"),
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("accessibility_notes"),
            ],
            heading="Where",
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel([FieldPanel("booking_opens_at"), FieldPanel("booking_closes_at")]),
                FieldPanel("audience"),
                FieldPanel("is_cancelled"),
            ],
            heading="Places and booking",
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "session"
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="events_session_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="events_session_has_places"),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.page.title if self.page_id else 'Session'}, {local:%d %B %Y %H:%M}"

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The session must end after it starts."
        if self.mode == SessionMode.ONLINE and not self.online_link:
            errors["online_link"] = "Enter the link people use to join an online session."
        if self.mode == SessionMode.IN_PERSON:
            if not self.venue_name:
                errors["venue_name"] = "Enter the venue of a session held in person."
            if not self.venue_address:
                errors["venue_address"] = "Enter the venue's address, with its postcode."
        if (
            self.booking_opens_at
            and self.booking_closes_at
            and self.booking_closes_at <= self.booking_opens_at
        ):
            errors["booking_closes_at"] = "Booking must close after it opens."
        if self.booking_closes_at and self.starts_at and self.booking_closes_at > self.starts_at:
            errors["booking_closes_at"] = "Booking must close before the session starts, or leave it blank."
        if errors:
            raise ValidationError(errors)

    @property
    def effective_audience(self) -> str:
        return self.audience or self.page.audience

    def get_effective_audience_display(self) -> str:
        return EventAudience(self.effective_audience).label

    @property
    def booking_closes(self):
        return self.booking_closes_at or self.starts_at

    def booking_state(self, now=None) -> str:
        """'open', 'not_open', 'closed', 'started' or 'cancelled': whether a place can be booked now."""
        now = now or timezone.now()
        if self.is_cancelled:
            return "cancelled"
        if now >= self.starts_at:
            return "started"
        if self.booking_opens_at and now < self.booking_opens_at:
            return "not_open"
        if now >= self.booking_closes:
            return "closed"
        return "open"

    @property
    def where(self) -> str:
        """The place in one line, as a calendar's location field shows it."""
        if self.mode == SessionMode.ONLINE:
            return "Online"
        address = ", ".join(line.strip() for line in self.venue_address.splitlines() if line.strip())
        return ", ".join(part for part in (self.venue_name, address) if part)

    @property
    def places_left(self) -> int | None:
        booked = getattr(self, "booked_count", None)
        return None if booked is None else max(self.capacity - booked, 0)
