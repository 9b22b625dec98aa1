"""Programme and cohort pages: a manager enrolling staff on a programme (into a cohort), and the academy
team's cohorts, with each member's progress. Each reads input, calls one service or selector, and renders."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from academy import permissions

from . import compliance
from .forms_cohorts import CohortForm, ProgrammeEnrolForm
from .models import Cohort, ProgrammePage
from .selectors_cohorts import cohort_members, cohort_programmes, programme_cohorts
from .services.cohorts import CohortError, cohort_create, programme_enrol_staff
from .views_team import stored_outcomes

_OUTCOMES_SESSION_KEY = "lms_programme_outcomes"
_ONLY_THE_ACADEMY = "Only the academy team (commissioners) keeps the cohorts."


def _posted(request):
    """The form data of a POST, even an empty one (which must fail validation, not show a blank form)."""
    return request.POST if request.method == "POST" else None


def _add_error(form, error: CohortError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


# --- A manager enrolling staff on a programme -----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def team_programme_enrol(request, pk):
    """Tick staff, choose a programme and (for one run in cohorts) a cohort, and enrol them."""
    organisation = permissions.get_organisation_for(request.user, pk, manage=True)
    memberships = compliance.team_memberships(organisation=organisation)
    staff = get_user_model().objects.filter(pk__in=memberships.values("person_id"))
    form = ProgrammeEnrolForm(_posted(request), staff=staff)
    if request.method == "POST" and form.is_valid():
        programme = form.cleaned_data["programme"]
        cohort = form.cleaned_data["cohort"]
        people = sorted(form.cleaned_data["people"], key=lambda p: (p.last_name, p.first_name, p.email))
        try:
            outcomes = programme_enrol_staff(
                programme=programme, cohort=cohort, learners=people, by=request.user
            )
        except CohortError as error:
            _add_error(form, error)
        else:
            key = secrets.token_urlsafe(12)
            heading = f"Enrolling staff on {programme.title}"
            if cohort is not None:
                heading += f" ({cohort.name})"
            request.session[_OUTCOMES_SESSION_KEY] = {
                "key": key,
                "organisation": organisation.pk,
                "heading": heading,
                "rows": [
                    {
                        "name": o.learner.display_name,
                        "public_id": str(o.learner.public_id),
                        "outcome": o.outcome,
                        "message": o.message,
                    }
                    for o in outcomes
                ],
            }
            return redirect("team_programme_enrol_done", pk=organisation.pk, key=key)
    selected = {str(value) for value in (form["people"].value() or [])} if form.is_bound else set()
    return render(
        request,
        "lms/cohorts/team_programme_enrol.html",
        {
            "organisation": organisation,
            "memberships": memberships,
            "form": form,
            "cohort_groups": form.cohort_groups(),
            "selected": selected,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def team_programme_enrol_done(request, pk, key):
    """What happened to each person the manager enrolled on the programme."""
    organisation = permissions.get_organisation_for(request.user, pk, manage=True)
    stored = stored_outcomes(request, session_key=_OUTCOMES_SESSION_KEY, key=key, organisation=organisation)
    if stored is None:
        return redirect("team_training", pk=organisation.pk)
    rows = stored["rows"]
    return render(
        request,
        "lms/cohorts/team_programme_enrol_done.html",
        {
            "organisation": organisation,
            "heading": stored["heading"],
            "rows": rows,
            "enrolled": sum(1 for row in rows if row["outcome"] == "enrolled"),
        },
    )


# --- The academy team's cohorts ----------------------------------------------------------------------


def _require_cohort_keeper(user) -> None:
    if not permissions.can_keep_cohorts(user):
        raise PermissionDenied(_ONLY_THE_ACADEMY)


@login_required
def cohort_list(request):
    """Every programme run in cohorts, with its cohorts."""
    _require_cohort_keeper(request.user)
    return render(request, "lms/cohorts/cohort_list.html", {"programmes": cohort_programmes()})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_add(request, programme_pk):
    """Add a cohort to a programme run in cohorts."""
    _require_cohort_keeper(request.user)
    programme = get_object_or_404(ProgrammePage.objects.filter(cohort_based=True), pk=programme_pk)
    form = CohortForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            cohort = cohort_create(programme=programme, by=request.user, **form.cleaned_data)
        except CohortError as error:
            _add_error(form, error)
        else:
            messages.success(request, f"{cohort.name} is now a cohort of {programme.title}.")
            return redirect("cohort_detail", cohort_pk=cohort.pk)
    return render(
        request,
        "lms/cohorts/cohort_add.html",
        {"programme": programme, "form": form, "cohorts": programme_cohorts(programme=programme)},
        status=400 if form.is_bound else 200,
    )


@login_required
def cohort_detail(request, cohort_pk):
    """A cohort: its dates, its graduation, and each member's progress through the programme."""
    _require_cohort_keeper(request.user)
    cohort = get_object_or_404(Cohort.objects.select_related("programme", "graduation_event"), pk=cohort_pk)
    return render(
        request,
        "lms/cohorts/cohort_detail.html",
        {"cohort": cohort, "members": cohort_members(cohort=cohort, viewer=request.user)},
    )
