"""Writes for people and organisations: inviting staff, accepting and cancelling invitations."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from . import permissions
from .models import Invitation, JobRole, Membership, Organisation
from .models.people import normalise_email

User = get_user_model()


class InvitationError(Exception):
    """An invitation could not be made or accepted; the message is fit to show the person."""


def _person_for_invitation(*, email: str, first_name: str, last_name: str):
    """The existing person with this email, or a new account with no password yet.

    An existing person's name is theirs to keep: a manager's typing never overwrites it.
    """
    email = normalise_email(email)
    person = User.objects.filter(email=email).first()
    if person is None:
        person = User(email=email, first_name=first_name.strip(), last_name=last_name.strip())
        person.set_unusable_password()
        person.save()
    return person


def invitation_create(
    *,
    organisation: Organisation,
    invited_by,
    email: str,
    first_name: str,
    last_name: str,
    job_role: JobRole,
    pathway_category: str,
    contract_type: str,
    start_date: datetime.date,
    ascwds_worker_id: str = "",
    is_manager: bool = False,
    is_assessor: bool = False,
) -> Invitation:
    """Invite one person to the organisation and email them a link once the transaction commits."""
    if not permissions.can_manage_organisation(invited_by, organisation):
        raise PermissionDenied("You cannot invite staff to this organisation.")
    try:
        with transaction.atomic():
            person = _person_for_invitation(email=email, first_name=first_name, last_name=last_name)
            membership = Membership.objects.create(
                person=person,
                organisation=organisation,
                is_worker=True,
                is_manager=is_manager,
                is_assessor=is_assessor,
                job_role=job_role,
                pathway_category=pathway_category,
                contract_type=contract_type,
                start_date=start_date,
                ascwds_worker_id=ascwds_worker_id,
            )
            invitation = Invitation.objects.create(membership=membership, invited_by=invited_by)
    except IntegrityError as exc:
        # Two managers inviting the same person at once: the database's constraints decide.
        raise InvitationError(
            f"{normalise_email(email)} is already a member of {organisation.name} or has been invited, "
            "or the worker id is already in use."
        ) from exc
    _send_after_commit(invitation)
    return invitation


def invitations_create_from_rows(
    *, organisation: Organisation, invited_by, rows: list[dict]
) -> list[Invitation]:
    """Invite everyone in `rows` (form data, as a checked CSV upload keeps it): all or nothing.

    The rows are checked again here, because people may have been invited since the upload.
    """
    from . import staff_csv

    with transaction.atomic():
        checked = staff_csv.check_rows(organisation=organisation, rows=rows)
        if not checked.is_valid:
            problems = "; ".join(
                f"row {row.line} ({column}): {message}"
                for row in checked.rows_with_errors
                for column, message in row.errors
            )
            raise InvitationError(f"Something changed since the upload: {problems or 'the file is empty'}.")
        return [
            invitation_create(organisation=organisation, invited_by=invited_by, **cleaned)
            for cleaned in checked.cleaned_rows
        ]


def _send_after_commit(invitation: Invitation) -> None:
    from .tasks import send_invitation_email

    invitation_id = str(invitation.pk)
    # robust: if the broker is down the invitation is saved all the same, and the periodic
    # `send_unsent_invitations` task sends it later. The manager never sees an error for it.
    transaction.on_commit(lambda: send_invitation_email.delay(invitation_id), robust=True)


UNSENT_GRACE = datetime.timedelta(minutes=5)


def invitations_send_unsent(*, older_than: datetime.timedelta = UNSENT_GRACE) -> int:
    """Queue again every open invitation whose email never went (a broker or mail outage)."""
    cutoff = timezone.now() - older_than
    unsent = Invitation.objects.filter(
        sent_at__isnull=True, created_at__lt=cutoff, membership__accepted_at__isnull=True
    ).values_list("pk", flat=True)
    from .tasks import send_invitation_email

    count = 0
    for invitation_id in unsent:
        send_invitation_email.delay(str(invitation_id))
        count += 1
    return count


def invitation_send(*, invitation_id) -> bool:
    """Email the invitation link. Returns False when there is nothing to send any more."""
    invitation = (
        Invitation.objects.select_related("membership__person", "membership__organisation", "invited_by")
        .filter(pk=invitation_id, membership__accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return False
    person = invitation.membership.person
    context = {
        "invitation": invitation,
        "person": person,
        "organisation": invitation.membership.organisation,
        "accept_url": settings.SITE_URL + invitation.accept_path,
        "has_password": person.has_usable_password(),
        "valid_days": 14,
    }
    send_mail(
        subject=f"Social Care Academy: {invitation.membership.organisation.name} has invited you",
        message=render_to_string("academy/email/invitation.txt", context),
        from_email=None,
        recipient_list=[person.email],
    )
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    return True


def invitation_resend(*, invitation: Invitation, by) -> None:
    if not permissions.can_manage_organisation(by, invitation.membership.organisation):
        raise PermissionDenied("You cannot manage this organisation's invitations.")
    if invitation.membership.accepted_at is not None:
        raise InvitationError("This invitation has already been accepted.")
    _send_after_commit(invitation)


def invitation_cancel(*, invitation: Invitation, by) -> None:
    """Withdraw an invitation nobody has accepted. A person's account, if it existed, is kept."""
    if not permissions.can_manage_organisation(by, invitation.membership.organisation):
        raise PermissionDenied("You cannot manage this organisation's invitations.")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=invitation.membership_id)
        if membership.accepted_at is not None:
            raise InvitationError("This invitation has already been accepted, so it cannot be withdrawn.")
        membership.delete()


def invitation_for_token(token: str) -> Invitation | None:
    invitation_id = Invitation.id_from_token(token)
    if invitation_id is None:
        return None
    return (
        Invitation.objects.select_related(
            "membership__person", "membership__organisation", "membership__job_role"
        )
        .filter(pk=invitation_id)
        .first()
    )


def invitation_accept(
    *, invitation: Invitation, person, first_name: str = "", last_name: str = "", password: str = ""
):
    """The invited person accepts: the membership starts to count.

    A person without a password yet sets one here; the link proved they own the email address.
    """
    if person.pk != invitation.membership.person_id:
        raise InvitationError("This invitation was sent to a different email address.")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=invitation.membership_id)
        if membership.accepted_at is not None:
            return membership
        if not person.has_usable_password():
            # A new account: following the emailed link proved the address is theirs.
            if not password:
                raise ValidationError("Choose a password to finish setting up your account.")
            person.first_name = first_name.strip() or person.first_name
            person.last_name = last_name.strip() or person.last_name
            person.set_password(password)
            person.save()
            EmailAddress.objects.filter(user=person).exclude(email=person.email).update(primary=False)
            EmailAddress.objects.update_or_create(
                user=person, email=person.email, defaults={"verified": True, "primary": True}
            )
        membership.accepted_at = timezone.now()
        membership.save(update_fields=["accepted_at"])
    return membership
