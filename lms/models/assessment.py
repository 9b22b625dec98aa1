"""Assessment outside the course player: workplace observations signed off, and prior learning claimed."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q

from ..storage import private_storage

EVIDENCE_EXTENSIONS = ["pdf", "png", "jpg", "jpeg"]


class ObservationSignOff(models.Model):
    """An assessor's sign-off of a workplace observation unit. Withdrawing it keeps the row, with a reason."""

    enrolment = models.ForeignKey(
        "lms.Enrolment", on_delete=models.CASCADE, related_name="observation_sign_offs"
    )
    unit_key = models.UUIDField()
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    observed_on = models.DateField()
    notes = models.TextField(max_length=4000)
    evidence = models.FileField(
        storage=private_storage,
        upload_to="observations/%Y/%m/",
        blank=True,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
    )
    signed_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "unit_key"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_live_sign_off_per_unit",
            ),
            models.CheckConstraint(
                name="withdrawn_sign_off_has_reason",
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawn_reason=""),
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} observed {self.observed_on}"


class PriorLearningStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Not accepted"


class PriorLearning(models.Model):
    """Training done elsewhere, claimed so it need not be repeated. Counts once an assessor accepts it."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="prior_learning"
    )
    course = models.ForeignKey(
        "lms.CoursePage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="prior_learning",
        help_text="The academy course it counts as, once accepted.",
    )
    title = models.CharField(max_length=200, help_text="The training's name, as on the certificate.")
    provider_name = models.CharField(max_length=200, help_text="Who delivered it.")
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True, help_text="When it is due again, once accepted.")
    certificate = models.FileField(
        storage=private_storage,
        upload_to="prior-learning/%Y/%m/",
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
    )
    # A credential this came from (a verified Open Badge, say), kept as evidence.
    source_credential = models.JSONField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=PriorLearningStatus.choices, default=PriorLearningStatus.PENDING
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(
        blank=True, max_length=2000, help_text="Why it was not accepted, for the learner."
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name_plural = "prior learning"
        constraints = [
            models.CheckConstraint(
                name="rejected_prior_learning_has_reason",
                condition=~Q(status="rejected") | ~Q(reason=""),
            ),
            models.CheckConstraint(
                name="accepted_prior_learning_has_course",
                condition=~Q(status="accepted") | Q(course__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["person", "status"], name="prior_learning_person_status")]

    def __str__(self):
        return f"{self.title} ({self.person})"
