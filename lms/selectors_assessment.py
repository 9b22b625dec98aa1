"""Reads for assessment: an assessor's queue, a learner's observations and prior-learning claims."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, QuerySet

from academy import permissions

from .models import (
    CoursePage,
    CourseUnit,
    Enrolment,
    EnrolmentStatus,
    ObservationSignOff,
    PriorLearning,
    PriorLearningStatus,
    UnitKind,
    UnitProgress,
    UnitStatus,
)


def observations_waiting(*, assessor) -> QuerySet[Enrolment]:
    """One row per observation unit not yet met, on the training in progress of the assessor's learners.

    Each row is the enrolment with the unit as `unit_pk`, `unit_key` and `unit_title`; oldest first.
    """
    met = UnitProgress.objects.filter(
        enrolment=OuterRef("pk"), unit_key=OuterRef("unit_key"), status=UnitStatus.COMPLETED
    )
    return (
        Enrolment.objects.active()
        .filter(learner__in=permissions.assessable_people(assessor), course__units__kind=UnitKind.OBSERVATION)
        .annotate(
            unit_pk=F("course__units__pk"),
            unit_key=F("course__units__key"),
            unit_title=F("course__units__title"),
        )
        .exclude(Exists(met))
        .select_related("learner", "course")
        .order_by("enrolled_at", "pk", "unit_pk")
    )


def claims_pending(*, assessor) -> QuerySet[PriorLearning]:
    """Prior-learning claims of the assessor's learners waiting for a decision, oldest first."""
    return (
        PriorLearning.objects.filter(
            person__in=permissions.assessable_people(assessor), status=PriorLearningStatus.PENDING
        )
        .select_related("person", "course", "submitted_by")
        .order_by("submitted_at", "pk")
    )


def claims_of(*, person) -> QuerySet[PriorLearning]:
    return (
        PriorLearning.objects.filter(person=person)
        .select_related("course", "decided_by", "submitted_by")
        .order_by("-submitted_at", "-pk")
    )


def get_claim_for_assessor(*, assessor, pk) -> PriorLearning | None:
    return claims_of_assessable(assessor=assessor).filter(pk=pk).first()


def claims_of_assessable(*, assessor) -> QuerySet[PriorLearning]:
    return PriorLearning.objects.filter(person__in=permissions.assessable_people(assessor)).select_related(
        "person", "course", "submitted_by", "decided_by"
    )


def courses_to_count_as() -> QuerySet[CoursePage]:
    """The courses a claim may be accepted as: every live course, by title."""
    return CoursePage.objects.live().order_by("title")


@dataclass
class ObservationRow:
    enrolment: Enrolment
    unit: CourseUnit
    met: bool
    sign_off: ObservationSignOff | None
    withdrawn: list[ObservationSignOff] = field(default_factory=list)

    @property
    def latest_withdrawal(self) -> ObservationSignOff | None:
        return self.withdrawn[0] if self.withdrawn else None


def names_for(*, viewer, people) -> dict[int, str]:
    """Each person's name as the viewer is shown it: their own, or "someone at another provider" for a
    person of a provider the viewer has no part in. One query."""
    people = {person.pk: person for person in people if person is not None}
    named = set(permissions.people_named_to(viewer).filter(pk__in=people).values_list("pk", flat=True))
    return {
        pk: person.display_name if pk in named else permissions.ANOTHER_PROVIDER
        for pk, person in people.items()
    }


def observations_of(*, learner, viewer=None) -> list[ObservationRow]:
    """Each workplace observation of the learner's training (in progress or completed), with its sign-off
    and any withdrawn ones (newest first, with their reasons). Four queries, however many there are.

    With a viewer, each sign-off carries `assessor_name` and `withdrawn_by_name` as that viewer is shown
    them (one query more); without one (the learner's own page) they are the people's names."""
    enrolments = list(
        Enrolment.objects.filter(learner=learner, course__units__kind=UnitKind.OBSERVATION)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("course")
        .distinct()
        .order_by("-enrolled_at", "-pk")
    )
    if not enrolments:
        return []
    units: dict[int, list[CourseUnit]] = {}
    for unit in CourseUnit.objects.filter(
        page_id__in={e.course_id for e in enrolments}, kind=UnitKind.OBSERVATION
    ).order_by("sort_order", "pk"):
        units.setdefault(unit.page_id, []).append(unit)
    met = set(
        UnitProgress.objects.filter(enrolment__in=enrolments, status=UnitStatus.COMPLETED).values_list(
            "enrolment_id", "unit_key"
        )
    )
    live: dict[tuple, ObservationSignOff] = {}
    withdrawn: dict[tuple, list[ObservationSignOff]] = {}
    for sign_off in (
        ObservationSignOff.objects.filter(enrolment__in=enrolments)
        .select_related("assessor", "withdrawn_by")
        .order_by("-signed_at", "-pk")
    ):
        key = (sign_off.enrolment_id, sign_off.unit_key)
        if sign_off.withdrawn_at is None:
            live[key] = sign_off
        else:
            withdrawn.setdefault(key, []).append(sign_off)
    _name_sign_offs([*live.values(), *(old for olds in withdrawn.values() for old in olds)], viewer=viewer)
    rows = []
    for enrolment in enrolments:
        for unit in units.get(enrolment.course_id, []):
            key = (enrolment.pk, unit.key)
            rows.append(
                ObservationRow(
                    enrolment=enrolment,
                    unit=unit,
                    met=key in met,
                    sign_off=live.get(key),
                    withdrawn=withdrawn.get(key, []),
                )
            )
    return rows


def _name_sign_offs(sign_offs: list[ObservationSignOff], *, viewer) -> None:
    people = [s.assessor for s in sign_offs] + [s.withdrawn_by for s in sign_offs]
    if viewer is None:
        names = {person.pk: person.display_name for person in people if person is not None}
    else:
        names = names_for(viewer=viewer, people=people)
    for sign_off in sign_offs:
        sign_off.assessor_name = names.get(sign_off.assessor_id, "")
        sign_off.withdrawn_by_name = names.get(sign_off.withdrawn_by_id, "")


def observation_for_sign_off(*, assessor, registration, unit_key) -> tuple[Enrolment, CourseUnit] | None:
    """The enrolment and observation unit an assessor opened, if the learner is theirs to assess."""
    enrolment = (
        Enrolment.objects.filter(
            registration=registration, learner__in=permissions.assessable_people(assessor)
        )
        .select_related("learner", "course")
        .first()
    )
    if enrolment is None:
        return None
    unit = CourseUnit.objects.filter(
        page_id=enrolment.course_id, key=unit_key, kind=UnitKind.OBSERVATION
    ).first()
    if unit is None:
        return None
    return enrolment, unit


def sign_off_for_assessor(*, assessor, pk) -> ObservationSignOff | None:
    """The sign-off, if the assessor may assess its learner and withdraw it (it was signed off at their
    provider, or by them); None otherwise."""
    sign_off = (
        ObservationSignOff.objects.filter(
            pk=pk, enrolment__learner__in=permissions.assessable_people(assessor)
        )
        .select_related("enrolment__learner", "enrolment__course", "assessor")
        .first()
    )
    if sign_off is None or not permissions.can_withdraw_sign_off(assessor, sign_off):
        return None
    return sign_off
