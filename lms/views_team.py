"""Managers' and commissioners' training pages: the team compliance matrix, acting on selected staff,
a person's training record, and the training requirements. Each reads input, calls one service or
selector, and renders."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from academy import permissions

from . import compliance, reminders, requirements
from .forms_team import (
    ENROL,
    RequirementChangeForm,
    RequirementForm,
    StaffActionForm,
    TeamMatrixFilter,
    refused_requirement_form,
)
from .services.enrolment import enrolments_create_for_staff

PAGE_SIZE = 50
_OUTCOMES_SESSION_KEY = "lms_team_outcomes"


def _posted(request):
    """The form data of a POST, even an empty one (which must fail validation, not show a blank form)."""
    return request.POST if request.method == "POST" else None


def _staff_people(memberships):
    return (
        get_user_model()
        .objects.filter(pk__in=memberships.values("person_id"))
        .order_by("last_name", "first_name", "email")
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_training(request, pk):
    """The matrix: people by requirement, filters, and enrolling or reminding the people ticked."""
    organisation = permissions.get_organisation_for(request.user, pk, manage=True)
    memberships = compliance.team_memberships(organisation=organisation)
    filters = TeamMatrixFilter(request.GET or None, queryset=memberships, organisation=organisation)
    form = StaffActionForm(_posted(request), staff=_staff_people(memberships))
    if request.method == "POST" and form.is_valid():
        people = list(form.cleaned_data["people"])
        if form.cleaned_data["action"] == ENROL:
            course = form.cleaned_data["course"]
            due_on = form.cleaned_data["due_on"]
            outcomes = enrolments_create_for_staff(
                course=course, learners=people, by=request.user, due_on=due_on
            )
            heading = f"Enrolling staff on {course.title}"
            rows = [(o.learner, o.created, o.message) for o in outcomes]
        else:
            outcomes = reminders.reminders_send_for_staff(
                organisation=organisation, people=people, by=request.user
            )
            heading = "Reminding staff of their training"
            rows = [(o.person, o.sent, o.message) for o in outcomes]
        key = secrets.token_urlsafe(12)
        request.session[_OUTCOMES_SESSION_KEY] = {
            "key": key,
            "organisation": organisation.pk,
            "heading": heading,
            "rows": [
                {
                    "name": person.display_name,
                    "public_id": str(person.public_id),
                    "done": done,
                    "message": text,
                }
                for person, done, text in rows
            ],
        }
        return redirect("team_training_done", pk=organisation.pk, key=key)
    matrix = compliance.team_matrix(memberships=filters.qs, statuses=filters.statuses)
    page = Paginator(matrix.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    selected = {str(value) for value in (form["people"].value() or [])} if form.is_bound else set()
    return render(
        request,
        "lms/team/matrix.html",
        {
            "organisation": organisation,
            "matrix": matrix,
            "page": page,
            "filters": filters,
            "form": form,
            "selected": selected,
            "filtering": any(request.GET.getlist(name) for name in filters.filters),
            "query": request.GET.urlencode(),
        },
        status=400 if form.is_bound else 200,
    )


def stored_outcomes(request, *, session_key: str, key: str, organisation) -> dict | None:
    """The outcomes an action on the matrix kept in the session for its confirmation page, or None
    (with a message saying so) when they are gone or belong to another action."""
    stored = request.session.get(session_key)
    if not stored or stored.get("key") != key or stored.get("organisation") != organisation.pk:
        messages.error(
            request, "Those results are no longer available. The matrix shows where everyone stands."
        )
        return None
    return stored


@login_required
def team_training_done(request, pk, key):
    """What happened to each person the manager acted on."""
    organisation = permissions.get_organisation_for(request.user, pk, manage=True)
    stored = stored_outcomes(request, session_key=_OUTCOMES_SESSION_KEY, key=key, organisation=organisation)
    if stored is None:
        return redirect("team_training", pk=organisation.pk)
    rows = stored["rows"]
    return render(
        request,
        "lms/team/done.html",
        {
            "organisation": organisation,
            "heading": stored["heading"],
            "rows": rows,
            "done": sum(1 for row in rows if row["done"]),
        },
    )


@login_required
def person_training(request, public_id):
    """A person's whole training record, for a manager of where they work."""
    person = permissions.get_managed_person_for(request.user, public_id)
    managed = permissions.memberships_managed_by(request.user, person=person)
    memberships = compliance.workforce_memberships().filter(pk__in=managed.values("pk"))
    record = compliance.person_record(person=person, memberships=memberships, viewer=request.user)
    return render(request, "lms/team/person.html", {"person": person, "record": record})


