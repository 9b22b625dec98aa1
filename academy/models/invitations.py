"""Invitations: how a manager asks a person to join their organisation."""

import datetime
import uuid

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone

INVITATION_VALID_FOR = datetime.timedelta(days=14)
_SIGNING_SALT = "academy.invitation"


class Invitation(models.Model):
    """An open offer of a membership, sent by email with a signed link.

    The link carries a signature of the invitation's id (no secret is stored); accepting it sets
    the membership's `accepted_at`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    membership = models.OneToOneField(
        "academy.Membership", on_delete=models.CASCADE, related_name="invitation"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.membership.person.email} to {self.membership.organisation}"

    @property
    def token(self) -> str:
        return signing.TimestampSigner(salt=_SIGNING_SALT).sign(str(self.id))

    @property
    def accept_path(self) -> str:
        return reverse("invitation_accept", kwargs={"token": self.token})

    @property
    def expires_at(self) -> datetime.datetime:
        return (self.sent_at or self.created_at or timezone.now()) + INVITATION_VALID_FOR

    @classmethod
    def id_from_token(cls, token: str) -> uuid.UUID | None:
        """The invitation id a token was signed for, or None when it is forged, mangled or expired."""
        try:
            value = signing.TimestampSigner(salt=_SIGNING_SALT).unsign(token, max_age=INVITATION_VALID_FOR)
            return uuid.UUID(value)
        except (signing.BadSignature, ValueError):
            return None
