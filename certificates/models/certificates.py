"""A certificate: one achievement (a completed course or programme) of one learner, as issued."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lms.storage import private_storage

# A W3C bitstring status list holds at least 131,072 entries; each certificate has one place in one.
STATUS_LIST_SIZE = 131_072


def status_position(pk: int) -> tuple[int, int]:
    """The (list number, index) of a certificate's revocation bit, fixed by its id for ever."""
    return pk // STATUS_LIST_SIZE + 1, pk % STATUS_LIST_SIZE


class CertificateStatus(models.TextChoices):
    VALID = "valid", "Valid"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class CertificateQuerySet(models.QuerySet):
    def live(self):
        """Not revoked (it may have expired: that is a fact about the training, not the certificate)."""
        return self.filter(revoked_at__isnull=True)

    def valid_on(self, day: datetime.date):
        return self.live().filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))


class Certificate(models.Model):
    """Issued when a course or programme is completed; never edited afterwards, only revoked.

    The learner's name and the achievement's title are copied at issue: the certificate says what
    was true that day even if the person or the course is renamed later.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    serial = models.CharField(
        max_length=14,
        unique=True,
        editable=False,
        help_text="Short number to read out or type, like SCA-4F7K-9QXM.",
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates"
    )
    enrolment = models.ForeignKey(
        "lms.Enrolment", null=True, blank=True, on_delete=models.PROTECT, related_name="certificates"
    )
    programme_enrolment = models.ForeignKey(
        "lms.ProgrammeEnrolment", null=True, blank=True, on_delete=models.PROTECT, related_name="certificates"
    )
    course = models.ForeignKey(
        "lms.CoursePage", null=True, blank=True, on_delete=models.PROTECT, related_name="certificates"
    )
    programme = models.ForeignKey(
        "lms.ProgrammePage", null=True, blank=True, on_delete=models.PROTECT, related_name="certificates"
    )
    learner_name = models.CharField(max_length=300)
    achievement_name = models.CharField(max_length=255)
    achievement_summary = models.TextField(blank=True)
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True, help_text="When the training is due again, if ever.")
    issued_at = models.DateTimeField(default=timezone.now)
    earned_statement_id = models.UUIDField(null=True, blank=True, help_text="The xAPI 'earned' statement.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revocation_reason = models.TextField(blank=True, max_length=1000)
    pdf = models.FileField(storage=private_storage, upload_to="certificates/%Y/%m/", blank=True)
    # The signed Open Badges 3.0 credential, made once with the PDF; revocation is published in
    # the status list, so the credential itself never changes.
    credential = models.JSONField(null=True, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="certificate_for_one_achievement",
                condition=(
                    Q(enrolment__isnull=False, programme_enrolment__isnull=True, course__isnull=False)
                    | Q(enrolment__isnull=True, programme_enrolment__isnull=False, programme__isnull=False)
                ),
            ),
            # Completing twice never gives two live certificates for one achievement.
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_certificate_per_enrolment",
            ),
            models.UniqueConstraint(
                fields=["programme_enrolment"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_certificate_per_programme_enrolment",
            ),
            models.CheckConstraint(
                name="revoked_certificate_has_reason",
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
            ),
        ]
        indexes = [models.Index(fields=["learner", "issued_at"], name="certificate_learner_issued")]

    def __str__(self):
        return f"{self.serial}: {self.achievement_name} ({self.learner_name})"

    def status_on(self, day: datetime.date | None = None) -> CertificateStatus:
        if self.revoked_at is not None:
            return CertificateStatus.REVOKED
        day = day or timezone.localdate()
        if self.expires_on is not None and self.expires_on < day:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    @property
    def status(self) -> CertificateStatus:
        return self.status_on()

    @property
    def verify_url(self) -> str:
        return f"{settings.SITE_URL}/certificates/verify/{self.uuid}/"

    @property
    def achievement_iri(self) -> str:
        if self.course_id:
            return f"{settings.SITE_URL}/xapi/activities/courses/{self.course_id}"
        return f"{settings.SITE_URL}/xapi/activities/programmes/{self.programme_id}"
