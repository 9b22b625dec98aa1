"""Writes to training requirements: the commissioner's defaults and each provider's changes to them.

A provider's row is kept only where it differs from the default, so "back to the council's default"
is always the absence of a row.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from academy import permissions

from .models import CoursePage, TrainingRequirement


class RequirementError(Exception):
    """Why a requirement cannot be changed, in words to show the person who asked."""


def _key(*, course, job_role, pathway_category) -> dict:
    if bool(job_role) == bool(pathway_category):
        raise RequirementError("Choose either a job role or a pathway category.")
    return {"course": course, "job_role": job_role, "pathway_category": pathway_category or ""}


def requirement_default_add(
    *, course: CoursePage, job_role=None, pathway_category: str = "", by
) -> TrainingRequirement:
    """Require the course of everyone in the job role (or pathway category) at every provider."""
    if not permissions.can_set_default_requirements(by):
        raise RequirementError("Only the council's commissioners set the default requirements.")
    key = _key(course=course, job_role=job_role, pathway_category=pathway_category)
    with transaction.atomic():
        existing = TrainingRequirement.objects.filter(organisation__isnull=True, **key).first()
        if existing is not None:
            if existing.required:
                raise RequirementError("That requirement is already set.")
            existing.required = True
            existing.save(update_fields=["required"])
            return existing
        try:
            with transaction.atomic():
                return TrainingRequirement.objects.create(organisation=None, required=True, **key)
        except IntegrityError:
            raise RequirementError("That requirement is already set.") from None


def requirement_default_remove(*, requirement: TrainingRequirement, by) -> None:
    """Stop requiring a default. Providers' own rows for it stay: an addition is still their addition."""
    if not permissions.can_set_default_requirements(by):
        raise RequirementError("Only the council's commissioners set the default requirements.")
    if requirement.organisation_id is not None:
        raise RequirementError("That is a provider's own requirement, not a default.")
    with transaction.atomic():
        # A provider's "not needed here" means nothing once the default has gone.
        TrainingRequirement.objects.filter(
            organisation__isnull=False,
            required=False,
            course_id=requirement.course_id,
            job_role_id=requirement.job_role_id,
            pathway_category=requirement.pathway_category,
        ).delete()
        requirement.delete()


def provider_requirement_set(
    *, organisation, course: CoursePage, job_role=None, pathway_category: str = "", required: bool, by
) -> str:
    """Whether the provider's staff in the job role (or category) must hold the course. Returns what changed.

    Matching the default removes the provider's row; differing from it keeps one row saying so.
    """
    if not permissions.can_manage_organisation(by, organisation):
        raise RequirementError("You cannot change this organisation's requirements.")
    key = _key(course=course, job_role=job_role, pathway_category=pathway_category)
    with transaction.atomic():
        default = TrainingRequirement.objects.filter(organisation__isnull=True, required=True, **key).exists()
        own = TrainingRequirement.objects.select_for_update().filter(organisation=organisation, **key)
        if required == default:
            deleted, _ = own.delete()
            if not deleted:
                raise RequirementError(
                    "The council's default already requires that."
                    if required
                    else "That is not required here."
                )
            return "default"
        row = own.first()
        if row is not None:
            if row.required == required:
                raise RequirementError(
                    "That is already required here." if required else "That is already not needed here."
                )
            row.required = required
            row.save(update_fields=["required"])
        else:
            try:
                with transaction.atomic():
                    TrainingRequirement.objects.create(organisation=organisation, required=required, **key)
            except IntegrityError:
                raise RequirementError("Someone changed this at the same moment. Try again.") from None
    return "added" if required else "lifted"
