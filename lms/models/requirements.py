"""Which training each role must hold, and the record of reminders already sent."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from academy.models import PathwayCategory


class TrainingRequirement(models.Model):
    """A course that people in a job role, or a pathway category, must hold and keep current.

    Rows without an organisation are the commissioner's defaults for every provider. A provider's own
    row for the same course and role overrides the default: `required=False` removes it for them.
    """

    course = models.ForeignKey("lms.CoursePage", on_delete=models.CASCADE, related_name="requirements")
    job_role = models.ForeignKey(
        "academy.JobRole",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="training_requirements",
    )
    pathway_category = models.CharField(max_length=40, blank=True, choices=PathwayCategory.choices)
    organisation = models.ForeignKey(
        "academy.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="training_requirements",
        help_text="Leave blank for the commissioner's default for every provider.",
    )
    required = models.BooleanField(default=True, help_text="Untick on a provider's row to lift a default.")

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="requirement_for_role_or_category",
                condition=(Q(job_role__isnull=False) & Q(pathway_category=""))
                | (Q(job_role__isnull=True) & ~Q(pathway_category="")),
            ),
            # One row per course and role for the defaults, and one per course, role and provider.
            models.UniqueConstraint(
                fields=["course", "job_role"],
                condition=Q(job_role__isnull=False, organisation__isnull=True),
                name="one_default_requirement_per_role",
            ),
            models.UniqueConstraint(
                fields=["course", "job_role", "organisation"],
                condition=Q(job_role__isnull=False, organisation__isnull=False),
                name="one_provider_requirement_per_role",
            ),
            models.UniqueConstraint(
                fields=["course", "pathway_category"],
                condition=~Q(pathway_category="") & Q(organisation__isnull=True),
                name="one_default_requirement_per_category",
            ),
            models.UniqueConstraint(
                fields=["course", "pathway_category", "organisation"],
                condition=~Q(pathway_category="") & Q(organisation__isnull=False),
                name="one_provider_requirement_per_category",
            ),
        ]

    def __str__(self):
        who = self.job_role or self.get_pathway_category_display()
        where = self.organisation or "every provider"
        return f"{self.course} for {who} ({where})"


class ReminderSent(models.Model):
    """A reminder that has gone out, so that it goes out once however many workers run the job."""

    kind = models.CharField(max_length=40)
    key = models.CharField(
        max_length=200, help_text="What it was about, such as the enrolment and the due date."
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="reminder_sent_once")]

    def __str__(self):
        return f"{self.kind} {self.key}"
