"""A learner's pages: the catalogue, enrolling, each unit of a course, My learning, and feedback."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import selectors
from .filters import CourseFilter
from .forms import FeedbackForm
from .models import (
    CourseFeedback,
    CoursePage,
    CourseUnit,
    Enrolment,
    EnrolmentStatus,
    ProgrammePage,
    UnitKind,
)
from .services import enrolment as enrolment_service
from .services import progress
from .services.enrolment import EnrolmentError
from .services.progress import ProgressError

PAGE_SIZE = 20


def catalogue(request, page):
    """Every course, filtered by topic, delivery, mandatory and length, and searched; programmes first."""
    courses = selectors.catalogue_courses(index_page=page)
    course_filter = CourseFilter(request.GET or None, queryset=courses)
    filtered = course_filter.qs if course_filter.is_bound and course_filter.is_valid() else courses
    query = " ".join(request.GET.get("q", "").split())[:200]
    ordered = filtered.order_by("title")
    if query:
        results = ordered.search(query, order_by_relevance=False)
        listing_source = list(results)
    else:
        listing_source = ordered
    listing = Paginator(listing_source, PAGE_SIZE).get_page(request.GET.get("page"))
    context = page.get_context(request)
    context.update(
        {
            "filter": course_filter,
            "query": query,
            "courses": listing,
            "programmes": selectors.catalogue_programmes(index_page=page) if not request.GET else [],
            "filters_applied": bool(
                request.GET.get("q") or any(request.GET.getlist(n) for n in course_filter.filters)
            ),
        }
    )
    return TemplateResponse(request, page.get_template(request), context)


def _live_course(course_id) -> CoursePage:
    return get_object_or_404(CoursePage.objects.live(), pk=course_id)


@login_required
@require_POST
def course_enrol(request, course_id: int):
    course = _live_course(course_id)
    try:
        _, created = enrolment_service.enrolment_create(learner=request.user, course=course, by=request.user)
    except EnrolmentError as error:
        messages.error(request, str(error))
        return redirect(course.url)
    if created:
        messages.success(request, f"You are enrolled on {course.title}. Start with the first step below.")
    return redirect(course.url)


@login_required
@require_POST
def programme_enrol(request, programme_id: int):
    programme = get_object_or_404(ProgrammePage.objects.live(), pk=programme_id)
    try:
        _, created = enrolment_service.programme_enrol(
            learner=request.user, programme=programme, by=request.user
        )
    except EnrolmentError as error:
        messages.error(request, str(error))
        return redirect(programme.url)
    if created:
        messages.success(request, f"You are enrolled on {programme.title}. Its courses are in My learning.")
    return redirect(programme.url)


def _unit_and_enrolment(request, course_id: int, unit_key) -> tuple[CourseUnit, Enrolment]:
    course = _live_course(course_id)
    unit = get_object_or_404(CourseUnit, page=course, key=unit_key)
    enrolment = selectors.current_enrolment(learner=request.user, course=course)
    if enrolment is None:
        raise Http404("You are not enrolled on this course")
    return unit, enrolment


@login_required
def unit_detail(request, course_id: int, unit_key):
    unit, enrolment = _unit_and_enrolment(request, course_id, unit_key)
    return TemplateResponse(
        request, "lms/unit.html", selectors.unit_page_context(unit=unit, enrolment=enrolment)
    )


@login_required
@require_POST
def unit_done(request, course_id: int, unit_key):
    unit, enrolment = _unit_and_enrolment(request, course_id, unit_key)
    try:
        progress.content_viewed(enrolment=enrolment, unit=unit)
    except ProgressError as error:
        messages.error(request, str(error))
        return redirect("lms_unit", course_id=course_id, unit_key=unit.key)
    return _after_unit(request, enrolment, unit)


def _after_unit(request, enrolment: Enrolment, unit: CourseUnit):
    enrolment.refresh_from_db()
    if enrolment.status == EnrolmentStatus.COMPLETED:
        messages.success(request, f"You have completed {enrolment.course.title}. Well done!")
        return redirect("lms_feedback", enrolment_id=enrolment.pk)
    following = selectors.course_progress(course=enrolment.course, enrolment=enrolment).next_unit
    if following is None:
        return redirect(enrolment.course.url)
    return redirect("lms_unit", course_id=enrolment.course_id, unit_key=following.key)


@login_required
@require_POST
def knowledge_check(request, course_id: int, unit_key):
    unit, enrolment = _unit_and_enrolment(request, course_id, unit_key)
    if unit.kind != UnitKind.KNOWLEDGE_CHECK:
        raise Http404("Not a knowledge check")
    answers = {}
    for block in unit.questions:
        chosen = []
        for raw in request.POST.getlist(f"q-{block.id}"):
            try:
                chosen.append(int(raw))
            except ValueError:
                continue
        answers[block.id] = chosen
    try:
        attempt = progress.knowledge_check_submit(enrolment=enrolment, unit=unit, answers=answers)
    except ProgressError as error:
        context = selectors.unit_page_context(unit=unit, enrolment=enrolment)
        context.update({"error": str(error), "chosen": answers})
        return TemplateResponse(request, "lms/unit.html", context, status=400)
    context = selectors.unit_page_context(unit=unit, enrolment=enrolment)
    context.update({"attempt": attempt, "chosen": attempt.answers})
    enrolment.refresh_from_db()
    context["next_unit"] = selectors.course_progress(course=enrolment.course, enrolment=enrolment).next_unit
    context["course_completed"] = enrolment.status == EnrolmentStatus.COMPLETED
    return TemplateResponse(request, "lms/knowledge_check_result.html", context)


@login_required
@require_POST
def unit_launch(request, course_id: int, unit_key):
    unit, enrolment = _unit_and_enrolment(request, course_id, unit_key)
    try:
        address = progress.external_launch(enrolment=enrolment, unit=unit)
    except ProgressError as error:
        messages.error(request, str(error))
        return redirect("lms_unit", course_id=course_id, unit_key=unit.key)
    return HttpResponseRedirect(address)


@login_required
def my_learning(request):
    return TemplateResponse(
        request,
        "lms/my_learning.html",
        {"learning": selectors.my_learning(learner=request.user), "today": timezone.localdate()},
    )


@login_required
def feedback(request, enrolment_id: int):
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("course"), pk=enrolment_id, learner=request.user
    )
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise Http404("Feedback is for completed courses")
    if CourseFeedback.objects.filter(enrolment=enrolment).exists():
        messages.info(request, "You have already given feedback on this course. Thank you.")
        return redirect("lms_my_learning")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.enrolment = enrolment
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:  # sent twice at once: the first one counts
            messages.info(request, "You have already given feedback on this course. Thank you.")
            return redirect("lms_my_learning")
        messages.success(request, "Thank you for your feedback.")
        return redirect("lms_my_learning")
    return TemplateResponse(
        request,
        "lms/feedback.html",
        {"form": form, "enrolment": enrolment},
        status=400 if form.errors else 200,
    )
