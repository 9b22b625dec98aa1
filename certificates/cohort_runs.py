"""Issuing a whole cohort's certificates in the background, with progress its starter can watch.

The run is split into chunks so several Celery workers share a large cohort; each chunk adds what
it made to the run's counts in one UPDATE, and whichever chunk brings `done` to `total` ends it.
"""

from __future__ import annotations

import logging

from django.db.models import F
from django.utils import timezone

from lms.models import EnrolmentStatus

from .models import CertificateRun
from .rendering import certificate_files_make
from .services import certificate_issue_for_programme

logger = logging.getLogger(__name__)

CHUNK = 50
# Progress is written every few certificates: often enough for a moving bar, not a write per row.
PROGRESS_EVERY = 10


def run_plan(*, run_id: int) -> list[list[int]]:
    """Who the run covers (everyone in the cohort who has completed, now), in chunks."""
    run = CertificateRun.objects.select_related("cohort").get(pk=run_id)
    completed = run.cohort.enrolments.filter(status=EnrolmentStatus.COMPLETED).order_by("pk")
    members = list(completed.values_list("pk", flat=True))
    CertificateRun.objects.filter(pk=run.pk).update(total=len(members), done=0, issued=0)
    if not members:
        CertificateRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    return [members[start : start + CHUNK] for start in range(0, len(members), CHUNK)]


def _add(run_id: int, *, done: int, issued: int) -> None:
    CertificateRun.objects.filter(pk=run_id).update(done=F("done") + done, issued=F("issued") + issued)


def run_chunk(*, run_id: int, programme_enrolment_ids: list[int]) -> None:
    """Issue (or find) and make the files of one chunk's certificates; nobody gets a second one."""
    done = issued = 0
    try:
        for programme_enrolment_id in programme_enrolment_ids:
            outcome = certificate_issue_for_programme(
                programme_enrolment_id=programme_enrolment_id, render=False
            )
            certificate_files_make(certificate_id=outcome.certificate.pk)
            done += 1
            issued += int(outcome.created)
            if done % PROGRESS_EVERY == 0:
                _add(run_id, done=done, issued=issued)
                done = issued = 0
    except Exception as error:  # the starter must see that it stopped, not a bar stuck for ever
        logger.exception("Certificate run %s stopped", run_id)
        _add(run_id, done=done, issued=issued)
        CertificateRun.objects.filter(pk=run_id).update(finished_at=timezone.now(), failure=str(error)[:500])
        raise
    _add(run_id, done=done, issued=issued)
    CertificateRun.objects.filter(pk=run_id, done__gte=F("total"), finished_at__isnull=True).update(
        finished_at=timezone.now()
    )
