"""Career pathways: one page per role, and a map of how the roles lead to one another."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from academy.models import PathwayCategory

from ..blocks import RICH_TEXT_FEATURES, BodyBlock


class PathwayStage(models.IntegerChoices):
    """Where a role sits on the map, from first steps into care to leading a service."""

    STARTING = 1, "Starting out"
    DEVELOPING = 2, "Developing in care"
    SENIOR = 3, "Senior and specialist roles"
    LEADING = 4, "Leading and managing"
    REGISTERED = 5, "Registered professions"


class PayPeriod(models.TextChoices):
    HOUR = "hour", "an hour"
    YEAR = "year", "a year"


class PathwayIndexPage(Page):
    """The pathway map: every role grouped by stage, each showing the roles it leads to."""

    introduction = models.TextField(
        max_length=400, blank=True, help_text="One or two sentences on how careers in care can grow."
    )
    body = StreamField(BodyBlock(), blank=True, help_text="Shown under the map: advice on where to start.")

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.PathwayRolePage"]
    max_count = 1

    class Meta:
        verbose_name = "career pathway map"

    def get_context(self, request, *args, **kwargs):
        from ..selectors import pathway_map

        context = super().get_context(request, *args, **kwargs)
        context["stages"] = pathway_map(index_page=self)
        return context


class PathwayRolePage(Page):
    """One role in adult social care: what the job is like, what it pays, how to get there and go on."""

    category = models.CharField(
        max_length=40,
        choices=[
            c for c in PathwayCategory.choices if c[0] not in (PathwayCategory.NONE, PathwayCategory.UNKNOWN)
        ],
        blank=True,
        help_text="The care workforce pathway category this role belongs to. Leave blank for roles outside "
        "it, such as nursing associate, nurse or social worker.",
    )
    stage = models.PositiveSmallIntegerField(
        choices=PathwayStage.choices, help_text="Where the role sits on the pathway map."
    )
    summary = models.TextField(
        max_length=300, help_text="What the role is, in a sentence or two. Shown on the map."
    )
    day_in_the_life = StreamField(
        BodyBlock(),
        blank=True,
        help_text="What the job is like, best in the words of people who do it (use quote blocks).",
    )
    pay_from = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, help_text="Typical lowest pay, in pounds."
    )
    pay_to = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, help_text="Typical highest pay, in pounds."
    )
    pay_period = models.CharField(max_length=4, choices=PayPeriod.choices, default=PayPeriod.HOUR)
    pay_notes = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional, such as 'Locally, in 2026; more for nights and weekends'.",
    )
    entry_requirements = RichTextField(
        features=RICH_TEXT_FEATURES, help_text="What someone needs to start in this role."
    )
    qualifications = RichTextField(
        features=RICH_TEXT_FEATURES,
        help_text="Qualifications and apprenticeships that fit the role (Levels 2 to 5) and who pays.",
    )
    next_roles = ParentalManyToManyField(
        "cms.PathwayRolePage",
        blank=True,
        symmetrical=False,
        related_name="previous_roles",
        help_text="Roles people often move on to from this one.",
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("day_in_the_life"),
        index.SearchField("entry_requirements"),
        index.SearchField("qualifications"),
        index.AutocompleteField("summary"),
        index.FilterField("stage"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("stage")], heading="Place on the pathway"),
        FieldPanel("day_in_the_life"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pay_from"), FieldPanel("pay_to"), FieldPanel("pay_period")]),
                FieldPanel("pay_notes"),
            ],
            heading="Typical pay",
        ),
        FieldPanel("entry_requirements"),
        FieldPanel("qualifications"),
        FieldPanel("next_roles"),
    ]

    parent_page_types = ["cms.PathwayIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "career pathway role"
        ordering = ["stage", "path"]

    def clean(self):
        super().clean()
        if self.pay_from is not None and self.pay_to is not None and self.pay_from > self.pay_to:
            raise ValidationError({"pay_to": "The highest pay must be at least the lowest pay."})

    def get_context(self, request, *args, **kwargs):
        from .. import pathway_links

        context = super().get_context(request, *args, **kwargs)
        context["next_role_pages"] = self.next_roles.live().order_by("stage", "title")
        context["previous_role_pages"] = self.previous_roles.live().order_by("stage", "title")
        context["preparing_courses"] = pathway_links.courses_for(role_page=self, user=request.user)
        context["open_vacancies"] = pathway_links.vacancies_for(role_page=self)
        return context
