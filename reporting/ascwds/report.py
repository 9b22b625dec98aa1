"""The validation report as one viewer sees it: who each problem is about, and links where they can fix it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from academy import permissions
from academy.roles import PlatformRole
from lms.models import CoursePage

from .export import AscwdsExport, Problem, Severity, TargetKind

NAMES_SHOWN = 3


def may_export_any_organisation(user) -> bool:
    """Commissioners and superusers open any provider's export; managers their own provider's."""
    return user.is_authenticated and (
        user.is_superuser or permissions.has_platform_role(user, PlatformRole.COMMISSIONER)
    )


def exportable_organisation(user, pk):
    """The organisation whose ASC-WDS export the user may open; anyone else's is a 404."""
    return permissions.get_organisation_for(user, pk, manage=not may_export_any_organisation(user))


@dataclass(frozen=True)
class ProblemLine:
    problem: Problem
    who: str
    who_url: str
    training: str
    fix_url: str
    fix_label: str

    @property
    def ask_academy_team(self) -> bool:
        """Whether the viewer cannot make the fix themselves (a record's fix already says whom to ask)."""
        return not self.fix_url and self.problem.target.kind != TargetKind.PERSON


def _listed(items: list[str]) -> str:
    if len(items) <= NAMES_SHOWN:
        return ", ".join(items)
    return f"{', '.join(items[:NAMES_SHOWN])} and {len(items) - NAMES_SHOWN} more"


@dataclass(frozen=True)
class ValidationReport:
    errors: list[ProblemLine]  # what ASC-WDS would reject
    warnings: list[ProblemLine]  # what it takes but someone should look at


def validation_report(*, export: AscwdsExport, viewer) -> ValidationReport:
    lines = problem_lines(export=export, viewer=viewer)
    return ValidationReport(
        errors=[line for line in lines if line.problem.severity == Severity.ERROR],
        warnings=[line for line in lines if line.problem.severity == Severity.WARNING],
    )


def problem_lines(*, export: AscwdsExport, viewer) -> list[ProblemLine]:
    """Each problem of the export for this viewer. Workers are named only to those who may see them by
    name (others see worker ids); a fix is linked only where this viewer can make it. A fixed number of
    queries: one for the courses, one for the people the viewer manages."""
    named = permissions.sees_named_staff(viewer, export.organisation)
    course_ids = {p.target.pk for p in export.problems if p.target.kind == TargetKind.COURSE}
    editable = {
        page.pk
        for page in CoursePage.objects.filter(pk__in=course_ids)
        if page.permissions_for_user(viewer).can_edit()
    }
    person_ids = {w.person_id for p in export.problems for w in p.workers}
    managed = set(
        permissions.people_managed_by(viewer).filter(pk__in=person_ids).values_list("pk", flat=True)
    )
    change_organisation = viewer.is_staff and viewer.has_perm("academy.change_organisation")
    change_membership = viewer.is_staff and viewer.has_perm("academy.change_membership")

    lines = []
    for problem in export.problems:
        workers = problem.workers
        if named:
            who = _listed([w.name for w in workers])
        else:
            who = _listed([w.worker_id or "a worker without a worker id" for w in workers])
        if len(workers) > NAMES_SHOWN:
            who = f"{len(workers)} workers: {who}"
        single = workers[0] if len(workers) == 1 else None
        who_url = (
            reverse("person_training", args=[single.public_id])
            if named and single and single.person_id in managed
            else ""
        )
        target = problem.target
        fix_url = fix_label = ""
        if target.kind == TargetKind.ORGANISATION and change_organisation:
            fix_url = reverse("admin:academy_organisation_change", args=[target.pk])
            fix_label = f"Change the details of {export.organisation.name}"
        elif target.kind == TargetKind.MEMBERSHIP and change_membership:
            fix_url = reverse("admin:academy_membership_change", args=[target.pk])
            fix_label = "Change their membership"
        elif target.kind == TargetKind.COURSE and target.pk in editable:
            fix_url = reverse("wagtailadmin_pages:edit", args=[target.pk])
            fix_label = "Edit the course"
        elif target.kind == TargetKind.PERSON and named and single and single.person_id in managed:
            fix_url = reverse("person_training", args=[single.public_id])
            fix_label = "See their training record"
        lines.append(
            ProblemLine(
                problem=problem,
                who=who,
                who_url=who_url,
                training=_listed(problem.training),
                fix_url=fix_url,
                fix_label=fix_label,
            )
        )
    return lines
