"""Celery entry points for the academy core. Each loads by id and calls a service."""

from celery import shared_task

from . import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: str) -> bool:
    return services.invitation_send(invitation_id=invitation_id)


@shared_task
def send_unsent_invitations() -> int:
    return services.invitations_send_unsent()
