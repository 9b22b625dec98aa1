"""Courses and programmes, authored as Wagtail pages, and the data they are filed under."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BodyBlock

from ..blocks import QuestionsBlock
from ..widgets import PathwayCategoriesWidget, validate_pathway_categories


class TrainingCategory(models.Model):
    """A training category of the ASC-WDS bulk upload (CATEGORY), such as 15 Assisting and moving people."""

    code = models.PositiveSmallIntegerField("ASC-WDS code", unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "training categories"

    def __str__(self):
        return f"{self.name} ({self.code})"


class CourseTopic(models.Model):
    """What a course is about, for the catalogue's filter: mandatory training, leadership, dementia…"""

    name = models.CharField(
        max_length=80, unique=True, help_text="In sentence case, as learners would say it."
    )
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in the catalogue's web addresses.")
    sort_order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class DeliveryMode(models.TextChoices):
    E_LEARNING = "e_learning", "E-learning"
    LIVE_ONLINE = "live_online", "Live online"
    FACE_TO_FACE = "face_to_face", "Face to face"
    BLENDED = "blended", "Blended"


class Accredited(models.IntegerChoices):
    """As ASC-WDS records it."""

    YES = 1, "Yes"
    NO = 0, "No"
    UNKNOWN = 999, "Don't know"


class DeliveredBy(models.IntegerChoices):
    """As ASC-WDS records it (WHODELIVERED)."""

    IN_HOUSE = 1, "The academy or the employer (in-house)"
    EXTERNAL = 2, "An external training provider"


class CourseCatalogPage(Page):
    """The course catalogue: every course and programme, with filters and search."""

    introduction = models.TextField(
        max_length=400, blank=True, help_text="One or two sentences under the title."
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["lms.CoursePage", "lms.ProgrammePage"]
    max_count = 1

    class Meta:
        verbose_name = "course catalogue"

    def serve(self, request, *args, **kwargs):
        from ..views import catalogue

        return catalogue(request, self)


class CoursePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        page = self.instance
        if page.pk and page in (cleaned.get("prerequisites") or []):
            self.add_error("prerequisites", "A course cannot be its own prerequisite.")
        if page.pk and page in (cleaned.get("covers") or []):
            self.add_error("covers", "A course cannot cover itself.")
        return cleaned


class CoursePage(Page):
    """A course: what it is, who it is for, how it is delivered, and the ordered units a learner completes."""

    summary = models.TextField(
        max_length=400, help_text="What the course is and who it is for. Shown in lists."
    )
    learning_outcomes = RichTextField(
        features=["ul", "bold", "link"], help_text="A list of what learners will be able to do afterwards."
    )
    topic = models.ForeignKey(
        CourseTopic,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
        help_text="The catalogue filter it is listed under.",
    )
    training_category = models.ForeignKey(
        TrainingCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name="ASC-WDS training category",
        help_text="How the course is reported to ASC-WDS. Leave blank if none fits (reported as Other).",
    )
    pathway_categories = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_pathway_categories],
        help_text="The care workforce pathway categories it is for. Leave all clear for everyone.",
    )
    job_roles = ParentalManyToManyField(
        "academy.JobRole",
        blank=True,
        related_name="courses",
        help_text="Job roles the course is written for.",
    )
    delivery_mode = models.CharField(
        max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.E_LEARNING
    )
    duration_minutes = models.PositiveIntegerField(help_text="How long it usually takes, in minutes.")
    mandatory = models.BooleanField(
        default=False,
        help_text="Part of the mandatory training workers must keep current (for the catalogue).",
    )
    accredited = models.IntegerField(choices=Accredited.choices, default=Accredited.NO)
    delivered_by = models.IntegerField(choices=DeliveredBy.choices, default=DeliveredBy.IN_HOUSE)
    provider_name = models.CharField(
        max_length=120, blank=True, help_text="For courses from an external provider: who delivers it."
    )
    refresher_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="How many months the training stays current. Leave blank if it never expires.",
    )
    self_enrol = models.BooleanField(
        default=True, help_text="Learners may enrol themselves. Untick for courses people are enrolled on."
    )
    prerequisites = ParentalManyToManyField(
        "lms.CoursePage",
        blank=True,
        symmetrical=False,
        related_name="required_for",
        help_text="Courses a learner must have completed before enrolling.",
    )
    covers = ParentalManyToManyField(
        "lms.CoursePage",
        blank=True,
        symmetrical=False,
        related_name="covered_by",
        help_text="Courses this one also counts as (Oliver McGowan Tier 2 covers Tier 1).",
    )

    base_form_class = CoursePageForm
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("learning_outcomes"),
        index.AutocompleteField("summary"),
        index.FilterField("delivery_mode"),
        index.FilterField("mandatory"),
        index.FilterField("topic"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("learning_outcomes"),
        MultiFieldPanel(
            [
                FieldPanel("topic"),
                FieldPanel("pathway_categories", widget=PathwayCategoriesWidget),
                FieldPanel("job_roles", widget=forms.CheckboxSelectMultiple),
                FieldPanel("mandatory"),
            ],
            heading="Who it is for",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("delivery_mode"), FieldPanel("duration_minutes")]),
                FieldPanel("refresher_months"),
                FieldPanel("self_enrol"),
                FieldPanel("prerequisites"),
                FieldPanel("covers"),
            ],
            heading="How it runs",
        ),
        MultiFieldPanel(
            [
                FieldPanel("training_category"),
                FieldRowPanel([FieldPanel("accredited"), FieldPanel("delivered_by")]),
                FieldPanel("provider_name"),
            ],
            heading="Records and ASC-WDS",
        ),
        InlinePanel("units", heading="Units", label="unit", min_num=1),
    ]
    parent_page_types = ["lms.CourseCatalogPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "course"

    def clean(self):
        super().clean()
        if self.delivered_by == DeliveredBy.EXTERNAL and not self.provider_name:
            raise ValidationError({"provider_name": "Say which provider delivers it."})

    @property
    def activity_path(self) -> str:
        return f"courses/{self.pk}"

    def get_context(self, request, *args, **kwargs):
        from ..selectors import course_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(course=self, user=request.user))
        return context


