"""Assessment pages: the assessor's queue, signing off and withdrawing observations, prior learning sent
and decided, a learner's own observations and claims, and their private files served after a check.

Each view reads input, calls one service or selector, and renders. A learner the viewer may not assess
answers 404, as does a page for a role the viewer does not hold.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from academy import permissions

from . import files
from . import selectors_assessment as selectors
from .forms_assessment import Decision, DecisionForm, PriorLearningForm, SignOffForm, WithdrawForm
from .models import ObservationSignOff, PriorLearning
from .services.assessment import (
    AssessmentError,
    live_sign_off,
    observation_sign_off,
    observation_withdraw,
    prior_learning_accept,
    prior_learning_reject,
    prior_learning_submit,
)

PAGE_SIZE = 20


def _require_assessor(user) -> None:
    if not (user.is_superuser or permissions.organisations_assessed_by(user).exists()):
        raise Http404("No such page.")


def _bound(request) -> tuple:
    """A form's data and files: bound on every POST, even an empty one, so it is checked."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _page(request, queryset, param: str):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get(param))


# --- The assessor's pages ------------------------------------------------------------------


@login_required
def assessment_queue(request):
    _require_assessor(request.user)
    observations = _page(request, selectors.observations_waiting(assessor=request.user), "observations_page")
    claims = _page(request, selectors.claims_pending(assessor=request.user), "claims_page")
    return render(
        request,
        "lms/assessment/queue.html",
        {"observations": observations, "claims": claims},
    )


@login_required
def assessment_person(request, public_id):
    person = permissions.get_assessable_person_for(request.user, public_id)
    return render(
        request,
        "lms/assessment/person.html",
        {
            "person": person,
            "observations": selectors.observations_of(learner=person, viewer=request.user),
            "claims": list(selectors.claims_of(person=person)),
            "can_add_for": permissions.can_arrange_learning_for(request.user, person),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sign_off(request, registration, unit_key):
    found = selectors.observation_for_sign_off(
        assessor=request.user, registration=registration, unit_key=unit_key
    )
    if found is None:
        raise Http404("No such observation.")
    enrolment, unit = found
    existing = live_sign_off(enrolment=enrolment, unit_key=unit.key)
    form = SignOffForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            observation_sign_off(
                enrolment=enrolment,
                unit=unit,
                assessor=request.user,
                observed_on=form.cleaned_data["observed_on"],
                notes=form.cleaned_data["notes"],
                evidence=form.cleaned_data["evidence"],
            )
        except AssessmentError as error:
            form.add_service_error(error)
            existing = live_sign_off(enrolment=enrolment, unit_key=unit.key)
        else:
            messages.success(
                request,
                f"{unit.title} signed off for {enrolment.learner.display_name} ({enrolment.course.title}).",
            )
            return redirect("assessment_person", public_id=enrolment.learner.public_id)
    return render(
        request,
        "lms/assessment/sign_off.html",
        {"form": form, "enrolment": enrolment, "unit": unit, "existing": existing},
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    found = selectors.sign_off_for_assessor(assessor=request.user, pk=pk)
    if found is None:
        raise Http404("No such sign-off.")
    learner = found.enrolment.learner
    form = WithdrawForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            observation_withdraw(sign_off=found, by=request.user, reason=form.cleaned_data["reason"])
        except AssessmentError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                f"Sign-off withdrawn. {learner.display_name} sees your reason; the step is open again.",
            )
            return redirect("assessment_person", public_id=learner.public_id)
    return render(
        request, "lms/assessment/withdraw.html", {"form": form, "sign_off": found, "learner": learner}
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, pk):
    claim = selectors.get_claim_for_assessor(assessor=request.user, pk=pk)
    if claim is None:
        raise Http404("No such claim.")
    initial = {"course": claim.course_id} if claim.course_id else {}
    form = DecisionForm(*_bound(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == Decision.ACCEPT:
                prior_learning_accept(
                    claim=claim, by=request.user, course=data["course"], expires_on=data["expires_on"]
                )
                message = f"{claim.title} accepted as {data['course'].title} for {claim.person.display_name}."
            else:
                prior_learning_reject(claim=claim, by=request.user, reason=data["reason"])
                message = f"{claim.title} not accepted. {claim.person.display_name} sees your reason."
        except AssessmentError as error:
            form.add_service_error(error)
        else:
            messages.success(request, message)
            return redirect("assessment_queue")
    return render(request, "lms/assessment/decide.html", {"form": form, "claim": claim})


# --- Prior learning, sent by the learner or their manager ----------------------------------


def _submit_claim(request, *, person, template_context, done_url):
    # A course's page links here with ?course= so the claim starts as that course (the learner may change it).
    course = request.GET.get("course", "")
    # ASCII digits only, and few of them: "²".isdigit() is true but int() refuses it, as it does 5,000 digits.
    readable = course.isascii() and course.isdigit() and len(course) <= 18
    form = PriorLearningForm(*_bound(request), initial={"course": int(course)} if readable else {})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            prior_learning_submit(
                person=person,
                by=request.user,
                title=data["title"],
                provider_name=data["provider_name"],
                completed_on=data["completed_on"],
                certificate=data["certificate"],
                course=data["course"],
            )
        except AssessmentError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                f"{data['title'].strip()} was sent to an assessor. You will see their decision here.",
            )
            return redirect(done_url)
    return render(request, "lms/prior_learning/new.html", {"form": form, **template_context})


@login_required
@require_http_methods(["GET", "POST"])
def prior_learning_new(request):
    return _submit_claim(
        request,
        person=request.user,
        template_context={
            "person": request.user,
            "for_self": True,
            "back_url": reverse("prior_learning_list"),
        },
        done_url=reverse("prior_learning_list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def prior_learning_new_for(request, public_id):
    person = permissions.get_assessable_person_for(request.user, public_id)
    if not permissions.can_arrange_learning_for(request.user, person):
        raise Http404("No such person.")  # an assessor, not their manager: they decide, not send
    back = reverse("assessment_person", kwargs={"public_id": person.public_id})
    return _submit_claim(
        request,
        person=person,
        template_context={"person": person, "for_self": False, "back_url": back},
        done_url=back,
    )


@login_required
def prior_learning_list(request):
    return render(
        request,
        "lms/prior_learning/list.html",
        {"claims": _page(request, selectors.claims_of(person=request.user), "page")},
    )


@login_required
def my_observations(request):
    return render(
        request,
        "lms/assessment/my_observations.html",
        {"observations": selectors.observations_of(learner=request.user)},
    )


# --- Private files -------------------------------------------------------------------------


def _serve(request, field_file, *, may_open: bool, download_name: str):
    if not field_file or not may_open:
        raise Http404("No such file.")
    kind = files.kind_of_stored(field_file.name)
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except FileNotFoundError:
        raise Http404("No such file.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{download_name}.{kind.extension}",
        content_type=kind.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@never_cache
def evidence_file(request, pk):
    sign_off = (
        ObservationSignOff.objects.select_related("enrolment__learner", "assessor").filter(pk=pk).first()
    )
    if sign_off is None:
        raise Http404("No such file.")
    return _serve(
        request,
        sign_off.evidence,
        may_open=permissions.can_open_observation_evidence(request.user, sign_off),
        download_name=f"observation-{pk}",
    )


@login_required
@never_cache
def certificate_file(request, pk):
    claim = PriorLearning.objects.select_related("person").filter(pk=pk).first()
    if claim is None:
        raise Http404("No such file.")
    return _serve(
        request,
        claim.certificate,
        may_open=permissions.can_open_learning_evidence(request.user, claim.person),
        download_name=f"certificate-{pk}",
    )
