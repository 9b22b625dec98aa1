"""Celery entry points of certificates. Each loads by id and calls a service."""

from __future__ import annotations

from celery import shared_task

from . import cohort_runs, rendering


@shared_task(acks_late=True)
def render_certificate(certificate_id: int) -> None:
    """A new certificate's PDF and signed credential."""
    rendering.certificate_files_make(certificate_id=certificate_id)


@shared_task(acks_late=True, time_limit=60 * 60, soft_time_limit=55 * 60)
def issue_cohort_certificates(run_id: int) -> None:
    """A cohort's certificates at once, counting progress for the person who started it."""
    cohort_runs.run_execute(run_id=run_id)