class UnitKind(models.TextChoices):
    CONTENT = "content", "Content to read or watch"
    KNOWLEDGE_CHECK = "knowledge_check", "Knowledge check"
    EXTERNAL = "external", "External e-learning"
    LIVE_SESSION = "live_session", "Live session"
    OBSERVATION = "observation", "Workplace observation"


class CourseUnit(Orderable, ClusterableModel):
    """One step of a course. What completes it depends on its kind (see UnitKind)."""

    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="units")
    key = models.UUIDField(default=uuid.uuid4, editable=False, help_text="Stable id for learning records.")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=UnitKind.choices, default=UnitKind.CONTENT)
    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="The content, or what the learner needs to know about this step (for an observation: what "
        "the assessor looks for).",
    )
    questions = StreamField(QuestionsBlock(), blank=True, help_text="For a knowledge check: its questions.")
    pass_mark_percent = models.PositiveSmallIntegerField(
        default=80, help_text="For a knowledge check: the share of questions to get right, in per cent."
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        default=3, help_text="For a knowledge check: how many tries a learner has. 0 means no limit."
    )
    launch_url = models.URLField(
        blank=True, max_length=500, help_text="For external e-learning: where it starts."
    )
    activity_iri = models.CharField(
        max_length=500,
        blank=True,
        help_text="For external e-learning that reports by xAPI: the activity id it reports completion on. "
        "Leave blank if completion comes as an uploaded certificate.",
    )
    accepts_evidence = models.BooleanField(
        default=False,
        help_text="For external e-learning: learners may upload a certificate instead, for an assessor.",
    )
    event = models.ForeignKey(
        "events.EventPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_units",
        help_text="For a live session: the event whose sessions count.",
    )
    full_attendance_required = models.BooleanField(
        default=True,
        help_text="For a live session: only attending the whole session counts (as for Oliver McGowan).",
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("kind")]),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("questions"),
                FieldRowPanel([FieldPanel("pass_mark_percent"), FieldPanel("attempts_allowed")]),
            ],
            heading="Knowledge check",
            classname="collapsed",
        ),
        MultiFieldPanel(
            [FieldPanel("launch_url"), FieldPanel("activity_iri"), FieldPanel("accepts_evidence")],
            heading="External e-learning",
            classname="collapsed",
        ),
        MultiFieldPanel(
            [FieldPanel("event"), FieldPanel("full_attendance_required")],
            heading="Live session",
            classname="collapsed",
        ),
    ]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["key"], name="course_unit_key_unique")]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.kind == UnitKind.KNOWLEDGE_CHECK:
            if not self.questions or not len(self.questions):
                errors["questions"] = "A knowledge check needs at least one question."
            if not 1 <= self.pass_mark_percent <= 100:
                errors["pass_mark_percent"] = "Enter a pass mark from 1 to 100."
        if self.kind == UnitKind.EXTERNAL and not self.launch_url:
            errors["launch_url"] = "Enter where the e-learning starts."
        if self.kind == UnitKind.EXTERNAL and not (self.activity_iri or self.accepts_evidence):
            errors["activity_iri"] = "Enter the activity it reports on, or let learners upload a certificate."
        if self.kind == UnitKind.LIVE_SESSION and not self.event_id:
            errors["event"] = "Choose the event whose sessions count."
        if errors:
            raise ValidationError(errors)

    @property
    def activity_path(self) -> str:
        return f"courses/{self.page_id}/units/{self.key}"

    def reported_activity_iri(self) -> str:
        """The activity whose completion statements complete this unit."""
        return self.activity_iri or f"{settings.SITE_URL}/xapi/activities/{self.activity_path}"


