"""Issuing a whole cohort's certificates in the background, with progress its starter can watch."""

from __future__ import annotations

import logging

from django.utils import timezone

from lms.models import EnrolmentStatus

from .models import CertificateRun
from .rendering import certificate_files_make
from .services import certificate_issue_for_programme

logger = logging.getLogger(__name__)

# Progress is written every few certificates: often enough for a moving bar, not a write per row.
PROGRESS_EVERY = 10


def run_execute(*, run_id: int) -> CertificateRun:
    run = CertificateRun.objects.select_related("cohort").get(pk=run_id)
    if run.finished:
        return run
    members = list(
        run.cohort.enrolments.filter(status=EnrolmentStatus.COMPLETED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    CertificateRun.objects.filter(pk=run.pk).update(total=len(members), done=0, issued=0)
    done = issued = 0
    try:
        for programme_enrolment_id in members:
            outcome = certificate_issue_for_programme(
                programme_enrolment_id=programme_enrolment_id, render=False
            )
            certificate_files_make(certificate_id=outcome.certificate.pk)
            done += 1
            issued += int(outcome.created)
            if done % PROGRESS_EVERY == 0:
                CertificateRun.objects.filter(pk=run.pk).update(done=done, issued=issued)
    except Exception as error:  # the starter must see that it stopped, not a bar stuck for ever
        logger.exception("Certificate run %s stopped", run.pk)
        CertificateRun.objects.filter(pk=run.pk).update(
            done=done, issued=issued, finished_at=timezone.now(), failure=str(error)[:500]
        )
        raise
    CertificateRun.objects.filter(pk=run.pk).update(done=done, issued=issued, finished_at=timezone.now())
    run.refresh_from_db()
    return run
