"""A passport share link: an unguessable, expiring, revocable address showing a learner's verified record."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

# 24 random bytes: 192 bits, far beyond guessing, and 32 URL-safe characters to paste.
TOKEN_BYTES = 24
LABEL_MAX = 100


def new_share_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class PassportShareState(models.TextChoices):
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class PassportShareQuerySet(models.QuerySet):
    def open_at(self, moment: datetime.datetime):
        """Links that still open: not revoked and not past their expiry."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=moment)


class PassportShare(models.Model):
    """A link the learner gives to someone (an employer at interview) to see their training passport.

    The token is kept as it is, not hashed, so the learner can copy their link again while it lasts:
    it opens only what the public verification pages already show, by certificate number.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passport_shares"
    )
    token = models.CharField(max_length=64, unique=True, default=new_share_token, editable=False)
    label = models.CharField(
        max_length=LABEL_MAX,
        blank=True,
        help_text="For the learner only, to tell their links apart, like “For my interview at Oak House”.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_opened_at = models.DateTimeField(null=True, blank=True)
    times_opened = models.PositiveIntegerField(default=0)

    objects = PassportShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="passport_share_expires_after_created",
                condition=Q(expires_at__gt=models.F("created_at")),
            ),
        ]
        indexes = [models.Index(fields=["person", "created_at"], name="passport_share_person_created")]

    def __str__(self):
        return f"Passport link of {self.person} ({self.label or 'no label'})"

    def state_at(self, moment: datetime.datetime | None = None) -> PassportShareState:
        if self.revoked_at is not None:
            return PassportShareState.REVOKED
        if self.expires_at <= (moment or timezone.now()):
            return PassportShareState.EXPIRED
        return PassportShareState.ACTIVE

    @property
    def state(self) -> PassportShareState:
        return self.state_at()

    @property
    def is_active(self) -> bool:
        return self.state == PassportShareState.ACTIVE

    @property
    def url(self) -> str:
        return settings.SITE_URL + reverse("passport_shared", kwargs={"token": self.token})

    @property
    def json_url(self) -> str:
        return settings.SITE_URL + reverse("passport_shared_json", kwargs={"token": self.token})
