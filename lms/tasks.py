"""Celery entry points of the LMS. Each calls a service; reminders of live sessions are cms.events'."""

from celery import shared_task

from . import reminders


@shared_task
def send_training_reminders() -> dict[str, int]:
    """Training expiring within 30 days, expired, or past its due date: each reminder goes once."""
    return reminders.reminders_send()
