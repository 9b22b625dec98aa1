"""Reminders about training: expiring soon, expired or past its due date (to the learner and their
managers), and a manager's own reminder to staff they select.

Each reminder is claimed by inserting its `ReminderSent` row before anything is sent; the unique
(kind, key) constraint lets exactly one worker win, however many run the job at once. A message
that then fails to send gives its claim back, so the next run tries again.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from academy import permissions
from academy.models import Membership

from . import compliance
from .compliance import ComplianceStatus
from .models import CoursePage, Enrolment, ReminderSent

logger = logging.getLogger(__name__)

EXPIRING = "training_expiring"  # to the learner, once per expiry date
EXPIRED = "training_expired"  # to the learner, once per expiry date
OVERDUE = "training_overdue"  # to the learner, once per enrolment and due date
MANAGER_OVERDUE = "training_overdue_manager"  # to each manager, once per item above
STAFF_PROMPT = "training_staff_prompt"  # a manager's reminder, at most once a day per person
_CHUNK = 500


class ReminderError(Exception):
    """Why a reminder cannot be sent, in words to show the person who asked."""


@dataclass(frozen=True)
class ReminderItem:
    """One thing a reminder is about, in words for the email."""

    key: str
    person_id: int
    course_id: int
    what: str  # "expires on 3 March 2027", "expired on 2 January 2026", "was due on 1 May 2026"
    organisation_id: int | None = None


@dataclass(frozen=True)
class ReminderOutcome:
    person: object
    sent: bool
    message: str


def _claim(kind: str, key: str) -> ReminderSent | None:
    """The reminder's row if this call inserted it; None if it was already claimed (and so sent)."""
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(kind=kind, key=key)
    except IntegrityError:
        return None


