"""Reporting's own tables: monthly snapshots of the figures (for trends) and the monthly PDF reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from lms.storage import private_storage


class Snapshot(models.Model):
    """The figures for one month, for one organisation or (without one) the whole area, at the month's end.

    `summary` holds the few counts trends are drawn from (staff, Care Certificate, mandatory training), so
    a year of trends reads twelve small rows. `figures` holds whole tables (`Table.as_dict()`) by figure key:
    every figure for the area, and for an organisation its rows of the area's by-provider figures.
    """

    month = models.DateField(help_text="The first day of the month it describes.")
    organisation = models.ForeignKey(
        "academy.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="snapshots",
        help_text="Blank for the whole area.",
    )
    summary = models.JSONField(default=dict)
    figures = models.JSONField(default=dict)
    taken_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["month"], condition=Q(organisation__isnull=True), name="one_area_snapshot_a_month"
            ),
            models.UniqueConstraint(
                fields=["organisation", "month"],
                condition=Q(organisation__isnull=False),
                name="one_snapshot_a_month_per_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.organisation or 'The whole area'}, {self.month:%B %Y}"


class ReportStatus(models.TextChoices):
    PENDING = "pending", "Being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be made"


class MonthlyReport(models.Model):
    """The monthly PDF report for one organisation or the whole area, kept in private storage for download."""

    month = models.DateField(help_text="The first day of the month it reports on.")
    organisation = models.ForeignKey(
        "academy.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="monthly_reports",
        help_text="Blank for the whole area.",
    )
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING)
    file = models.FileField(storage=private_storage, upload_to="reports/%Y/%m/", blank=True)
    error = models.TextField(blank=True, help_text="Why it could not be made, for the people who asked.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    generated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["month"], condition=Q(organisation__isnull=True), name="one_area_report_a_month"
            ),
            models.UniqueConstraint(
                fields=["organisation", "month"],
                condition=Q(organisation__isnull=False),
                name="one_report_a_month_per_organisation",
            ),
        ]

    def __str__(self):
        return f"Monthly report: {self.organisation or 'the whole area'}, {self.month:%B %Y}"

    @property
    def filename(self) -> str:
        who = f"organisation-{self.organisation_id}" if self.organisation_id else "area"
        return f"monthly-report-{who}-{self.month:%Y-%m}.pdf"


class KeptFigures(models.Model):
    """The whole area's slowest figures as last counted, so the council's dashboard opens at once.

    Counted every few minutes by Celery beat (`reporting.kept`); `scope` says exactly what they were counted
    for (every provider, today, the default period), and a dashboard only uses them for that scope.
    """

    scope = models.CharField(max_length=500, unique=True, help_text="The scope counted, as JSON.")
    tables = models.JSONField(default=dict, help_text="Each figure's table (`Table.as_dict()`) by key.")
    counted_at = models.DateTimeField()
    seconds = models.FloatField(default=0, help_text="How long the counting took.")

    class Meta:
        verbose_name_plural = "kept figures"

    def __str__(self):
        return f"Figures counted at {self.counted_at:%H:%M on %d %B %Y}"