# --- Requirements ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def default_requirements(request):
    """The commissioner's defaults: what every provider's staff must hold, by job role or pathway category."""
    if not permissions.can_set_default_requirements(request.user):
        raise PermissionDenied("Only the council's commissioners set the default requirements.")
    form = RequirementForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            requirement = requirements.requirement_default_add(
                course=form.cleaned_data["course"],
                job_role=form.job_role,
                pathway_category=form.pathway_category,
                by=request.user,
            )
        except requirements.RequirementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{requirement.course.title} is now required of {compliance.who_label(requirement)} "
                "at every provider.",
            )
            return redirect("default_requirements")
    return render(
        request,
        "lms/team/default_requirements.html",
        {"form": form, "requirements": compliance.default_requirements().filter(required=True)},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def default_requirement_remove(request, requirement_id):
    if not permissions.can_set_default_requirements(request.user):
        raise PermissionDenied("Only the council's commissioners set the default requirements.")
    requirement = get_object_or_404(compliance.default_requirements(), pk=requirement_id)
    if request.method == "POST":
        try:
            requirements.requirement_default_remove(requirement=requirement, by=request.user)
        except requirements.RequirementError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"{requirement.course.title} is no longer required of {compliance.who_label(requirement)} "
                "by default.",
            )
        return redirect("default_requirements")
    return render(request, "lms/team/default_requirement_remove.html", {"requirement": requirement})


@login_required
@require_http_methods(["GET", "POST"])
def provider_requirements(request, pk):
    """A provider's requirements: the council's defaults, which they may lift, and their own additions."""
    organisation = permissions.get_organisation_for(request.user, pk, manage=True)
    form = RequirementForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        course = form.cleaned_data["course"]
        try:
            requirements.provider_requirement_set(
                organisation=organisation,
                course=course,
                job_role=form.job_role,
                pathway_category=form.pathway_category,
                required=True,
                by=request.user,
            )
        except requirements.RequirementError as error:
            form.add_error(None, str(error))
        else:
            who = compliance.who_text(form.job_role, form.pathway_category)
            messages.success(request, f"{course.title} is now required of {who} at {organisation.name}.")
            return redirect("provider_requirements", pk=organisation.pk)
    return render(
        request,
        "lms/team/provider_requirements.html",
        {
            "organisation": organisation,
            "form": form,
            "requirements": compliance.provider_requirements(organisation=organisation),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def provider_requirement_change(request, pk):
    """Lift a default for this provider, require it again, or remove the provider's own addition."""
    organisation = permissions.get_organisation_for(request.user, pk, manage=True)
    back = redirect("provider_requirements", pk=organisation.pk)
    change = RequirementChangeForm(request.POST)
    if not change.is_valid():
        return render(
            request,
            "lms/team/provider_requirements.html",
            {
                "organisation": organisation,
                "form": refused_requirement_form(change.refusal),
                "requirements": compliance.provider_requirements(organisation=organisation),
            },
            status=400,
        )
    course = change.cleaned_data["course"]
    required = change.cleaned_data["required"]
    job_role, category = change.job_role, change.pathway_category
    try:
        outcome = requirements.provider_requirement_set(
            organisation=organisation,
            course=course,
            job_role=job_role,
            pathway_category=category,
            required=required == "1",
            by=request.user,
        )
    except requirements.RequirementError as error:
        messages.error(request, str(error))
        return back
    label = compliance.who_text(job_role, category)
    if outcome == "lifted":
        text = f"{course.title} is no longer required of {label} at {organisation.name}."
    elif outcome == "added":
        text = f"{course.title} is now required of {label} at {organisation.name}."
    elif required == "1":
        text = f"{course.title} is required of {label} again, as the council's default says."
    else:
        text = f"{course.title} is no longer required of {label} at {organisation.name}."
    messages.success(request, text)
    return back