def _already_claimed(kind: str, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        found |= set(ReminderSent.objects.filter(kind=kind, key__in=chunk).values_list("key", flat=True))
    return found


def _send(*, to: str, subject: str, template: str, context: dict) -> None:
    context = {**context, "site_url": settings.SITE_URL, "learning_url": f"{settings.SITE_URL}/learning/"}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"lms/email/{template}.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string(f"lms/email/{template}.html", context), "text/html")
    message.send()


def _send_claimed(claims: list[ReminderSent], **email) -> bool:
    """Send one email for these claims; if it fails, give the claims back for the next run."""
    try:
        _send(**email)
    except Exception:
        logger.exception("Training reminder to %s not sent; it will be tried again", email.get("to"))
        ReminderSent.objects.filter(pk__in=[c.pk for c in claims]).delete()
        return False
    return True


def _date(value: datetime.date) -> str:
    return f"{value:%-d %B %Y}"


def _course_links(course_ids) -> dict[int, tuple[str, str]]:
    """Each course's title and address."""
    links = {}
    for course in CoursePage.objects.filter(pk__in=set(course_ids)).specific():
        links[course.pk] = (course.title, f"{settings.SITE_URL}{course.url or ''}")
    return links


def _managers_of(organisation_ids) -> dict[int, list]:
    """The current managers of each organisation."""
    managers: dict[int, list] = defaultdict(list)
    memberships = (
        Membership.objects.active()
        .filter(is_manager=True, organisation_id__in=set(organisation_ids), person__is_active=True)
        .select_related("person", "organisation")
    )
    for membership in memberships:
        managers[membership.organisation_id].append(membership)
    return managers


def _due_items(on: datetime.date) -> tuple[dict[str, list[ReminderItem]], list[ReminderItem]]:
    """What is due a reminder today: the learners' items by kind, and the items for managers.

    A manager's item carries the organisation whose managers hear of it, and a key of its own.
    """
    rows = compliance.requirement_statuses(
        on=on, statuses=[ComplianceStatus.EXPIRING_30.value, ComplianceStatus.EXPIRED.value]
    )
    learners: dict[str, dict[str, ReminderItem]] = {EXPIRING: {}, EXPIRED: {}, OVERDUE: {}}
    managers: list[ReminderItem] = []
    for row in rows:
        if row.expires_on is None:
            continue  # missing altogether: nothing has expired, and nobody set a date
        kind = EXPIRING if row.status == ComplianceStatus.EXPIRING_30 else EXPIRED
        key = f"{row.person_id}:{row.course_id}:{row.expires_on.isoformat()}"
        verb = "expires on" if kind == EXPIRING else "expired on"
        item = ReminderItem(key, row.person_id, row.course_id, f"{verb} {_date(row.expires_on)}")
        # A person working at two providers hears once; each provider's managers hear of it.
        learners[kind].setdefault(key, item)
        if kind == EXPIRED:
            managers.append(_for_organisation(item, row.organisation_id))
    overdue = Enrolment.objects.active().filter(due_on__lt=on, learner__is_active=True)
    found = list(overdue.values_list("pk", "learner_id", "course_id", "due_on"))
    workplaces: dict[int, set[int]] = defaultdict(set)
    for person_id, organisation_id in (
        compliance.workforce_memberships()
        .filter(person_id__in={person_id for _, person_id, _, _ in found})
        .values_list("person_id", "organisation_id")
    ):
        workplaces[person_id].add(organisation_id)
    for enrolment_id, person_id, course_id, due_on in found:
        if not workplaces[person_id]:
            continue  # left the provider that set the date
        key = f"{enrolment_id}:{due_on.isoformat()}"
        item = ReminderItem(key, person_id, course_id, f"was due on {_date(due_on)}")
        learners[OVERDUE][key] = item
        managers += [_for_organisation(item, organisation_id) for organisation_id in workplaces[person_id]]
    return {kind: list(items.values()) for kind, items in learners.items()}, managers


def _for_organisation(item: ReminderItem, organisation_id: int) -> ReminderItem:
    return ReminderItem(
        f"{item.key}@{organisation_id}", item.person_id, item.course_id, item.what, organisation_id
    )


_LEARNER_EMAILS = {
    EXPIRING: ("Your {course} training expires soon", "training_expiring"),
    EXPIRED: ("Your {course} training has expired", "training_overdue"),
    OVERDUE: ("Your {course} training is overdue", "training_overdue"),
}


def reminders_send(*, on: datetime.date | None = None) -> dict[str, int]:
    """Send every training reminder due today that has not gone before. Returns the emails sent, by kind.

    Required training expiring within 30 days, or expired, goes to the learner; so do enrolments past
    the due date their manager set. Expired training and enrolments past their due date also go to
    the managers of each provider the learner works for: one email each, listing what is new to them.
    """
    on = on or timezone.localdate()
    learners, for_managers = _due_items(on)
    everything = [item for items in learners.values() for item in items] + for_managers
    people = {p.pk: p for p in get_user_model().objects.filter(pk__in={i.person_id for i in everything})}
    courses = _course_links(item.course_id for item in everything)
    sent: Counter = Counter()
    for kind, items in learners.items():
        fresh = {item.key for item in items} - _already_claimed(kind, [item.key for item in items])
        subject, template = _LEARNER_EMAILS[kind]
        for item in items:
            if item.key not in fresh:
                continue
            claim = _claim(kind, item.key)
            if claim is None:
                continue  # another worker has it
            person = people[item.person_id]
            title, url = courses[item.course_id]
            if _send_claimed(
                [claim],
                to=person.email,
                subject=subject.format(course=title),
                template=template,
                context={"person": person, "course_title": title, "course_url": url, "what": item.what},
            ):
                sent[kind] += 1
    sent[MANAGER_OVERDUE] = _send_manager_digests(for_managers, people, courses)
    return dict(sent)


def _send_manager_digests(items: list[ReminderItem], people: dict, courses: dict) -> int:
    managers = _managers_of(item.organisation_id for item in items)
    by_manager: dict[int, list[tuple[str, ReminderItem]]] = defaultdict(list)
    manager_people = {}
    for item in items:
        for membership in managers.get(item.organisation_id, []):
            if membership.person_id == item.person_id:
                continue  # their own training: they have the learner's email
            manager_people[membership.person_id] = membership
            by_manager[membership.person_id].append((f"{membership.person_id}:{item.key}", item))
    sent = 0
    for manager_id, keyed in by_manager.items():
        fresh = {key for key, _ in keyed} - _already_claimed(MANAGER_OVERDUE, [key for key, _ in keyed])
        claims, lines = [], []
        for key, item in keyed:
            if key not in fresh:
                continue
            claim = _claim(MANAGER_OVERDUE, key)
            if claim is None:
                continue
            claims.append(claim)
            person = people[item.person_id]
            lines.append(
                {"person": person.display_name, "course_title": courses[item.course_id][0], "what": item.what}
            )
        if not claims:
            continue
        membership = manager_people[manager_id]
        organisation = membership.organisation
        matrix_url = f"{settings.SITE_URL}{reverse('team_training', args=[organisation.pk])}"
        count = len(lines)
        subject = (
            f"{count} training {'record needs' if count == 1 else 'records need'} attention at {organisation}"
        )
        if _send_claimed(
            claims,
            to=membership.person.email,
            subject=subject,
            template="manager_overdue",
            context={
                "manager": membership.person,
                "organisation": organisation,
                "lines": lines,
                "matrix_url": matrix_url,
            },
        ):
            sent += 1
    return sent


def reminders_send_for_staff(
    *, organisation, people, by, on: datetime.date | None = None
) -> list[ReminderOutcome]:
    """A manager reminds the staff they selected of their training not current, due or overdue.

    Each person hears at most once a day this way; each person's outcome is reported.
    """
    if not permissions.can_manage_organisation(by, organisation):
        raise ReminderError("You cannot remind this organisation's staff.")
    on = on or timezone.localdate()
    people = list(people)
    memberships = compliance.team_memberships(organisation=organisation).filter(person__in=people)
    rows = compliance.requirement_statuses(memberships=memberships, on=on)
    open_enrolments = Enrolment.objects.active().filter(learner__in=people).select_related("course")
    courses = _course_links(
        [r.course_id for r in rows if r.status != ComplianceStatus.CURRENT]
        + [e.course_id for e in open_enrolments]
    )
    lines: dict[int, list[dict]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for row in sorted(rows, key=lambda r: courses.get(r.course_id, ("",))[0]):
        if row.status == ComplianceStatus.CURRENT:
            continue
        seen.add((row.person_id, row.course_id))
        title, url = courses[row.course_id]
        if row.status == ComplianceStatus.MISSING:
            what = "is required for your role and not yet done"
        elif row.status == ComplianceStatus.EXPIRED:
            what = f"expired on {_date(row.expires_on)}"
        else:
            what = f"expires on {_date(row.expires_on)}"
        lines[row.person_id].append({"course_title": title, "course_url": url, "what": what})
    for enrolment in open_enrolments:
        if enrolment.due_on is None or (enrolment.learner_id, enrolment.course_id) in seen:
            continue
        title, url = courses[enrolment.course_id]
        verb = "was due on" if enrolment.due_on < on else "is due by"
        lines[enrolment.learner_id].append(
            {"course_title": title, "course_url": url, "what": f"{verb} {_date(enrolment.due_on)}"}
        )
    outcomes = []
    for person in people:
        own = lines.get(person.pk)
        if not own:
            outcomes.append(ReminderOutcome(person, False, "Not sent: their training is up to date"))
            continue
        claim = _claim(STAFF_PROMPT, f"{organisation.pk}:{person.pk}:{on.isoformat()}")
        if claim is None:
            outcomes.append(ReminderOutcome(person, False, "Not sent: already reminded today"))
            continue
        if _send_claimed(
            [claim],
            to=person.email,
            subject="A reminder about your training",
            template="staff_prompt",
            context={"person": person, "manager": by, "organisation": organisation, "lines": own},
        ):
            outcomes.append(ReminderOutcome(person, True, "Reminder sent"))
        else:
            outcomes.append(
                ReminderOutcome(person, False, "Not sent: the email could not be sent, try again later")
            )
    return outcomes
