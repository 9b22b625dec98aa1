"""The resource centre: an index people filter and search, and resource pages holding files and links."""

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from academy import permissions

from ..blocks import BodyBlock


class ResourceKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    LINK = "link", "Link"
    TOOLKIT = "toolkit", "Toolkit"
    TEMPLATE = "template", "Template"
    POLICY = "policy", "Policy"
    VIDEO = "video", "Video"


class ResourceIndexPage(Page):
    """The resource centre's front page: every resource, filtered by topic and audience, and searched."""

    introduction = models.TextField(
        max_length=400, blank=True, help_text="One or two sentences on what the resource centre holds."
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ResourcePage"]
    max_count = 1

    class Meta:
        verbose_name = "resource centre"

    def serve(self, request, *args, **kwargs):
        from ..views import resource_index

        return resource_index(request, self)


class ResourcePage(Page):
    """One resource: a toolkit, template, policy, video or guide, with the files and links it offers."""

    summary = models.TextField(
        max_length=300, help_text="What this resource helps with, in a sentence or two. Shown in lists."
    )
    kind = models.CharField(
        max_length=20,
        choices=ResourceKind.choices,
        default=ResourceKind.DOCUMENT,
        help_text="What sort of resource this is, so people can filter for it.",
    )
    topics = ParentalManyToManyField(
        "cms.ResourceTopic", related_name="resources", help_text="Every topic this resource helps with."
    )
    audiences = ParentalManyToManyField(
        "cms.Audience", related_name="resources", help_text="Who this resource is written for."
    )
    staff_only = models.BooleanField(
        default=False,
        verbose_name="only for signed-in staff",
        help_text="Only staff of local providers and the council, once signed in, can open this resource "
        "and its files. Everyone can still see its title and summary in lists.",
    )
    body = StreamField(
        BodyBlock(), blank=True, help_text="How to use the resource, and anything else to say."
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.AutocompleteField("summary"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields("items", [index.SearchField("title"), index.SearchField("description")]),
        index.FilterField("kind"),
        index.FilterField("staff_only"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
            ],
            heading="How people find it",
        ),
        InlinePanel("items", heading="Files and links", label="file or link", min_num=1),
        FieldPanel("body"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("staff_only")]

    parent_page_types = ["cms.ResourceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "resource"

    def serve(self, request, *args, **kwargs):
        if self.staff_only and not permissions.can_open_staff_resources(request.user):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return TemplateResponse(request, "cms/resource_page_staff_only.html", {"page": self}, status=403)
        return super().serve(request, *args, **kwargs)


class ResourceItem(Orderable):
    """A file or web address a resource offers. Downloads go through the academy so they are counted."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(
        max_length=120, help_text="What it is, such as 'Wellbeing action plan template'."
    )
    description = models.CharField(
        max_length=250, blank=True, help_text="Optional: one line on what is in it."
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A file to download…",
    )
    url = models.URLField(blank=True, help_text="…or a web address. Fill in one of the two.")
    download_count = models.PositiveIntegerField(default=0, editable=False)

    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("document"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        constraints = [
            models.CheckConstraint(
                name="resource_item_document_xor_url",
                condition=(models.Q(document__isnull=False) & models.Q(url=""))
                | (models.Q(document__isnull=True) & ~models.Q(url="")),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def kind_label(self) -> str:
        return "File" if self.document_id else "Web link"

    def clean(self):
        if bool(self.document_id) == bool(self.url):
            raise ValidationError({"url": "Choose a file or enter a web address: one of the two, not both."})
