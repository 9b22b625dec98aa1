"""What the ASC-WDS export reads: a provider's workers, their whole training history and Care Certificate."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from academy.models import Organisation
from lms.compliance import workforce_memberships
from lms.models import (
    Accredited,
    DeliveredBy,
    Enrolment,
    EnrolmentStatus,
    PriorLearning,
    PriorLearningStatus,
    UnitProgress,
)

from ..figures.care_certificate import care_certificate_statuses

# How a unit is recorded as met when an accepted claim meets it (lms.services.assessment).
_MET_BY_EVIDENCE = "evidence"


@dataclass(frozen=True)
class Worker:
    """One current worker of the provider, as their membership there records them."""

    membership_id: int
    person_id: int
    public_id: uuid.UUID
    name: str
    worker_id: str
    job_role_code: int
    pathway_category: str


class Source(StrEnum):
    ENROLMENT = "enrolment"
    PRIOR_LEARNING = "prior_learning"


@dataclass(frozen=True)
class TrainingRecord:
    """One piece of completed training the academy holds for a person, before any file layout.

    From an academy enrolment, the course says everything. From accepted prior learning, the course it
    was accepted as gives the category and validity; how it was delivered and whether it was accredited
    are not known, and it was delivered elsewhere.
    """

    source: Source
    source_id: int
    person_id: int
    course_id: int
    course_title: str
    training_name: str
    category_code: int | None
    accredited: int
    delivered_by: int
    provider_name: str
    delivery_mode: str | None
    refresher_months: int | None
    completed_on: datetime.date | None
    expires_on: datetime.date | None


def export_workers(*, organisation: Organisation) -> list[Worker]:
    """The provider's current workers (those whose training it must keep current), in worker-id order.

    One query. A person with two current memberships there counts once, by the one with a worker id.
    """
    rows = (
        workforce_memberships()
        .filter(organisation=organisation)
        .order_by("ascwds_worker_id", "person__last_name", "person__first_name", "person__email", "pk")
        .values_list(
            "pk",
            "person_id",
            "person__public_id",
            "person__first_name",
            "person__last_name",
            "person__email",
            "ascwds_worker_id",
            "job_role__ascwds_code",
            "pathway_category",
        )
    )
    workers: dict[int, Worker] = {}
    for pk, person_id, public_id, first, last, email, worker_id, job_code, category in rows:
        worker = Worker(
            membership_id=pk,
            person_id=person_id,
            public_id=public_id,
            name=f"{first} {last}".strip() or email,
            worker_id=(worker_id or "").strip(),
            job_role_code=job_code,
            pathway_category=category,
        )
        if person_id not in workers or (worker.worker_id and not workers[person_id].worker_id):
            workers[person_id] = worker
    return sorted(workers.values(), key=lambda w: (w.worker_id, w.name.lower(), w.membership_id))


def _day(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def training_history(*, person_ids: QuerySet | list[int]) -> tuple[list[TrainingRecord], int]:
    """Every completed enrolment and every accepted prior learning of these people, wherever they were
    working when they did it (their learning is theirs, so it moves with them). Two queries.

    Withdrawn and unfinished enrolments, and claims waiting or rejected, are not training held. Some
    training is held twice and sent once: a claim accepted while the person is on its course completes
    that enrolment with the claim's evidence and expiry, and the claim's record stands (it says when the
    training was really done, and by whom); and the same course completed on the same day twice is one
    record, an enrolment's before a claim's. Returns the records and how many were merged.
    """
    by_evidence = UnitProgress.objects.filter(enrolment=OuterRef("pk"), how=_MET_BY_EVIDENCE)
    enrolments = list(
        Enrolment.objects.filter(learner_id__in=person_ids, status=EnrolmentStatus.COMPLETED)
        .annotate(by_evidence=Exists(by_evidence))
        .order_by()
        .values_list(
            "pk",
            "learner_id",
            "course_id",
            "course__title",
            "course__training_category__code",
            "course__accredited",
            "course__delivered_by",
            "course__provider_name",
            "course__delivery_mode",
            "course__refresher_months",
            "completed_at",
            "expires_on",
            "by_evidence",
        )
    )
    records = [
        TrainingRecord(
            source=Source.ENROLMENT,
            source_id=pk,
            person_id=person_id,
            course_id=course_id,
            course_title=title,
            training_name=title,
            category_code=category,
            accredited=accredited,
            delivered_by=delivered_by,
            provider_name=provider_name,
            delivery_mode=mode,
            refresher_months=refresher,
            completed_on=_day(completed_at),
            expires_on=_day(expires_on),
        )
        for (
            pk,
            person_id,
            course_id,
            title,
            category,
            accredited,
            delivered_by,
            provider_name,
            mode,
            refresher,
            completed_at,
            expires_on,
            _,
        ) in enrolments
    ]
    met_by_claim = {pk for (pk, *_, by_evidence) in enrolments if by_evidence}
    claims = (
        PriorLearning.objects.filter(
            person_id__in=person_ids, status=PriorLearningStatus.ACCEPTED, course__isnull=False
        )
        .order_by()
        .values_list(
            "pk",
            "person_id",
            "course_id",
            "course__title",
            "course__training_category__code",
            "course__refresher_months",
            "title",
            "provider_name",
            "completed_on",
            "expires_on",
        )
    )
    records += [
        TrainingRecord(
            source=Source.PRIOR_LEARNING,
            source_id=pk,
            person_id=person_id,
            course_id=course_id,
            course_title=course_title,
            training_name=title,
            category_code=category,
            accredited=Accredited.UNKNOWN.value,
            delivered_by=DeliveredBy.EXTERNAL.value,
            provider_name=provider_name,
            delivery_mode=None,
            refresher_months=refresher,
            completed_on=_day(completed_on),
            expires_on=_day(expires_on),
        )
        for (
            pk,
            person_id,
            course_id,
            course_title,
            category,
            refresher,
            title,
            provider_name,
            completed_on,
            expires_on,
        ) in claims
    ]
    claimed = {(r.person_id, r.course_id, r.expires_on) for r in records if r.source == Source.PRIOR_LEARNING}
    before = len(records)
    records = [
        r
        for r in records
        if not (
            r.source == Source.ENROLMENT
            and r.source_id in met_by_claim
            and (r.person_id, r.course_id, r.expires_on) in claimed
        )
    ]
    # Enrolments first, then the longest-lasting: the first of each (person, course, day) is kept.
    records.sort(
        key=lambda r: (
            r.person_id,
            r.course_id,
            r.completed_on or datetime.date.min,
            r.source != Source.ENROLMENT,
            -(r.expires_on or datetime.date.max).toordinal(),
            r.source_id,
        )
    )
    kept: list[TrainingRecord] = []
    seen: set[tuple] = set()
    for record in records:
        key = (record.person_id, record.course_id, record.completed_on)
        if key in seen:
            continue
        seen.add(key)
        kept.append(record)
    return kept, before - len(kept)


def care_certificate_codes(*, memberships: QuerySet, on: datetime.date) -> dict[int, int]:
    """CARECERT for each membership, by id: 1 completed, 3 in progress or partly completed, 2 no.

    The status is the reporting figure's (reporting.figures.care_certificate), so the dashboards and
    the staff file never disagree: completed is the Care Certificate programme completed, or every one
    of its standards held (from academy courses or accepted prior learning); in progress is some
    standards held or the programme under way; anyone else, enrolled but not begun included, is 2.
    """
    statuses = care_certificate_statuses(memberships=memberships, on=on)
    return {membership_id: status.ascwds_code for membership_id, status in statuses.items()}
