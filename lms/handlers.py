"""What the LMS does when other apps report learning: e-learning statements and event attendance.

Connected in LmsConfig.ready(); the LRS and the events app never import the LMS.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.db.models import Q

from .models import CourseUnit, Enrolment, UnitKind

log = logging.getLogger(__name__)

COMPLETING_VERBS = {"http://adlnet.gov/expapi/verbs/completed", "http://adlnet.gov/expapi/verbs/passed"}


def _own_unit_key(activity_id: str) -> uuid.UUID | None:
    """The unit key in one of the academy's own unit activity ids, if it is one."""
    prefix = f"{settings.SITE_URL}/xapi/activities/courses/"
    if not activity_id.startswith(prefix):
        return None
    parts = activity_id.removeprefix(prefix).split("/")
    if len(parts) != 3 or parts[1] != "units":
        return None
    try:
        return uuid.UUID(parts[2])
    except ValueError:
        return None


def statement_progress(event) -> None:
    """An e-learning statement that completes or passes a unit's activity meets that unit."""
    from .services.progress import unit_met

    if event.verb_id not in COMPLETING_VERBS:
        return
    result = event.statement.get("result") or {}
    if result.get("success") is False:
        return
    key = _own_unit_key(event.activity_id)
    match = Q(activity_iri=event.activity_id)
    if key is not None:
        match |= Q(key=key, activity_iri="")
    units = CourseUnit.objects.filter(match, kind=UnitKind.EXTERNAL)
    for unit in units:
        enrolment = Enrolment.objects.active().filter(learner=event.person, course_id=unit.page_id).first()
        if enrolment is not None:
            unit_met(enrolment=enrolment, unit=unit, how="statement", statement_id=event.statement["id"])


def attendance_progress(event) -> None:
    """Attending a session of a course's linked event meets its live-session unit (in full, if required)."""
    from .services.progress import unit_met

    if event.attendance == "no_show":
        return
    units = CourseUnit.objects.filter(kind=UnitKind.LIVE_SESSION, event_id=event.event_id)
    for unit in units:
        if unit.full_attendance_required and not event.attended_in_full:
            continue
        enrolment = Enrolment.objects.active().filter(learner=event.person, course_id=unit.page_id).first()
        if enrolment is not None:
            unit_met(enrolment=enrolment, unit=unit, how="attended", statement_id=event.statement_id or None)


def pathway_courses(*, role_page, user):
    """The courses and programmes that prepare for a career pathway role, with the learner's own progress."""
    from cms.pathway_links import PathwayCourse

    from .selectors import pathway_courses_for

    return [
        PathwayCourse(title=item.title, url=item.url, progress_percent=item.percent, status=item.status)
        for item in pathway_courses_for(category=role_page.category, user=user)
    ]
