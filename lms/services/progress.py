"""Progress: units met (by viewing, a knowledge check, a statement, attendance, an observation),
courses and programmes completed, expiry dates set, and every step recorded as an xAPI statement."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from lrs.recording import Result, Score, Verb, record_statement

from .. import completion
from ..activities import course_activity, programme_activity, unit_activity
from ..models import (
    CourseUnit,
    Enrolment,
    EnrolmentStatus,
    KnowledgeCheckAttempt,
    ProgrammeEnrolment,
    UnitKind,
    UnitProgress,
    UnitStatus,
)


class ProgressError(Exception):
    """Why a step cannot be recorded, in words to show the learner."""


def expiry_for(*, course, completed_on: datetime.date) -> datetime.date | None:
    if not course.refresher_months:
        return None
    return completed_on + relativedelta(months=course.refresher_months)


def _start(enrolment: Enrolment, at) -> None:
    if enrolment.status == EnrolmentStatus.ENROLLED:
        enrolment.status = EnrolmentStatus.IN_PROGRESS
        enrolment.started_at = at
        enrolment.save(update_fields=["status", "started_at"])


def unit_met(
    *,
    enrolment: Enrolment,
    unit: CourseUnit,
    how: str,
    at: datetime.datetime | None = None,
    score_percent: int | None = None,
    statement_id: str | None = None,
) -> UnitProgress:
    """Record that the learner has met a unit, then complete the course if every unit is met.

    With `statement_id` the statement came from outside (e-learning content) and is not recorded again.
    Meeting a unit twice changes nothing.
    """
    if unit.page_id != enrolment.course_id:
        raise ProgressError("That step belongs to another course.")
    if not enrolment.is_active:
        raise ProgressError("This training is not in progress.")
    at = at or timezone.now()
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        progress, _ = UnitProgress.objects.get_or_create(
            enrolment=enrolment, unit_key=unit.key, defaults={"unit": unit}
        )
        if progress.status == UnitStatus.COMPLETED:
            return progress
        _start(enrolment, at)
        if statement_id is None:
            statement_id = record_statement(
                person=enrolment.learner,
                verb=Verb.COMPLETED,
                activity=unit_activity(unit),
                parent=course_activity(enrolment.course),
                registration=enrolment.registration,
                result=Result(completion=True),
                timestamp=at,
            )
        progress.unit = unit
        progress.status = UnitStatus.COMPLETED
        progress.completed_at = at
        progress.how = how
        progress.score_percent = score_percent
        progress.statement_id = statement_id
        progress.save()
        enrolment_refresh(enrolment=enrolment, at=at)
    return progress


def unit_unmet(*, enrolment: Enrolment, unit_key, reason: str) -> None:
    """Undo a met unit (a withdrawn sign-off). A completed course goes back to in progress.

    The learning records follow: the unit's completion statement, and the course's if it was
    complete, are voided (they stay stored, marked voided), so reports no longer count them.
    """
    from lrs.recording import completion_statement_ids, void_statement

    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        met = UnitProgress.objects.filter(enrolment=enrolment, unit_key=unit_key).first()
        to_void = [str(met.statement_id)] if met is not None and met.statement_id else []
        if enrolment.status == EnrolmentStatus.COMPLETED:
            to_void += completion_statement_ids(
                registration=enrolment.registration, activity=course_activity(enrolment.course)
            )
        for statement_id in to_void:
            void_statement(statement_id=statement_id, person=enrolment.learner)
        UnitProgress.objects.filter(enrolment=enrolment, unit_key=unit_key).update(
            status=UnitStatus.IN_PROGRESS,
            completed_at=None,
            how=f"withdrawn: {reason}"[:40],
            statement_id=None,
        )
        if enrolment.status == EnrolmentStatus.COMPLETED:
            enrolment.status = EnrolmentStatus.IN_PROGRESS
            enrolment.completed_at = None
            enrolment.expires_on = None
            enrolment.save(update_fields=["status", "completed_at", "expires_on"])
            completion.dispatch(
                completion.Reopened(learner=enrolment.learner, reason=reason, enrolment_id=enrolment.pk)
            )
            if enrolment.programme_enrolment_id:
                programme = ProgrammeEnrolment.objects.get(pk=enrolment.programme_enrolment_id)
                if programme.status == EnrolmentStatus.COMPLETED:
                    programme.status = EnrolmentStatus.IN_PROGRESS
                    programme.completed_at = None
                    programme.save(update_fields=["status", "completed_at"])
                    completion.dispatch(
                        completion.Reopened(
                            learner=enrolment.learner, reason=reason, programme_enrolment_id=programme.pk
                        )
                    )


def enrolment_refresh(*, enrolment: Enrolment, at: datetime.datetime) -> bool:
    """Complete the enrolment if every unit of the course is met. Returns whether it is now complete."""
    if enrolment.status == EnrolmentStatus.COMPLETED:
        return True
    unit_keys = set(CourseUnit.objects.filter(page_id=enrolment.course_id).values_list("key", flat=True))
    met = set(
        UnitProgress.objects.filter(enrolment=enrolment, status=UnitStatus.COMPLETED).values_list(
            "unit_key", flat=True
        )
    )
    if not unit_keys or not unit_keys <= met:
        return False
    course = enrolment.course
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.completed_at = at
    enrolment.expires_on = expiry_for(course=course, completed_on=timezone.localdate(at))
    enrolment.save(update_fields=["status", "completed_at", "expires_on"])
    record_statement(
        person=enrolment.learner,
        verb=Verb.COMPLETED,
        activity=course_activity(course),
        registration=enrolment.registration,
        result=Result(completion=True, success=True),
        timestamp=at,
    )
    completion.dispatch(completion.Completed(learner=enrolment.learner, enrolment_id=enrolment.pk))
    if enrolment.programme_enrolment_id:
        programme_refresh(
            programme_enrolment=ProgrammeEnrolment.objects.get(pk=enrolment.programme_enrolment_id), at=at
        )
    else:
        # A course taken on its own still counts toward any programme the learner is on.
        for programme_enrolment in ProgrammeEnrolment.objects.active().filter(learner=enrolment.learner):
            programme_refresh(programme_enrolment=programme_enrolment, at=at)
    return True


def programme_refresh(*, programme_enrolment: ProgrammeEnrolment, at: datetime.datetime) -> bool:
    """Complete the programme enrolment once the learner holds every course of it that applies to them."""
    from ..selectors import programme_progress

    if programme_enrolment.status == EnrolmentStatus.COMPLETED:
        return True
    progress = programme_progress(
        programme=programme_enrolment.programme, learner=programme_enrolment.learner
    )
    if not progress.complete:
        if programme_enrolment.status == EnrolmentStatus.ENROLLED and progress.held:
            programme_enrolment.status = EnrolmentStatus.IN_PROGRESS
            programme_enrolment.save(update_fields=["status"])
        return False
    programme_enrolment.status = EnrolmentStatus.COMPLETED
    programme_enrolment.completed_at = at
    programme_enrolment.save(update_fields=["status", "completed_at"])
    record_statement(
        person=programme_enrolment.learner,
        verb=Verb.COMPLETED,
        activity=programme_activity(programme_enrolment.programme),
        result=Result(completion=True, success=True),
        timestamp=at,
    )
    completion.dispatch(
        completion.Completed(
            learner=programme_enrolment.learner, programme_enrolment_id=programme_enrolment.pk
        )
    )
    return True


def content_viewed(*, enrolment: Enrolment, unit: CourseUnit) -> UnitProgress:
    """A content unit is met when the learner has read it and pressed 'Mark as done'."""
    if unit.kind != UnitKind.CONTENT:
        raise ProgressError("This step is completed another way.")
    return unit_met(enrolment=enrolment, unit=unit, how="viewed")


def _questions(unit: CourseUnit) -> list[tuple[str, dict]]:
    return [(block.id, block.value) for block in unit.questions if block.block_type == "question"]


def knowledge_check_submit(*, enrolment: Enrolment, unit: CourseUnit, answers: dict[str, list[int]]):
    """Mark a knowledge check on the server. Returns the attempt; a pass meets the unit.

    `answers` maps each question's block id to the indexes of the answers the learner chose.
    """
    if unit.kind != UnitKind.KNOWLEDGE_CHECK or unit.page_id != enrolment.course_id:
        raise ProgressError("This step is not a knowledge check of your course.")
    if not enrolment.is_active:
        raise ProgressError("This training is not in progress.")
    questions = _questions(unit)
    unanswered = [qid for qid, _ in questions if not answers.get(qid)]
    if unanswered:
        raise ProgressError("Answer every question before you submit.")
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        tries = KnowledgeCheckAttempt.objects.filter(enrolment=enrolment, unit_key=unit.key)
        if tries.filter(passed=True).exists():
            raise ProgressError("You have already passed this knowledge check.")
        if unit.attempts_allowed and tries.count() >= unit.attempts_allowed:
            raise ProgressError("You have used every attempt. Ask your manager or the academy team to help.")
        correct = 0
        kept = {}
        for qid, value in questions:
            right = {i for i, answer in enumerate(value["answers"]) if answer["correct"]}
            chosen = {i for i in answers[qid] if 0 <= i < len(value["answers"])}
            kept[qid] = sorted(chosen)
            correct += chosen == right
        score = round(100 * correct / len(questions)) if questions else 0
        passed = score >= unit.pass_mark_percent
        attempt = KnowledgeCheckAttempt.objects.create(
            enrolment=enrolment,
            unit_key=unit.key,
            answers=kept,
            correct=correct,
            questions=len(questions),
            score_percent=score,
            passed=passed,
        )
        _start(enrolment, attempt.submitted_at)
        statement_id = record_statement(
            person=enrolment.learner,
            verb=Verb.PASSED if passed else Verb.FAILED,
            activity=unit_activity(unit),
            parent=course_activity(enrolment.course),
            registration=enrolment.registration,
            result=Result(
                success=passed,
                completion=passed,
                score=Score(scaled=score / 100, raw=correct, min=0, max=len(questions)),
            ),
        )
        if passed:
            unit_met(
                enrolment=enrolment, unit=unit, how="passed", score_percent=score, statement_id=statement_id
            )
    return attempt


def external_launch(*, enrolment: Enrolment, unit: CourseUnit) -> str:
    """Start external e-learning: a `launched` statement, and the address with a launch credential
    that may report only on this learner and this unit's activity."""
    from lrs.launch import launch_url

    if unit.kind != UnitKind.EXTERNAL or unit.page_id != enrolment.course_id:
        raise ProgressError("This step is not e-learning of your course.")
    if not enrolment.is_active:
        raise ProgressError("This training is not in progress.")
    activity_id = unit.reported_activity_iri()
    with transaction.atomic():
        _start(enrolment, timezone.now())
        record_statement(
            person=enrolment.learner,
            verb=Verb.LAUNCHED,
            activity=unit_activity(unit),
            parent=course_activity(enrolment.course),
            registration=enrolment.registration,
        )
        return launch_url(
            content_url=unit.launch_url,
            person=enrolment.learner,
            activity_id=activity_id,
            registration=enrolment.registration,
        )


