"""Recording staff's qualifications (by their managers), and reading a team's for the figure's links."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from academy import permissions
from academy.models import Membership, Organisation
from lms.models import Qualification, QualificationStatus

from .figures.scope import Scope
from .figures.staff import staff_on


class QualificationError(Exception):
    """Why a qualification cannot be recorded, in words for the form, against a field."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def qualification_add(
    *,
    by,
    person,
    title: str,
    level: int,
    status: str,
    achieved_on: datetime.date | None = None,
) -> Qualification:
    """Record a qualification a member of the manager's staff holds or is working towards."""
    if not permissions.people_managed_by(by).filter(pk=person.pk).exists():
        raise QualificationError("Choose someone from your staff", field="person")
    title = (title or "").strip()
    if not title:
        raise QualificationError("Enter the qualification's name, as on the certificate", field="title")
    if not 1 <= int(level) <= 8:
        raise QualificationError("Choose a level from 1 to 8", field="level")
    if status == QualificationStatus.ACHIEVED:
        if achieved_on is None:
            raise QualificationError("Enter the date it was awarded", field="achieved_on")
        if achieved_on > timezone.localdate():
            raise QualificationError(
                "The date it was awarded must be today or in the past", field="achieved_on"
            )
    elif status == QualificationStatus.WORKING_TOWARDS:
        achieved_on = None
    else:
        raise QualificationError("Choose whether it is achieved or being worked towards", field="status")
    return Qualification.objects.create(
        person=person,
        title=title[:200],
        level=int(level),
        status=status,
        achieved_on=achieved_on,
        recorded_by=by,
    )


def team_qualifications(*, organisation: Organisation) -> QuerySet[Membership]:
    """The organisation's staff in post today, each with their qualifications: two queries a page."""
    return (
        staff_on(Scope(organisations={organisation.pk}))
        .select_related("person", "job_role")
        .prefetch_related(
            Prefetch(
                "person__qualifications",
                queryset=Qualification.objects.order_by("-level", "title"),
                to_attr="qualifications_held",
            )
        )
        .order_by("person__last_name", "person__first_name", "pk")
    )
