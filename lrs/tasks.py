"""Celery entry points for learning records."""

from celery import shared_task

from . import outbox


@shared_task
def forward_statements() -> dict:
    """Forward every due statement to the external LRS; the outbox keeps what is left for later."""
    report = outbox.forward_all()
    return {"delivered": report.delivered, "failed": report.failed, "retrying": report.retrying}
