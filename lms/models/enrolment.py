"""Who is learning what: enrolments on courses and programmes, cohorts, progress per unit, feedback."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


ACTIVE_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.IN_PROGRESS)


class EnrolmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def completed(self):
        return self.filter(status=EnrolmentStatus.COMPLETED)


class Cohort(models.Model):
    """A group who take a cohort-based programme together, from a start date to their graduation."""

    programme = models.ForeignKey("lms.ProgrammePage", on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=120, help_text="Such as 'Spring 2027'.")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    graduation_event = models.ForeignKey(
        "events.EventPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="graduating_cohorts",
    )

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="cohort_name_unique")]

    def __str__(self):
        return f"{self.programme.title}: {self.name}"


class ProgrammeEnrolment(models.Model):
    """A learner on a programme. Its courses' enrolments point back to it."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="programme_enrolments"
    )
    programme = models.ForeignKey("lms.ProgrammePage", on_delete=models.PROTECT, related_name="enrolments")
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "programme"],
                condition=Q(status__in=["enrolled", "in_progress"]),
                name="one_active_programme_enrolment",
            )
        ]

    def __str__(self):
        return f"{self.learner} on {self.programme}"


class Enrolment(models.Model):
    """A learner on a course, from enrolment to completion (and expiry, for training with a refresher).

    Completed enrolments are kept: training done again later is a new enrolment, so the history stays.
    """

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments")
    course = models.ForeignKey("lms.CoursePage", on_delete=models.PROTECT, related_name="enrolments")
    programme_enrolment = models.ForeignKey(
        ProgrammeEnrolment, null=True, blank=True, on_delete=models.SET_NULL, related_name="course_enrolments"
    )
    status = models.CharField(
        max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    # The xAPI registration: every statement about this attempt at the course carries it.
    registration = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True, help_text="When the training is due again, if ever.")
    due_on = models.DateField(null=True, blank=True, help_text="When the learner's manager wants it done by.")

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course"],
                condition=Q(status__in=["enrolled", "in_progress"]),
                name="one_active_enrolment_per_course",
            ),
            models.CheckConstraint(
                name="completed_enrolment_has_date",
                condition=~Q(status="completed") | Q(completed_at__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["learner", "status"], name="enrolment_learner_status"),
            models.Index(fields=["course", "status", "expires_on"], name="enrolment_course_expiry"),
        ]

    def __str__(self):
        return f"{self.learner} on {self.course}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class UnitStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class UnitProgress(models.Model):
    """How far a learner is with one unit of their enrolment, and how it was met.

    Keyed by the unit's stable key, so a learner's record survives an editor removing the unit.
    """

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="unit_progress")
    unit = models.ForeignKey(
        "lms.CourseUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit_key = models.UUIDField()
    status = models.CharField(max_length=20, choices=UnitStatus.choices, default=UnitStatus.NOT_STARTED)
    completed_at = models.DateTimeField(null=True, blank=True)
    how = models.CharField(
        max_length=40,
        blank=True,
        help_text="How it was met: viewed, passed, statement, attended, observed, evidence.",
    )
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    statement_id = models.UUIDField(null=True, blank=True, help_text="The xAPI statement that met it.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "unit_key"], name="one_progress_per_unit")
        ]

    def __str__(self):
        return f"{self.enrolment}: {self.unit_key} {self.status}"


class KnowledgeCheckAttempt(models.Model):
    """One try at a knowledge check: the answers given, marked on the server."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    unit_key = models.UUIDField()
    answers = models.JSONField(help_text="Question id to the list of answer numbers chosen.")
    correct = models.PositiveSmallIntegerField()
    questions = models.PositiveSmallIntegerField()
    score_percent = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at"]

    def __str__(self):
        return f"{self.enrolment}: {self.score_percent}%"


class FeedbackChange(models.TextChoices):
    YES = "yes", "Yes"
    NOT_SURE = "not_sure", "Not sure"
    NO = "no", "No"


class CourseFeedback(models.Model):
    """What a learner thought of a course they completed."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(help_text="1 (poor) to 5 (excellent).")
    will_change_practice = models.CharField(max_length=10, choices=FeedbackChange.choices)
    comment = models.TextField(blank=True, max_length=2000)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="feedback_rating_1_to_5", condition=Q(rating__gte=1) & Q(rating__lte=5)
            )
        ]

    def __str__(self):
        return f"{self.enrolment}: {self.rating}"
