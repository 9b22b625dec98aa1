"""Reads for people and organisations: lists with their counts, each scoped by the permissions module."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from . import permissions
from .models import Invitation, JobRole, Membership, Organisation
from .models.people import normalise_email

User = get_user_model()


def organisation_list_for(user, *, type: str = "", area: str = "", q: str = "") -> QuerySet[Organisation]:
    """Organisations the user may open, with their current headcount, filtered as asked."""
    qs = permissions.organisations_visible_to(user)
    if type:
        qs = qs.filter(type=type)
    if area:
        qs = qs.filter(area=area)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(postcode__icontains=q) | Q(area__icontains=q))
    return qs.annotate(headcount=Count("memberships", filter=_active_membership_q("memberships__"))).order_by(
        "name"
    )


def _active_membership_q(prefix: str) -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}accepted_at__isnull": False}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})
    )


def organisation_areas() -> list[str]:
    return list(
        Organisation.objects.filter(is_active=True)
        .exclude(area="")
        .values_list("area", flat=True)
        .distinct()
        .order_by("area")
    )


def team_for(user, *, organisation) -> QuerySet[Membership]:
    """The named staff of an organisation that this user may see, with what a team list shows."""
    return (
        permissions.memberships_visible_to(user, organisation=organisation)
        .select_related("person", "job_role")
        .order_by("person__last_name", "person__first_name", "person__email")
    )


def organisation_headcount_by_role(*, organisation) -> list[dict]:
    """Aggregate headcount by job role: what a viewer without access to named staff sees."""
    return list(
        Membership.objects.active()
        .filter(organisation=organisation)
        .values("job_role__name")
        .annotate(count=Count("id"))
        .order_by("-count", "job_role__name")
    )


def pending_invitations_for(*, organisation) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(membership__organisation=organisation, membership__accepted_at__isnull=True)
        .select_related("membership__person", "membership__job_role", "invited_by")
        .order_by("-created_at")
    )


def people_list_for(user, *, q: str = "") -> QuerySet:
    """People the user may open, other than themselves, for the people directory."""
    qs = permissions.people_visible_to(user).exclude(pk=user.pk)
    if q:
        qs = qs.filter(Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(email__icontains=q))
    return qs.order_by("last_name", "first_name", "email")


def people_with_memberships(user, *, people) -> list[tuple]:
    """Each person on a page with the memberships of theirs the user may see, in one query."""
    rows = (
        permissions.memberships_visible_to(user)
        .filter(person__in=[p.pk for p in people])
        .select_related("organisation", "job_role")
        .order_by("organisation__name")
    )
    by_person: dict[int, list[Membership]] = {}
    for membership in rows:
        by_person.setdefault(membership.person_id, []).append(membership)
    return [(person, by_person.get(person.pk, [])) for person in people]


def own_memberships(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(person=user)
        .select_related("organisation", "job_role")
        .order_by("-start_date")
    )


def pending_invitations_of(user) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        membership__person=user, membership__accepted_at__isnull=True, sent_at__isnull=False
    ).select_related("membership__organisation", "membership__job_role")


def job_role_by_code_or_name(value: str) -> JobRole | None:
    value = (value or "").strip()
    if not value:
        return None
    if re.fullmatch(r"[0-9]{1,4}", value):
        return JobRole.objects.filter(ascwds_code=int(value)).first()
    return JobRole.objects.filter(name__iexact=value).first()


def membership_conflicts(*, organisation, email: str = "", ascwds_worker_id: str = "") -> dict[str, str]:
    """Why a new membership with this email or worker id cannot be added here, by field."""
    problems: dict[str, str] = {}
    email = normalise_email(email)
    if email:
        open_memberships = Membership.objects.filter(
            organisation=organisation, person__email=email, end_date__isnull=True
        )
        existing = open_memberships.only("accepted_at").first()
        if existing is not None:
            problems["email"] = (
                "This person has already been invited to this organisation."
                if existing.accepted_at is None
                else "This person is already a member of this organisation."
            )
    if ascwds_worker_id:
        taken = Membership.objects.filter(organisation=organisation, ascwds_worker_id=ascwds_worker_id)
        if taken.exists():
            problems["ascwds_worker_id"] = "Another member of this organisation already has this worker id."
    return problems
