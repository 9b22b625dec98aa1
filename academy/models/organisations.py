"""Organisations (providers and council services), job roles, and people's memberships of them."""

import datetime
import re

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

UK_POSTCODE = RegexValidator(
    r"^\s*[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\s*$",
    "Enter a full UK postcode, like SW1A 1AA.",
    flags=re.IGNORECASE,
)
CQC_LOCATION_ID = RegexValidator(
    r"^1-[0-9]{6,12}$",
    "Enter the CQC location id as it appears on the CQC register, like 1-123456789.",
)


class OrganisationType(models.TextChoices):
    RESIDENTIAL = "residential", "Residential care home"
    NURSING = "nursing", "Nursing home"
    HOME_CARE = "home_care", "Home care"
    SUPPORTED_LIVING = "supported_living", "Supported living"
    COUNCIL = "council", "Council service"
    OTHER = "other", "Other"


class PathwayCategory(models.TextChoices):
    """The care workforce pathway's role categories.

    `ascwds_code` gives the CWPCATEGORY value the ASC-WDS staff file uses. Personal assistants are
    employed by the people they support, so ASC-WDS has no code for them.
    """

    NEW_TO_CARE = "new_to_care", "New to care"
    CARE_OR_SUPPORT_WORKER = "care_or_support_worker", "Care or support worker"
    ENHANCED_CARE_WORKER = "enhanced_care_worker", "Enhanced care worker"
    SUPERVISOR_OR_LEADER = "supervisor_or_leader", "Supervisor or leader"
    PRACTICE_LEADER = "practice_leader", "Practice leader"
    PERSONAL_ASSISTANT = "personal_assistant", "Personal assistant"
    DEPUTY_MANAGER = "deputy_manager", "Deputy manager"
    REGISTERED_MANAGER = "registered_manager", "Registered manager"
    NONE = "none", "None of these"
    UNKNOWN = "unknown", "Not known"

    @property
    def ascwds_code(self) -> int:
        return _PATHWAY_ASCWDS_CODES[self]


_PATHWAY_ASCWDS_CODES = {
    PathwayCategory.NEW_TO_CARE: 1,
    PathwayCategory.CARE_OR_SUPPORT_WORKER: 2,
    PathwayCategory.ENHANCED_CARE_WORKER: 3,
    PathwayCategory.SUPERVISOR_OR_LEADER: 4,
    PathwayCategory.PRACTICE_LEADER: 5,
    PathwayCategory.DEPUTY_MANAGER: 6,
    PathwayCategory.REGISTERED_MANAGER: 7,
    PathwayCategory.PERSONAL_ASSISTANT: 998,
    PathwayCategory.NONE: 998,
    PathwayCategory.UNKNOWN: 999,
}


class ContractType(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    BANK = "bank", "Bank"
    ZERO_HOURS = "zero_hours", "Zero-hours"
    AGENCY = "agency", "Agency"


class Organisation(models.Model):
    """A care provider or council service whose staff train in the academy."""

    name = models.CharField(max_length=200, help_text="The name people know the service by.")
    type = models.CharField(max_length=32, choices=OrganisationType.choices)
    cqc_location_id = models.CharField(
        "CQC location id",
        max_length=20,
        blank=True,
        validators=[CQC_LOCATION_ID],
        help_text="From the CQC register. Leave blank for services the CQC does not register.",
    )
    ascwds_establishment_id = models.CharField(
        "ASC-WDS establishment id",
        max_length=50,
        blank=True,
        help_text="The workplace id (LOCALESTID) used in ASC-WDS bulk uploads.",
    )
    postcode = models.CharField(max_length=8, validators=[UK_POSTCODE])
    area = models.CharField(
        max_length=100, blank=True, help_text="The locality or district within the council."
    )
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cqc_location_id"],
                condition=~Q(cqc_location_id=""),
                name="academy_organisation_cqc_unique",
            ),
            models.UniqueConstraint(
                fields=["ascwds_establishment_id"],
                condition=~Q(ascwds_establishment_id=""),
                name="academy_organisation_ascwds_unique",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    def clean(self):
        self.postcode = (self.postcode or "").strip().upper()
        self.cqc_location_id = (self.cqc_location_id or "").strip()


class JobRole(models.Model):
    """A main job role from the ASC-WDS MAINJOBROLE list. Data, not code: editable in the admin."""

    name = models.CharField(max_length=100, unique=True)
    ascwds_code = models.PositiveSmallIntegerField("ASC-WDS code", unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None):
        """Memberships the person has accepted and that have not ended (future starters included)."""
        on = on or timezone.localdate()
        return self.filter(accepted_at__isnull=False).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))

    def pending(self):
        return self.filter(accepted_at__isnull=True)


class Membership(models.Model):
    """A person's place in an organisation: their roles, job, contract and dates.

    A membership counts (for permissions, reporting and exports) only once the person has accepted
    it, so a manager cannot see someone's records by typing their email into an invitation.
    """

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    is_worker = models.BooleanField(
        "worker", default=True, help_text="Trains and is counted in the workforce."
    )
    is_manager = models.BooleanField(
        "manager", default=False, help_text="Sees and books for this organisation's staff, invites staff."
    )
    is_assessor = models.BooleanField(
        "assessor",
        default=False,
        help_text="Signs off workplace observations for this organisation's learners.",
    )
    job_role = models.ForeignKey(JobRole, on_delete=models.PROTECT, related_name="memberships")
    pathway_category = models.CharField(
        "care workforce pathway category", max_length=32, choices=PathwayCategory.choices
    )
    contract_type = models.CharField(max_length=16, choices=ContractType.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Leave blank while the person works here.")
    ascwds_worker_id = models.CharField(
        "ASC-WDS worker id",
        max_length=50,
        blank=True,
        help_text="The UNIQUEWORKERID this organisation uses for the person in ASC-WDS.",
    )
    accepted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person accepted; blank while the invitation is open."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "person__last_name", "person__first_name"]
        indexes = [models.Index(fields=["organisation", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="academy_membership_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(is_worker=True) | Q(is_manager=True) | Q(is_assessor=True),
                name="academy_membership_has_a_role",
            ),
            models.UniqueConstraint(
                fields=["person", "organisation"],
                condition=Q(end_date__isnull=True),
                name="academy_membership_one_open_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["organisation", "ascwds_worker_id"],
                condition=~Q(ascwds_worker_id=""),
                name="academy_membership_worker_id_unique",
            ),
        ]

    def __str__(self):
        return f"{self.person} at {self.organisation}"

    @property
    def role_labels(self) -> list[str]:
        labels = []
        if self.is_worker:
            labels.append("Worker")
        if self.is_manager:
            labels.append("Manager")
        if self.is_assessor:
            labels.append("Assessor")
        return labels

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None
