"""Demonstration training requirements: the council's defaults, where the content loader has not set
them, a job-role requirement, and one provider's change to a default. Running it again adds nothing.

Courses come from `manage.py load_programmes`; any that is missing is skipped, not made here.
"""

from __future__ import annotations

from django.db import transaction

from academy.models import JobRole, Organisation, PathwayCategory

from .models import CoursePage, TrainingRequirement

_EVERYONE = [
    PathwayCategory.NEW_TO_CARE,
    PathwayCategory.CARE_OR_SUPPORT_WORKER,
    PathwayCategory.ENHANCED_CARE_WORKER,
    PathwayCategory.SUPERVISOR_OR_LEADER,
    PathwayCategory.PRACTICE_LEADER,
    PathwayCategory.DEPUTY_MANAGER,
    PathwayCategory.REGISTERED_MANAGER,
]
# The Skills for Care guide's training for all staff, by course slug.
DEFAULTS_FOR_EVERYONE = [
    "health-and-safety-awareness",
    "infection-prevention-and-control",
    "fire-safety",
    "moving-and-handling-objects",
    "safeguarding-adults",
    "safeguarding-children",
    "learning-disability-and-autism",
]
# (course slug, ASC-WDS MAINJOBROLE code): by role, as the guide lists them.
DEFAULTS_BY_JOB_ROLE = [
    ("medication-management", 7),  # senior care worker
    ("dementia-awareness", 8),  # care worker
]
# A home care provider whose staff never prepare meals lifts food hygiene for its care workers.
OVERRIDE = ("Home First Care", "food-hygiene", PathwayCategory.CARE_OR_SUPPORT_WORKER)


@transaction.atomic
def load_compliance_demo() -> dict[str, int]:
    courses = {
        c.slug: c
        for c in CoursePage.objects.filter(
            slug__in=[*DEFAULTS_FOR_EVERYONE, "food-hygiene", *(s for s, _ in DEFAULTS_BY_JOB_ROLE)]
        )
    }
    made = {"defaults": 0, "overrides": 0}
    for slug in DEFAULTS_FOR_EVERYONE:
        course = courses.get(slug)
        if (
            course is None
            or TrainingRequirement.objects.filter(course=course, organisation__isnull=True).exists()
        ):
            continue  # missing, or the content loader has set who needs it
        for category in _EVERYONE:
            _, created = TrainingRequirement.objects.get_or_create(
                course=course, pathway_category=category, organisation=None, job_role=None
            )
            made["defaults"] += created
    for slug, code in DEFAULTS_BY_JOB_ROLE:
        course = courses.get(slug)
        role = JobRole.objects.filter(ascwds_code=code).first()
        if course is None or role is None:
            continue
        _, created = TrainingRequirement.objects.get_or_create(
            course=course, job_role=role, organisation=None, defaults={"pathway_category": ""}
        )
        made["defaults"] += created
    name, slug, category = OVERRIDE
    organisation = Organisation.objects.filter(name=name).first()
    course = courses.get(slug)
    if organisation is not None and course is not None:
        # Lifting a default needs the default: the content loader sets it, but without it the demo does.
        _, created = TrainingRequirement.objects.get_or_create(
            course=course, pathway_category=category, organisation=None
        )
        made["defaults"] += created
        _, created = TrainingRequirement.objects.get_or_create(
            course=course, pathway_category=category, organisation=organisation, defaults={"required": False}
        )
        made["overrides"] += created
    return made
