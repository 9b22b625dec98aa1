"""Qualifications a person holds or is working towards, such as the Level 3 Diploma in Adult Care."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class QualificationStatus(models.TextChoices):
    ACHIEVED = "achieved", "Achieved"
    WORKING_TOWARDS = "working_towards", "Working towards"


class Qualification(models.Model):
    """A regulated qualification of a person's, at a level of the national framework (1 to 8).

    It belongs to the person, like their learning, so it goes with them when they change employer.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="qualifications"
    )
    title = models.CharField(
        max_length=200, help_text="As on the certificate, such as 'Level 3 Diploma in Adult Care'."
    )
    level = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text="Its level in the Regulated Qualifications Framework, 1 to 8.",
    )
    status = models.CharField(max_length=20, choices=QualificationStatus.choices)
    achieved_on = models.DateField(
        null=True, blank=True, help_text="When it was awarded. Blank while working towards it."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-level", "title"]
        constraints = [
            models.CheckConstraint(
                name="qualification_level_1_to_8", condition=Q(level__gte=1) & Q(level__lte=8)
            ),
            models.CheckConstraint(
                name="qualification_achieved_has_date",
                condition=(Q(status="achieved") & Q(achieved_on__isnull=False))
                | (Q(status="working_towards") & Q(achieved_on__isnull=True)),
            ),
        ]
        indexes = [models.Index(fields=["person", "status"], name="qualification_person_status")]

    def __str__(self):
        return f"{self.title} ({self.person})"
