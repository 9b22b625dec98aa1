"""Celery entry points of certificates. Each loads by id and calls a service."""

from __future__ import annotations

from celery import shared_task

from . import cohort_runs, rendering


@shared_task(acks_late=True)
def render_certificate(certificate_id: int) -> None:
    """A new certificate's PDF and signed credential."""
    rendering.certificate_files_make(certificate_id=certificate_id)


@shared_task(acks_late=True)
def issue_cohort_certificates(run_id: int) -> None:
    """A cohort's certificates at once: planned here, made in chunks that workers share."""
    for chunk in cohort_runs.run_plan(run_id=run_id):
        issue_certificate_chunk.delay(run_id, chunk)


@shared_task(acks_late=True, time_limit=15 * 60, soft_time_limit=14 * 60)
def issue_certificate_chunk(run_id: int, programme_enrolment_ids: list[int]) -> None:
    cohort_runs.run_chunk(run_id=run_id, programme_enrolment_ids=programme_enrolment_ids)
