"""The academy's home page."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


def validate_link(value: str) -> None:
    """A button may go to a page of this site (/...) or to a web address, and nowhere else."""
    if not (
        value.startswith(("https://", "http://")) or (value.startswith("/") and not value.startswith("//"))
    ):
        raise ValidationError(
            "Enter a path on this site starting with /, or a web address starting with https://"
        )


class HomePage(Page):
    """The academy's front page: what it offers and where to start, written by the editors."""

    introduction = models.TextField(
        max_length=400,
        help_text="One or two sentences under the title saying what the academy is for.",
    )
    body = RichTextField(
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text="The rest of the page: who the academy is for and how to get started.",
    )
    call_to_action_text = models.CharField(
        max_length=60,
        blank=True,
        help_text="Text of the main button, such as 'Sign in to start learning'. Leave blank for no button.",
    )
    call_to_action_url = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_link],
        help_text="Where the main button goes: a path on this site (like /accounts/login/) or an address.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("call_to_action_text"), FieldPanel("call_to_action_url")],
            heading="Main button",
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.StandardPage",
        "cms.ResourceIndexPage",
        "cms.PathwayIndexPage",
        "cms.NewsIndexPage",
        "events.EventIndexPage",
        "lms.CourseCatalogPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "home page"
