"""Celery entry points for events. Each loads by id and calls a service."""

from celery import shared_task

from . import notifications, services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_booking_email(booking_id: int, kind: str) -> bool:
    return notifications.booking_email_send(booking_id=booking_id, kind=kind)


@shared_task
def send_session_reminders() -> int:
    return services.reminders_send()