class ProgrammeCompletion(models.TextChoices):
    ALL = "all", "Every course that applies to the learner's role"


class ProgrammePage(Page):
    """A programme: courses taken together (the Care Certificate, Oliver McGowan, the leadership programme).

    It is complete when the learner holds every course that applies to their care workforce pathway
    category; a course that covers another (Tier 2 covers Tier 1) counts for it.
    """

    summary = models.TextField(max_length=400, help_text="What the programme is and who it is for.")
    body = StreamField(BodyBlock(), blank=True, help_text="More about the programme.")
    cohort_based = models.BooleanField(
        default=False, help_text="Learners join in cohorts that start together (as the leadership programme)."
    )
    self_enrol = models.BooleanField(default=True, help_text="Learners may enrol themselves.")
    completion = models.CharField(
        max_length=10, choices=ProgrammeCompletion.choices, default=ProgrammeCompletion.ALL
    )

    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("programme_courses", heading="Courses", label="course", min_num=1),
        MultiFieldPanel([FieldPanel("cohort_based"), FieldPanel("self_enrol")], heading="How people join"),
    ]
    parent_page_types = ["lms.CourseCatalogPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "programme"

    @property
    def activity_path(self) -> str:
        return f"programmes/{self.pk}"

    def get_context(self, request, *args, **kwargs):
        from ..selectors import programme_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(programme_page_context(programme=self, user=request.user))
        return context


class ProgrammeCourse(Orderable):
    """A course in a programme, for everyone or only for some care workforce pathway categories."""

    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="programme_courses")
    course = models.ForeignKey(CoursePage, on_delete=models.PROTECT, related_name="in_programmes")
    pathway_categories = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_pathway_categories],
        help_text="Only for people in these pathway categories. Leave all clear for everyone.",
    )

    panels = [FieldPanel("course"), FieldPanel("pathway_categories", widget=PathwayCategoriesWidget)]

    def __str__(self):
        return str(self.course)

    def applies_to(self, category: str) -> bool:
        return not self.pathway_categories or category in self.pathway_categories