def completion_revoke(
    *, enrolment_id: int | None = None, programme_enrolment_id: int | None = None, reason: str
) -> bool:
    """A completion the academy has revoked (its certificate was issued in error, say). It stops
    counting everywhere — requirements, reports, the ASC-WDS export — because the enrolment is no
    longer `completed`, and its completion statements are voided. The learner may take it again.

    Returns whether there was a completion to revoke. `reason` is kept in the certificate's audit entry.
    """
    from lrs.models import Statement
    from lrs.recording import actor_for_person, void_statement
    from lrs.xapi.validation import agent_key

    with transaction.atomic():
        if enrolment_id is not None:
            enrolment = Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment_id)
            activity, learner = course_activity(enrolment.course), enrolment.learner
        else:
            enrolment = (
                ProgrammeEnrolment.objects.select_for_update()
                .select_related("programme")
                .get(pk=programme_enrolment_id)
            )
            activity, learner = programme_activity(enrolment.programme), enrolment.learner
        if enrolment.status != EnrolmentStatus.COMPLETED:
            return False
        enrolment.status = EnrolmentStatus.WITHDRAWN
        enrolment.save(update_fields=["status"])
        statements = Statement.objects.filter(
            verb_id=str(Verb.COMPLETED),
            object_key=activity.iri,
            actor_key=agent_key(actor_for_person(learner)),
            voided=False,
        )
        if enrolment_id is not None:
            statements = statements.filter(registration=enrolment.registration)
        for statement_id in statements.values_list("statement_id", flat=True):
            void_statement(statement_id=str(statement_id), person=learner)
    return True
