"""Pages of the event calendar. Each reads input, calls one service or selector, and renders.

They are served by the Wagtail pages' routes (EventIndexPage and EventPage), so their addresses sit
under /events/.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from academy import permissions

from . import ical, selectors, services
from .forms import CalendarFilterForm, RegisterForm, StaffBookingForm
from .models import BookingStatus, CalendarFeedKey, EventSession

PAGE_SIZE = 20


def _login_needed(request):
    return redirect_to_login(request.get_full_path())


def _session_of(page, session_id) -> EventSession:
    session = get_object_or_404(EventSession.objects.with_counts(), pk=session_id, page=page)
    session.page = page
    return session


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _sub(page, request, name, *args) -> str:
    return page.get_url(request) + page.reverse_subpage(name, args=args)


# --- The calendar --------------------------------------------------------------------------


def calendar(request, index):
    form = CalendarFilterForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_bound and form.is_valid() else getattr(form, "cleaned_data", {})
    filters = {key: cleaned.get(key) or "" for key in ("kind", "audience", "mode")}
    view = cleaned.get("view") or "list"
    today = timezone.localdate()
    year, month = cleaned.get("month") or (today.year, today.month)
    context = {"page": index, "form": form, "filters": filters, "view": view}
    query = {key: value for key, value in filters.items() if value}
    context["list_query"] = urlencode(query)
    if view == "month":
        first = datetime.date(year, month, 1)
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        context.update(
            month=first,
            weeks=selectors.month_grid(year=year, month=month, **filters),
            previous_query=urlencode({**query, "view": "month", "month": f"{previous:%Y-%m}"}),
            next_query=urlencode({**query, "view": "month", "month": f"{following:%Y-%m}"}),
            previous_month=previous,
            next_month=following,
        )
    else:
        context["page_obj"] = Paginator(selectors.upcoming_sessions(**filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    context["month_query"] = urlencode({**query, "view": "month", "month": f"{year:04d}-{month:02d}"})
    return render(request, "events/event_index_page.html", context)


def public_feed(request, index):
    content = ical.calendar(selectors.public_feed_sessions(), name="Social Care Academy events")
    response = HttpResponse(content, content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="academy-events.ics"'
    return response


def personal_feed(request, index, key):
    feed = CalendarFeedKey.objects.select_related("person").filter(key=key, person__is_active=True).first()
    if feed is None:
        raise Http404("No such calendar.")
    content = ical.calendar(
        selectors.personal_feed_sessions(person=feed.person),
        name="My Social Care Academy bookings",
        with_joining_links=True,
    )
    return HttpResponse(content, content_type=ical.CONTENT_TYPE)


@require_POST
def feed_key_reset(request, index):
    if not request.user.is_authenticated:
        return _login_needed(request)
    had_one = CalendarFeedKey.objects.filter(person=request.user).exists()
    services.feed_key_renew(person=request.user)
    messages.success(
        request,
        "Your calendar has a new address. The old one has stopped working."
        if had_one
        else "Your calendar address is ready. Add it to your calendar app.",
    )
    return redirect(_sub(index, request, "my_bookings"))


# --- An event and its sessions -------------------------------------------------------------


def event_detail(request, page):
    user = request.user
    index = page.get_parent().specific
    return render(
        request,
        "events/event_page.html",
        {
            "page": page,
            "index": index,
            "sessions": selectors.sessions_for_event(event=page, user=user),
            "is_manager": permissions.organisations_managed_by(user).exists(),
            "is_facilitator": permissions.can_take_register(user, page),
            "now": timezone.now(),
        },
    )


def book_self(request, page, session_id):
    if not request.user.is_authenticated:
        return _login_needed(request)
    session = _session_of(page, session_id)
    error = None
    if request.method == "POST":
        try:
            outcome = services.booking_create(
                session=session,
                person=request.user,
                by=request.user,
                join_waiting_list=request.POST.get("waiting_list") == "1",
            )
        except services.BookingError as exc:
            error = str(exc)
            session = _session_of(page, session_id)
        else:
            if not outcome.is_new:
                messages.info(request, "You already had this booking, so nothing has changed.")
            return redirect(_sub(page.get_parent().specific, request, "booking", outcome.booking.pk))
    mine = selectors.sessions_for_event(event=page, user=request.user)
    my_booking = next((s.my_booking for s in mine if s.pk == session.pk), None)
    return render(
        request,
        "events/book.html",
        {
            "page": page,
            "session": session,
            "error": error,
            "my_booking": my_booking,
            "state": session.booking_state(),
        },
    )


def book_staff(request, page, session_id):
    if not request.user.is_authenticated:
        return _login_needed(request)
    if not permissions.organisations_managed_by(request.user).exists():
        raise Http404("No such page.")
    session = _session_of(page, session_id)
    staff = selectors.staff_choices_for(manager=request.user, session=session)
    form = StaffBookingForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        people = permissions.people_managed_by(request.user).filter(pk__in=form.cleaned_data["people"])
        try:
            outcomes = services.staff_book(
                session=session,
                people=people,
                by=request.user,
                join_waiting_list=form.cleaned_data["join_waiting_list"],
            )
        except services.BookingError as exc:
            form.add_error(None, str(exc))
        except PermissionDenied:
            raise Http404("No such person.") from None
        else:
            messages.success(request, _staff_booking_summary(outcomes))
            return redirect(_sub(page, request, "book_staff", session.pk))
    return render(
        request,
        "events/book_staff.html",
        {"page": page, "session": session, "form": form, "staff": staff, "state": session.booking_state()},
    )


def _names(outcomes, *results) -> str:
    return ", ".join(o.person.display_name for o in outcomes if o.result in results)


def _staff_booking_summary(outcomes) -> str:
    parts = []
    for results, label in (
        (("booked",), "Booked"),
        (("waiting",), "On the waiting list"),
        (("already_booked", "already_waiting"), "Already booked or waiting"),
        (("full",), "Not booked, because the session is full"),
    ):
        names = _names(outcomes, *results)
        if names:
            parts.append(f"{label}: {names}.")
    return " ".join(parts)


def take_register(request, page, session_id):
    if not request.user.is_authenticated:
        return _login_needed(request)
    if not permissions.can_take_register(request.user, page):
        raise Http404("No such page.")
    session = _session_of(page, session_id)
    bookings = selectors.register_for(session=session)
    form = RegisterForm(request.POST or None, bookings=bookings)
    started = timezone.now() >= session.starts_at
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.attendance_mark(session=session, marks=form.marks(), by=request.user)
        except services.BookingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"The register is saved. {changed} {'mark' if changed == 1 else 'marks'} changed."
            )
            return redirect(_sub(page, request, "register", session.pk))
    return render(
        request,
        "events/register.html",
        {"page": page, "session": session, "form": form, "started": started, "rows": form.bound_rows()},
    )


def session_ics(request, page, session_id):
    session = get_object_or_404(EventSession.objects.select_related("announced"), pk=session_id, page=page)
    session.page = page
    return _ics_response(ical.session_attachment(session, for_a_place=False), f"session-{session.pk}.ics")


# --- Bookings ------------------------------------------------------------------------------


def _booking_or_404(request, booking_id):
    booking = selectors.booking_for(user=request.user, booking_id=booking_id)
    if booking is None:
        raise Http404("No such booking.")
    return booking


def booking_detail(request, index, booking_id):
    if not request.user.is_authenticated:
        return _login_needed(request)
    booking = _booking_or_404(request, booking_id)
    return render(
        request,
        "events/booking.html",
        {
            "page": index,
            "booking": booking,
            "session": booking.session,
            "event": booking.session.page,
            "position": selectors.waiting_position(booking),
            "is_own": booking.person_id == request.user.pk,
            "show_joining_link": booking.status == BookingStatus.BOOKED,
        },
    )


def booking_ics(request, index, booking_id):
    if not request.user.is_authenticated:
        return _login_needed(request)
    booking = _booking_or_404(request, booking_id)
    has_place = booking.status == BookingStatus.BOOKED
    return _ics_response(
        ical.session_attachment(
            booking.session, for_a_place=has_place, cancelled=booking.status == BookingStatus.CANCELLED
        ),
        f"session-{booking.session_id}.ics",
    )


def booking_cancel(request, index, booking_id):
    if not request.user.is_authenticated:
        return _login_needed(request)
    booking = _booking_or_404(request, booking_id)
    is_own = booking.person_id == request.user.pk
    back = _sub(index, request, "my_bookings" if is_own else "team_bookings")
    error = None
    if request.method == "POST":
        try:
            services.booking_cancel(booking=booking, by=request.user)
        except services.BookingError as exc:
            error = str(exc)
        else:
            whose = "Your" if is_own else f"{booking.person.display_name}'s"
            messages.success(request, f"{whose} booking on {booking.session.page.title} is cancelled.")
            return redirect(back)
    return render(
        request,
        "events/booking_cancel.html",
        {
            "page": index,
            "booking": booking,
            "session": booking.session,
            "is_own": is_own,
            "back": back,
            "error": error,
        },
    )


def my_bookings(request, index):
    if not request.user.is_authenticated:
        return _login_needed(request)
    feed = CalendarFeedKey.objects.filter(person=request.user).first()
    return render(
        request,
        "events/my_bookings.html",
        {
            "page": index,
            **selectors.bookings_for_person(person=request.user),
            "feed_url": _sub(index, request, "personal_feed", feed.key) if feed else "",
            "facilitating": selectors.sessions_facilitated_by(user=request.user)[:10],
            "is_manager": permissions.organisations_managed_by(request.user).exists(),
        },
    )


def team_bookings(request, index):
    if not request.user.is_authenticated:
        return _login_needed(request)
    if not permissions.organisations_managed_by(request.user).exists():
        raise Http404("No such page.")
    data = selectors.staff_bookings_for(manager=request.user)
    return render(
        request,
        "events/team_bookings.html",
        {
            "page": index,
            "upcoming": list(data["upcoming"]),
            "past_page": Paginator(data["past"], PAGE_SIZE).get_page(request.GET.get("page")),
            "no_show_count": data["no_show_count"],
        },
    )
